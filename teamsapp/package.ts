// Builds the Teams app package (`npm run package:teams`):
//   teamsapp/build/m365-impressions.zip  = manifest.json + color.png + outline.png at the zip root
// and copies the icons to the SPFx `teams/` folder as `<componentId>_color.png` and
// `<componentId>_outline.png`, which `gulp package-solution` puts into the .sppkg (it copies every
// file under `teams/`) so SharePoint's "Sync to Teams" uses the same icons.
import { promises as fs } from 'fs';
import * as path from 'path';
import JSZip from 'jszip';

export const TEAMS_APP_ID = 'd8c63928-fc7e-422a-a6d6-4a3784015627';
export const SPFX_COMPONENT_ID = 'f05686d8-d96a-4e9a-8cbf-abf1da96d06a';
export const SPFX_SOLUTION_ID = '756b9aa6-0a51-4e96-964b-3abadcd2cfa2';
export const ZIP_NAME = 'm365-impressions.zip';
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;
export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

const TEAMSAPP_DIR = __dirname;
const REPO_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_OUT_DIR = path.join(TEAMSAPP_DIR, 'build');
export const DEFAULT_SPFX_TEAMS_DIR = path.join(REPO_ROOT, 'teams');
/** Fixed entry date so the same inputs give the same zip bytes. */
const ZIP_DATE = new Date('2025-01-01T00:00:00Z');

export interface PackageOptions {
  /** Where manifest.json and the icons are read from; defaults to `teamsapp/`. */
  sourceDir?: string;
  /** Where the SPFx icons go; defaults to `<repo>/teams`. */
  spfxTeamsDir?: string;
  log?: (line: string) => void;
}

/** Width and height from a PNG's IHDR chunk; throws if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array, name = 'image'): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 24 || signature.some((b, i) => buf[i] !== b) || buf.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`${name} is not a PNG file`);
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

interface TeamsManifestShape {
  id?: unknown;
  icons?: { color?: unknown; outline?: unknown };
  staticTabs?: Array<{ contentUrl?: unknown }>;
  configurableTabs?: Array<{ configurationUrl?: unknown }>;
}

/** Cheap consistency checks; full schema validation lives in test/unit/teamsapp. */
function checkManifest(manifest: TeamsManifestShape): string[] {
  const problems: string[] = [];
  if (manifest.id !== TEAMS_APP_ID) problems.push(`id is ${JSON.stringify(manifest.id)}, expected ${TEAMS_APP_ID}`);
  if (manifest.icons?.color !== 'color.png') problems.push('icons.color must be "color.png"');
  if (manifest.icons?.outline !== 'outline.png') problems.push('icons.outline must be "outline.png"');
  const urls = [
    ...(manifest.staticTabs ?? []).map((t) => t.contentUrl),
    ...(manifest.configurableTabs ?? []).map((t) => t.configurationUrl)
  ].filter((u): u is string => typeof u === 'string');
  if (!urls.some((u) => u.includes('componentId='))) problems.push('no tab points at the SPFx web part (componentId=...)');
  for (const url of urls) {
    const m = /componentId=([0-9a-fA-F-]+)/.exec(url);
    if (m && m[1] !== SPFX_COMPONENT_ID) problems.push(`tab URL uses componentId ${m[1]}, expected ${SPFX_COMPONENT_ID}`);
  }
  return problems;
}

/**
 * Writes `<outDir>/m365-impressions.zip` and the SPFx Teams icons; returns the zip's path.
 * Throws with a readable message when an input is missing or inconsistent.
 */
export async function packageTeamsApp(outDir: string = DEFAULT_OUT_DIR, options: PackageOptions = {}): Promise<string> {
  const log = options.log ?? ((line: string) => console.log(line));
  const spfxTeamsDir = options.spfxTeamsDir ?? DEFAULT_SPFX_TEAMS_DIR;
  const sourceDir = options.sourceDir ?? TEAMSAPP_DIR;
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;

  const files = new Map<string, Buffer>();
  for (const name of PACKAGE_FILES) {
    const file = path.join(sourceDir, name);
    try {
      files.set(name, await fs.readFile(file));
    } catch (err) {
      const hint = name.endsWith('.png') ? ' (run `npx tsx teamsapp/icons.ts` to draw the icons)' : '';
      throw new Error(`cannot read ${shown(file)}${hint}: ${(err as Error).message}`);
    }
  }

  let manifest: TeamsManifestShape;
  try {
    manifest = JSON.parse((files.get('manifest.json') ?? Buffer.alloc(0)).toString('utf8')) as TeamsManifestShape;
  } catch (err) {
    throw new Error(`${shown(path.join(sourceDir, 'manifest.json'))} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = checkManifest(manifest);
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const { width, height } = pngSize(files.get(name) ?? Buffer.alloc(0), shown(path.join(sourceDir, name)));
    if (width !== size || height !== size) problems.push(`${name} is ${width}x${height}, expected ${size}x${size}`);
  }
  if (problems.length > 0) {
    throw new Error(`the Teams manifest or icons in ${shown(sourceDir)} are inconsistent:\n  - ${problems.join('\n  - ')}`);
  }

  const zip = new JSZip();
  for (const name of PACKAGE_FILES) zip.file(name, files.get(name) ?? Buffer.alloc(0), { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  await fs.mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, ZIP_NAME);
  await fs.writeFile(zipPath, bytes);
  log(`wrote ${shown(zipPath)} (${bytes.length} bytes: ${PACKAGE_FILES.join(', ')})`);

  await fs.mkdir(spfxTeamsDir, { recursive: true });
  for (const [name, suffix] of [
    ['color.png', 'color'],
    ['outline.png', 'outline']
  ] as const) {
    const target = path.join(spfxTeamsDir, `${SPFX_COMPONENT_ID}_${suffix}.png`);
    await fs.writeFile(target, files.get(name) ?? Buffer.alloc(0));
    log(`wrote ${shown(target)} (SPFx Teams icon for gulp package-solution)`);
  }
  return zipPath;
}

if (require.main === module) {
  packageTeamsApp().catch((err: unknown) => {
    console.error(`package:teams failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
