// Runs the Teams packager into a temp dir and inspects the zip with jszip: exactly the three files
// at the root, icon sizes from the PNG IHDR, and the outline icon decoded pixel by pixel.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { packageTeamsApp, SPFX_COMPONENT_ID, ZIP_NAME } from '../../../teamsapp/package';
import { encodePng, drawColorIcon } from '../../../teamsapp/icons';
import { decodePng, readIhdr, type DecodedPng } from './png';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = path.join(ROOT, 'teamsapp');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'teams-package-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function runPackager(name: string, sourceDir = SOURCE): Promise<{ zipPath: string; teamsDir: string; lines: string[] }> {
  const outDir = path.join(tmp, name, 'build');
  const teamsDir = path.join(tmp, name, 'teams');
  const lines: string[] = [];
  const zipPath = await packageTeamsApp(outDir, { sourceDir, spfxTeamsDir: teamsDir, log: (l) => lines.push(l) });
  return { zipPath, teamsDir, lines };
}

/** Bounding box of pixels matching `pick`. */
function bbox(png: DecodedPng, pick: (r: number, g: number, b: number, a: number) => boolean): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const px = png.rgba;
      if (pick(px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0, px[i + 3] ?? 0)) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { x0, y0, x1, y1 };
}

describe('packageTeamsApp', () => {
  let zip: JSZip;
  let result: { zipPath: string; teamsDir: string; lines: string[] };

  beforeAll(async () => {
    result = await runPackager('ok');
    zip = await JSZip.loadAsync(await fs.readFile(result.zipPath));
  });

  test('writes <outDir>/m365-impressions.zip and says what it wrote', () => {
    expect(path.basename(result.zipPath)).toBe(ZIP_NAME);
    expect(result.lines.join('\n')).toMatch(/wrote .*m365-impressions\.zip/);
    expect(result.lines.join('\n')).toContain(`${SPFX_COMPONENT_ID}_color.png`);
  });

  test('the zip holds exactly manifest.json, color.png and outline.png at its root', () => {
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);
  });

  test('manifest.json in the zip is the source manifest byte for byte', async () => {
    const inZip = await zip.file('manifest.json')?.async('nodebuffer');
    expect(inZip?.equals(await fs.readFile(path.join(SOURCE, 'manifest.json')))).toBe(true);
  });

  test('icon sizes from the PNG IHDR: color 192x192, outline 32x32', async () => {
    const color = await zip.file('color.png')?.async('uint8array');
    const outline = await zip.file('outline.png')?.async('uint8array');
    if (!color || !outline) throw new Error('icons missing from the zip');
    expect(readIhdr(color)).toEqual(expect.objectContaining({ width: 192, height: 192 }));
    expect(readIhdr(outline)).toEqual(expect.objectContaining({ width: 32, height: 32 }));
  });

  test('outline.png: every pixel is white or fully transparent, and the glyph is there', async () => {
    const bytes = await zip.file('outline.png')?.async('uint8array');
    if (!bytes) throw new Error('outline.png missing from the zip');
    const png = decodePng(bytes);
    const bad: string[] = [];
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b, a] = [png.rgba[i * 4], png.rgba[i * 4 + 1], png.rgba[i * 4 + 2], png.rgba[i * 4 + 3]];
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) bad.push(`(${i % png.width},${Math.floor(i / png.width)}) rgba(${r},${g},${b},${a})`);
      if (a === 255) opaque++;
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(opaque).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(300);
    // corners stay transparent: the glyph keeps a margin
    const box = bbox(png, (_r, _g, _b, a) => a > 0);
    expect(box.x0).toBeGreaterThanOrEqual(1);
    expect(box.y0).toBeGreaterThanOrEqual(1);
    expect(box.x1).toBeLessThanOrEqual(30);
    expect(box.y1).toBeLessThanOrEqual(30);
  });

  test('color.png: opaque full-colour background, white glyph inside the safe area', async () => {
    const bytes = await zip.file('color.png')?.async('uint8array');
    if (!bytes) throw new Error('color.png missing from the zip');
    const png = decodePng(bytes);
    const centre = (96 * 192 + 96) * 4;
    expect(png.rgba[centre + 3]).toBe(255);
    const colours = new Set<number>();
    for (let i = 0; i < png.rgba.length; i += 4) {
      if (png.rgba[i + 3] === 255) colours.add(((png.rgba[i] ?? 0) << 16) | ((png.rgba[i + 1] ?? 0) << 8) | (png.rgba[i + 2] ?? 0));
    }
    expect(colours.size).toBeGreaterThan(50); // gradient + anti-aliasing, not a flat placeholder
    const glyph = bbox(png, (r, g, b, a) => a === 255 && r > 230 && g > 230 && b > 230);
    expect(glyph.x0).toBeGreaterThanOrEqual(24);
    expect(glyph.y0).toBeGreaterThanOrEqual(24);
    expect(glyph.x1).toBeLessThanOrEqual(168);
    expect(glyph.y1).toBeLessThanOrEqual(168);
  });

  test('copies the icons to the SPFx teams/ folder as <componentId>_color.png and _outline.png', async () => {
    const files = (await fs.readdir(result.teamsDir)).sort();
    expect(files).toEqual([`${SPFX_COMPONENT_ID}_color.png`, `${SPFX_COMPONENT_ID}_outline.png`]);
    for (const kind of ['color', 'outline'] as const) {
      const copied = await fs.readFile(path.join(result.teamsDir, `${SPFX_COMPONENT_ID}_${kind}.png`));
      const inZip = await zip.file(`${kind}.png`)?.async('nodebuffer');
      expect(inZip && copied.equals(inZip)).toBe(true);
    }
  });

  test('is reproducible: packaging twice gives identical zip bytes', async () => {
    const again = await runPackager('again');
    expect((await fs.readFile(again.zipPath)).equals(await fs.readFile(result.zipPath))).toBe(true);
  });
});

describe('packageTeamsApp failures', () => {
  async function brokenSource(name: string, change: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(tmp, `src-${name}`);
    await fs.mkdir(dir, { recursive: true });
    for (const file of ['manifest.json', 'color.png', 'outline.png']) await fs.copyFile(path.join(SOURCE, file), path.join(dir, file));
    await change(dir);
    return dir;
  }

  test('a missing icon is reported', async () => {
    const dir = await brokenSource('missing', (d) => fs.rm(path.join(d, 'outline.png')));
    await expect(runPackager('missing', dir)).rejects.toThrow(/cannot read .*outline\.png/);
  });

  test('a wrongly sized colour icon is reported', async () => {
    const dir = await brokenSource('size', (d) => fs.writeFile(path.join(d, 'color.png'), encodePng(drawColorIcon(64))));
    await expect(runPackager('size', dir)).rejects.toThrow(/color\.png is 64x64, expected 192x192/);
  });

  test('a tab pointing at another web part is reported', async () => {
    const dir = await brokenSource('component', async (d) => {
      const file = path.join(d, 'manifest.json');
      const text = (await fs.readFile(file, 'utf8')).split(SPFX_COMPONENT_ID).join('11111111-2222-3333-4444-555555555555');
      await fs.writeFile(file, text);
    });
    await expect(runPackager('component', dir)).rejects.toThrow(/componentId 11111111-2222-3333-4444-555555555555/);
  });

  test('invalid JSON is reported', async () => {
    const dir = await brokenSource('json', (d) => fs.writeFile(path.join(d, 'manifest.json'), '{ "id": '));
    await expect(runPackager('json', dir)).rejects.toThrow(/not valid JSON/);
  });
});
