import { requireReport } from '../../../src/core/reports/catalog';
import type { ReportRow } from '../../../src/core/reports/types';
import { teamsTheme, sharePointTheme } from '../../../src/ui/common/theme';
import { chartLook, isHighContrastTheme, seriesColor, seriesDash } from '../../../src/ui/common/chartLook';
import { latestRow, tileEntries, tileRows, tileView } from '../../../src/ui/usage/model/tileModel';
import { DEFAULT_TILE_KEYS, OVERVIEW_TILES, mergeTileRows, tilesFor } from '../../../src/ui/usage/model/tiles';
import type { IOverviewTile } from '../../../src/ui/usage/model/tiles';

const tile = (key: string): IOverviewTile => OVERVIEW_TILES.find(t => t.key === key) as IOverviewTile;
const entry = requireReport;

describe('overview tiles', () => {
  it('names only catalog reports that take a period', () => {
    for (const t of OVERVIEW_TILES) for (const e of tileEntries(t)) expect(e.params).toContain('period');
    expect(DEFAULT_TILE_KEYS).toEqual(['activeUsers', 'email', 'teams', 'storage', 'mailboxQuota', 'apps']);
  });

  it('takes the property pane keys in order, ignoring unknown ones; no setting means all, an empty choice none', () => {
    expect(tilesFor([' email', 'bogus', 'apps', 'email']).map(t => t.key)).toEqual(['email', 'apps']);
    expect(tilesFor(undefined).map(t => t.key)).toEqual(DEFAULT_TILE_KEYS);
    expect(tilesFor([])).toEqual([]);
    expect(tilesFor(['bogus'])).toHaveLength(6);
  });

  it('merges OneDrive and SharePoint storage by date under their tile names', () => {
    const merged = mergeTileRows([
      { rows: [{ 'Report Date': '2026-11-19', 'Storage Used (Byte)': 5 }, { 'Report Date': '2026-11-18', 'Storage Used (Byte)': 4 }], rename: { 'Storage Used (Byte)': 'OneDrive' } },
      { rows: [{ 'Report Date': '2026-11-19', 'Storage Used (Byte)': 2 }, { 'Report Date': '2026-11-19', 'Storage Used (Byte)': 1 }], rename: { 'Storage Used (Byte)': 'SharePoint' } }
    ]);
    expect(merged).toEqual([{ 'Report Date': '2026-11-19', OneDrive: 5, SharePoint: 3 }, { 'Report Date': '2026-11-18', OneDrive: 4 }]);
  });

  it('types a merged tile for export and charts it as areas in TB with a headline', () => {
    const parts = [
      { entry: entry('getOneDriveUsageStorage'), rows: [{ 'Report Date': '2026-11-19', 'Site Type': 'OneDrive', 'Storage Used (Byte)': 4_190_224_715_141 }] as ReportRow[] },
      { entry: entry('getSharePointSiteUsageStorage'), rows: [{ 'Report Date': '2026-11-19', 'Site Type': 'All', 'Storage Used (Byte)': 105_571_236_657 }] as ReportRow[] }
    ];
    const out = tileRows(tile('storage'), parts);
    expect(out.entry.columns).toEqual([{ header: 'Report Date', type: 'date' }, { header: 'OneDrive', type: 'number', unit: 'bytes' }, { header: 'SharePoint', type: 'number', unit: 'bytes' }]);
    const view = tileView(tile('storage'), parts);
    expect(view.model.type).toBe('area');
    expect(view.model.scale.suffix).toBe('TB');
    expect(view.headline).toEqual({ value: '3.81 TB', label: 'in OneDrive', date: '2026-11-19' });
  });

  it('shows quota status as bars of the newest day', () => {
    const rows: ReportRow[] = [
      { 'Report Date': '2026-11-18', 'Under Limit': 200, 'Warning Issued': 0, 'Send Prohibited': 0, 'Send/Receive Prohibited': 0, Indeterminate: 0 },
      { 'Report Date': '2026-11-19', 'Under Limit': 216, 'Warning Issued': 2, 'Send Prohibited': 1, 'Send/Receive Prohibited': 0, Indeterminate: 0 }
    ];
    expect(latestRow(rows)?.['Report Date']).toBe('2026-11-19');
    const view = tileView(tile('mailboxQuota'), [{ entry: entry('getMailboxUsageQuotaStatusMailboxCounts'), rows }]);
    expect(view.model.type).toBe('bar');
    expect(view.model.x.label).toBe('State on 2026-11-19');
    expect(view.model.data.map(d => d.Value)).toEqual([216, 2, 1, 0, 0]);
    expect(view.headline).toEqual({ value: '1', label: 'cannot send' });
  });
});

describe('chart colours', () => {
  it('recognises Teams high contrast and paints it with high-contrast colours, dashes and thick strokes', () => {
    expect(isHighContrastTheme(teamsTheme('contrast'))).toBe(true);
    expect(isHighContrastTheme(teamsTheme('dark'))).toBe(false);
    expect(isHighContrastTheme(sharePointTheme())).toBe(false);
    const hc = chartLook(teamsTheme('contrast'));
    expect(hc.strokeWidth).toBe(3);
    expect(seriesColor(hc, 0)).toBe('#ffff01');
    expect(seriesColor(hc, 1)).toBe('#1aebff');
    expect(seriesDash(hc, 1)).not.toBe('');
    expect(hc.surface).toBe('#000000');
  });

  it('starts from the theme primary colour and uses light accents on dark surfaces', () => {
    const sp = chartLook(sharePointTheme());
    expect(seriesColor(sp, 0)).toBe('#0078d4');
    expect(sp.strokeWidth).toBe(2);
    const dark = chartLook(teamsTheme('dark'));
    expect(seriesColor(dark, 0)).toBe('#7f85f5');
    expect(dark.text).toBe(teamsTheme('dark').semanticColors.bodyText);
    // Colours never repeat within the palette and wrap around past its end.
    expect(new Set(sp.colors).size).toBe(sp.colors.length);
    expect(seriesColor(sp, sp.colors.length)).toBe(seriesColor(sp, 0));
  });
});
