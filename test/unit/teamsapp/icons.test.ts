// The committed icons are exactly what teamsapp/icons.ts draws, and its PNG encoder round-trips
// through an independent decoder.
import * as fs from 'fs';
import * as path from 'path';
import { crc32, drawOutlineIcon, encodePng, renderIcons } from '../../../teamsapp/icons';
import { decodePng } from './png';

const ROOT = path.resolve(__dirname, '../../..');

describe('teamsapp/icons.ts', () => {
  test('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
  });

  test('encodePng round-trips through an independent decoder', () => {
    const image = drawOutlineIcon();
    const decoded = decodePng(encodePng(image));
    expect([decoded.width, decoded.height, decoded.colorType]).toEqual([32, 32, 6]);
    expect(Buffer.from(decoded.rgba).equals(Buffer.from(image.data))).toBe(true);
  });

  test('the committed color.png and outline.png are what the script draws (run `npx tsx teamsapp/icons.ts` after changing it)', () => {
    const { color, outline } = renderIcons();
    expect(color.equals(fs.readFileSync(path.join(ROOT, 'teamsapp/color.png')))).toBe(true);
    expect(outline.equals(fs.readFileSync(path.join(ROOT, 'teamsapp/outline.png')))).toBe(true);
  });

  test('edges are anti-aliased (partial alpha exists) in both committed icons', () => {
    const partial = (file: string): number => {
      const { rgba } = decodePng(fs.readFileSync(path.join(ROOT, 'teamsapp', file)));
      let n = 0;
      for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] ?? 0) > 0 && (rgba[i] ?? 0) < 255) n++;
      return n;
    };
    expect(partial('outline.png')).toBeGreaterThan(10);
    expect(partial('color.png')).toBeGreaterThan(50); // rounded corners of the background
  });
});
