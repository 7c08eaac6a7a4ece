// Validates teamsapp/manifest.json OFFLINE against the exact Teams schema version it declares,
// using the schemas shipped in @microsoft/app-manifest (draft-04, compiled with ajv-draft-04 +
// ajv-formats, both dependencies of that package). The package's own entry point is never loaded:
// it requires fs-extra, which it does not declare.
import * as fs from 'fs';
import * as path from 'path';
import { ACCENT } from '../../../teamsapp/icons';
import { SPFX_COMPONENT_ID, SPFX_SOLUTION_ID, TEAMS_APP_ID } from '../../../teamsapp/package';

const ROOT = path.resolve(__dirname, '../../..');
const MANIFEST_PATH = path.join(ROOT, 'teamsapp/manifest.json');
const PACKAGE_SOLUTION_PATH = path.join(ROOT, 'config/package-solution.json');
const WEBPART_MANIFEST_PATH = path.join(ROOT, 'src/webparts/impressions/ImpressionsWebPart.manifest.json');

const APP_NAME = 'M365 Impressions';
const SHORT_DESCRIPTION = 'Users, impressions and usage reports for your Microsoft 365 tenant';
const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
const PERSONAL_URL =
  'https://{teamSiteDomain}/_layouts/15/TeamsLogon.aspx?SPFX=true&dest=/_layouts/15/teamshostedapp.aspx' +
  `%3Fteams%26personal%26componentId=${SPFX_COMPONENT_ID}%26forceLocale={locale}`;
const CONFIGURATION_URL =
  'https://{teamSiteDomain}{teamSitePath}/_layouts/15/TeamsLogon.aspx?SPFX=true&dest={teamSitePath}/_layouts/15/teamshostedapp.aspx' +
  `%3FopenPropertyPane=true%26teams%26componentId=${SPFX_COMPONENT_ID}%26forceLocale={locale}`;

// ---------- minimal typings for what we use of ajv ----------
interface AjvError {
  instancePath: string;
  message?: string;
  params?: unknown;
}
type ValidateFunction = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvInstance {
  compile(schema: object): ValidateFunction;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;
type AddFormats = (ajv: AjvInstance) => unknown;

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const formatErrors = (errors: AjvError[] | null | undefined): string =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`).join('\n');

const manifest = readJson(MANIFEST_PATH);
const appManifestDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemasDir = path.join(appManifestDir, 'build/json-schemas/teams');

/** The version the manifest declares, after checking manifestVersion and $schema agree. */
function declaredVersion(m: Json): string {
  const version = m.manifestVersion;
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) {
    throw new Error(`manifestVersion must be a stable "1.NN" string, got ${JSON.stringify(version)}`);
  }
  const expectedSchema = `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  if (m.$schema !== expectedSchema) {
    throw new Error(`$schema is ${JSON.stringify(m.$schema)}, expected ${expectedSchema} for manifestVersion ${version}`);
  }
  return version;
}

function compileSchema(version: string): ValidateFunction {
  const schemaFile = path.join(schemasDir, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(schemaFile)) throw new Error(`no offline schema for v${version} at ${schemaFile}`);
  // Same clean-up @microsoft/app-manifest applies before parsing its schemas.
  const text = fs.readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(text) as Json;
  const ajvModule = require(require.resolve('ajv-draft-04', { paths: [appManifestDir] })) as AjvConstructor & { default?: AjvConstructor };
  const formatsModule = require(require.resolve('ajv-formats', { paths: [appManifestDir] })) as AddFormats & { default?: AddFormats };
  const Ajv = ajvModule.default ?? ajvModule;
  const addFormats = formatsModule.default ?? formatsModule;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('teamsapp/manifest.json against its declared schema (offline)', () => {
  let version = '';
  let validate: ValidateFunction = () => false;
  beforeAll(() => {
    version = declaredVersion(manifest);
    validate = compileSchema(version);
  });

  test('declares a stable schema version that ships in @microsoft/app-manifest, and the newest one', () => {
    const stable = fs
      .readdirSync(schemasDir)
      .map((d) => /^v(1\.(\d+))$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(b[2]) - Number(a[2]));
    expect(stable.length).toBeGreaterThan(0);
    // If @microsoft/app-manifest is upgraded with a newer schema, this asks for the manifest to follow.
    expect(version).toBe(stable[0]?.[1]);
  });

  test('is valid against MicrosoftTeams.schema.json of that version', () => {
    const ok = validate(manifest);
    if (!ok) throw new Error(`manifest.json is not valid against v${version}:\n${formatErrors(validate.errors)}`);
    expect(ok).toBe(true);
  });

  test('the validator rejects broken manifests (so the check above can fail)', () => {
    const wrongVersion = { ...clone(manifest), manifestVersion: '1.29' };
    expect(validate(wrongVersion)).toBe(false);

    const noDeveloper = clone(manifest);
    delete noDeveloper.developer;
    expect(validate(noDeveloper)).toBe(false);
    expect(formatErrors(validate.errors)).toMatch(/developer/);

    const unknownProperty = { ...clone(manifest), supportsFullScreen: true };
    expect(validate(unknownProperty)).toBe(false);

    const badId = { ...clone(manifest), id: 'not-a-guid' };
    expect(validate(badId)).toBe(false);

    const longName = clone(manifest);
    (longName.name as Json).short = 'x'.repeat(31);
    expect(validate(longName)).toBe(false);
  });

  test('$schema and manifestVersion disagreeing is caught', () => {
    expect(() => declaredVersion({ ...manifest, manifestVersion: '1.17' })).toThrow(/\$schema/);
    expect(() => declaredVersion({ ...manifest, manifestVersion: 'devPreview' })).toThrow(/stable/);
  });
});

describe('teamsapp/manifest.json content', () => {
  test('fixed app identity, developer and descriptions', () => {
    expect(manifest.id).toBe(TEAMS_APP_ID);
    expect(manifest.name).toEqual(expect.objectContaining({ short: APP_NAME }));
    expect((manifest.description as Json).short).toBe(SHORT_DESCRIPTION);
    const developer = manifest.developer as Json;
    expect(developer.name).toBe(APP_NAME);
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      expect(developer[key]).toMatch(/^https:\/\/github\.com\/m365-impressions(\/|$)/);
    }
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toBe(ACCENT);
  });

  test('personal tab loads the SPFx web part through TeamsLogon.aspx / teamshostedapp.aspx', () => {
    const tabs = manifest.staticTabs as Json[];
    const spfxTabs = tabs.filter((t) => typeof t.contentUrl === 'string');
    expect(spfxTabs).toHaveLength(1);
    const tab = spfxTabs[0] as Json;
    expect(tab.contentUrl).toBe(PERSONAL_URL);
    expect(tab.entityId).toBe(SPFX_COMPONENT_ID);
    expect(tab.scopes).toEqual(['personal']);
  });

  test('team/channel tab configures the web part through its property pane', () => {
    const tabs = manifest.configurableTabs as Json[];
    expect(tabs).toHaveLength(1);
    const tab = tabs[0] as Json;
    expect(tab.configurationUrl).toBe(CONFIGURATION_URL);
    expect(tab.scopes).toEqual(['team']);
    expect(tab.canUpdateConfiguration).toBe(true);
  });

  test('the dest parameter is URL-encoded, as TeamsLogon.aspx requires', () => {
    for (const url of [PERSONAL_URL, CONFIGURATION_URL]) {
      const dest = url.split('&dest=')[1] ?? '';
      expect(dest).not.toMatch(/[?&]/);
      const decoded = decodeURIComponent(dest.replace(/\{[a-zA-Z]+\}/g, 'X'));
      expect(decoded).toContain(`componentId=${SPFX_COMPONENT_ID}`);
    }
  });

  test('SharePoint single sign-on and the domains SPFx-hosted tabs load from', () => {
    expect(manifest.webApplicationInfo).toEqual({ id: SHAREPOINT_APP_ID, resource: 'https://{teamSiteDomain}' });
    expect(manifest.validDomains).toEqual(
      expect.arrayContaining(['*.login.microsoftonline.com', '*.sharepoint.com', 'spoprod-a.akamaihd.net', 'resourceseng.blob.core.windows.net'])
    );
  });
});

describe('consistency with the SPFx solution', () => {
  const hasWebPart = fs.existsSync(WEBPART_MANIFEST_PATH);
  const hasSolution = fs.existsSync(PACKAGE_SOLUTION_PATH);
  const webPartTest = hasWebPart ? test : test.skip;
  const solutionTest = hasSolution ? test : test.skip;
  const absent = (file: string): string => `[skipped: ${path.relative(ROOT, file)} does not exist yet] `;

  webPartTest(`${hasWebPart ? '' : absent(WEBPART_MANIFEST_PATH)}web part manifest: same component id, Teams hosts, same title`, () => {
    const webPart = readJson(WEBPART_MANIFEST_PATH);
    expect(webPart.id).toBe(SPFX_COMPONENT_ID);
    expect(webPart.componentType).toBe('WebPart');
    expect(webPart.supportedHosts).toEqual(expect.arrayContaining(['TeamsTab', 'TeamsPersonalApp']));
    const entry = (webPart.preconfiguredEntries as Json[] | undefined)?.[0];
    expect((entry?.title as Json | undefined)?.default).toBe((manifest.name as Json).short);
  });

  solutionTest(`${hasSolution ? '' : absent(PACKAGE_SOLUTION_PATH)}package-solution.json: same solution, developer, description and version`, () => {
    const solution = readJson(PACKAGE_SOLUTION_PATH).solution as Json;
    expect(solution.id).toBe(SPFX_SOLUTION_ID);
    // Teams tabs and "Sync to Teams" need the solution deployed tenant-wide.
    expect(solution.skipFeatureDeployment).toBe(true);
    const developer = solution.developer as Json;
    const teamsDeveloper = manifest.developer as Json;
    for (const key of ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(developer[key]).toBe(teamsDeveloper[key]);
    const shortDescription = ((solution.metadata as Json | undefined)?.shortDescription as Json | undefined)?.default;
    expect(shortDescription).toBe((manifest.description as Json).short);
    // SharePoint versions are a.b.c.d; the Teams app version is the a.b.c of the same release.
    expect(String(solution.version).split('.').slice(0, 3).join('.')).toBe(manifest.version);
  });
});
