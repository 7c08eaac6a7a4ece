// After `gulp package-solution --ship`: open the .sppkg (a zip) and check what SharePoint will read —
// the web part manifest, the Graph permission requests, and the Teams icons (so "Sync to Teams" works).
import { readFileSync, existsSync } from 'node:fs';
import JSZip from 'jszip';

const COMPONENT_ID = JSON.parse(readFileSync('src/webparts/impressions/ImpressionsWebPart.manifest.json', 'utf8')).id;
const solution = JSON.parse(readFileSync('config/package-solution.json', 'utf8'));
const sppkgPath = `sharepoint/${solution.paths.zippedPackage}`;
const problems = [];
const ok = (cond, what) => { if (!cond) problems.push(what); else console.log(`  ok  ${what}`); };

if (!existsSync(sppkgPath)) {
  console.error(`No package at ${sppkgPath}: run gulp package-solution --ship first.`);
  process.exit(1);
}
const zip = await JSZip.loadAsync(readFileSync(sppkgPath));
const names = Object.keys(zip.files);
console.log(`Checking ${sppkgPath} (${names.length} entries)`);

const wpXml = names.find((n) => n.endsWith(`/WebPart_${COMPONENT_ID}.xml`));
ok(wpXml, `web part manifest WebPart_${COMPONENT_ID}.xml is inside`);
if (wpXml) {
  const xml = await zip.file(wpXml).async('string');
  for (const host of ['SharePointWebPart', 'SharePointFullPage', 'TeamsTab', 'TeamsPersonalApp']) ok(xml.includes(host), `web part supports host ${host}`);
  ok(xml.includes('M365 Impressions'), 'web part title is "M365 Impressions"');
}

const app = await zip.file('AppManifest.xml').async('string');
for (const { resource, scope } of solution.solution.webApiPermissionRequests) {
  ok(app.includes(`ResourceId="${resource}" Scope="${scope}"`), `permission request ${resource} / ${scope}`);
}
const requested = [...app.matchAll(/Scope="([^"]+)"/g)].map((m) => m[1]);
ok(requested.length === solution.solution.webApiPermissionRequests.length, `exactly ${requested.length} permission requests (no extras)`);

for (const kind of ['color', 'outline']) {
  const entry = names.find((n) => n.endsWith(`${COMPONENT_ID}_${kind}.png`));
  ok(entry, `Teams ${kind} icon is inside`);
  if (entry) {
    const inPkg = Buffer.from(await zip.file(entry).async('uint8array'));
    const ours = readFileSync(`teamsapp/${kind}.png`);
    ok(inPkg.equals(ours), `Teams ${kind} icon is teamsapp/${kind}.png (not SPFx's default)`);
  }
}

const js = names.filter((n) => /^ClientSideAssets\/.*\.js$/.test(n));
ok(js.some((n) => n.includes('impressions-web-part')), 'the web part bundle is inside (includeClientSideAssets)');

if (problems.length) {
  console.error(`\nThe package is not right:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('The package is complete.');
