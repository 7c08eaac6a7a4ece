import * as XLSX from 'xlsx';
import { GraphError } from '../../../src/core/graph/GraphError';
import { buildWorkbook } from '../../../src/core/export/workbook';
import { summarizeTrainings } from '../../../src/core/security/simulations';
import type { ITraining } from '../../../src/core/security/simulations';
import type { MfaEnforcement } from '../../../src/core/security/enforcement';
import { CATEGORY_KEY, VALUE_KEY } from '../../../src/ui/usage/model/chartModel';
import { dashboardExport } from '../../../src/ui/usage/model/exports';
import { formatValue, formatTick, niceTicks, PERCENT } from '../../../src/ui/usage/model/format';
import { securityChartModel, securityCounts, securityExportPart, securityFigures, securityHeadline } from '../../../src/ui/usage/model/securityTile';
import type { ISecurityRow } from '../../../src/ui/usage/model/securityTile';
import { SECURITY_TILE, TILE_CHOICES, OVERVIEW_TILES, tilesFor } from '../../../src/ui/usage/model/tiles';
import { DEFAULT_PROPERTIES, DEFAULT_SETTINGS, USAGE_TILE_CHOICES, settingsFromProperties, tileShown } from '../../../src/ui/common/defaults';
import { readBack, sheetOf } from '../export/readBack';

// The Security readiness tile's model: rows of the Users list -> counts -> figures -> a chart, a headline, export rows.

const training = (status: ITraining['status']): ITraining => ({ displayName: 'Phishing', assignedDateTime: '2026-10-01T00:00:00Z', completionDateTime: null, status });
const sim = (simulationCount: number, clickCount = 0, compromisedCount = 0): ISecurityRow['simulation'] => ({ simulationCount, clickCount, compromisedCount, latestSimulationDateTime: simulationCount ? '2026-11-01T00:00:00Z' : null });
const row = (over: Partial<ISecurityRow> & { enabled?: boolean; guest?: boolean } = {}): ISecurityRow => ({
  user: { accountEnabled: over.enabled ?? true, userType: over.guest ? 'Guest' : 'Member' },
  simulation: over.simulation ?? null,
  training: over.training ?? null,
  mfaEnforcement: over.mfaEnforcement ?? { kind: 'notEnforced', why: 'No enabled policy requiring MFA includes this user' }
});
const enforced: MfaEnforcement = { kind: 'policies', policies: ['All users MFA'] };

const ROWS: ISecurityRow[] = [
  row({ simulation: sim(4, 2, 1), training: summarizeTrainings([training('completed'), training('overdue')]), mfaEnforcement: enforced }),
  row({ simulation: sim(2, 1, 0), training: summarizeTrainings([training('completed')]), mfaEnforcement: { kind: 'securityDefaults' } }),
  row({ simulation: sim(3), mfaEnforcement: { kind: 'reportOnly', policies: ['Pilot'] } }),
  // Listed by Graph with null counts: not simulated.
  row({ simulation: sim(0), mfaEnforcement: { kind: 'unknown', policies: ['Sales MFA'], why: 'x' } }),
  row({ guest: true, mfaEnforcement: enforced }),
  // Disabled: cannot sign in, counted nowhere.
  row({ enabled: false, simulation: sim(5, 5, 5), mfaEnforcement: enforced })
];
const BOTH = { attackSimulation: true, mfaEnforcement: true };

describe('Security readiness tile: counts and figures', () => {
  it('counts enabled accounts; simulations over members, clicks and compromises over the simulated, training over those assigned', () => {
    expect(securityCounts(ROWS, BOTH)).toEqual({
      accounts: 5,
      members: 4,
      simulation: { simulated: 3, clicked: 2, compromised: 1, trainingAssigned: 2, trainingCompleted: 1 },
      mfa: { enforced: 3, reportOnly: 1, unknown: 1 }
    });
    const figures = securityFigures(securityCounts(ROWS, BOTH));
    expect(figures.map(f => [f.key, f.count, f.of, f.share])).toEqual([
      ['simulated', 3, 4, 75],
      ['clicked', 2, 3, (2 / 3) * 100],
      ['compromised', 1, 3, (1 / 3) * 100],
      ['trainingCompleted', 1, 2, 50],
      // An account whose enforcement could not be told is left out of the share, not counted as not enforced.
      ['mfaEnforced', 3, 4, 75]
    ]);
  });

  it('leaves a join not read yet out, each on its own, rather than counting nobody', () => {
    const noSim = securityFigures(securityCounts(ROWS, { attackSimulation: false, mfaEnforcement: true }));
    expect(noSim.filter(f => f.share !== undefined).map(f => f.key)).toEqual(['mfaEnforced']);
    expect(noSim.find(f => f.key === 'clicked')).not.toHaveProperty('count');
    const noMfa = securityFigures(securityCounts(ROWS, { attackSimulation: true, mfaEnforcement: false }));
    expect(noMfa.find(f => f.key === 'mfaEnforced')?.share).toBeUndefined();
    expect(noMfa.find(f => f.key === 'simulated')?.share).toBe(75);
  });

  it('charts the known shares as bars on a 0-100% axis, and names a share of nobody as not charted', () => {
    const model = securityChartModel(securityFigures(securityCounts([row({ mfaEnforcement: enforced })], BOTH)));
    expect(model.data).toEqual([
      { [CATEGORY_KEY]: 'Simulated', [VALUE_KEY]: 0 },
      { [CATEGORY_KEY]: 'MFA enforced', [VALUE_KEY]: 100 }
    ]);
    expect(model.omitted).toEqual(['Clicked (no simulated users)', 'Compromised (no simulated users)', 'Training completed (no users with training assigned)']);
    expect([model.type, model.unit, model.axisMax, model.horizontal]).toEqual(['bar', 'percent', 100, true]);
    // Shares read as percentages in the table, tooltip and bar labels; the axis runs to 100 with % as its label.
    expect(formatValue(100 / 3, 'percent', model.scale)).toBe('33.3%');
    expect(niceTicks(Math.max(model.axisMax ?? 0, 12), PERCENT).map(t => formatTick(t, PERCENT))).toEqual(['0', '20', '40', '60', '80', '100']);
  });

  it('headlines the share with MFA enforced, else the share simulated, with what it is of', () => {
    expect(securityHeadline(securityFigures(securityCounts(ROWS, BOTH)))).toEqual({ value: '75%', label: 'MFA enforced', detail: '3 of 4 enabled accounts (1 more could not be told)' });
    expect(securityHeadline(securityFigures(securityCounts(ROWS, { attackSimulation: true, mfaEnforcement: false })))?.label).toBe('simulated');
    expect(securityHeadline(securityFigures(securityCounts(ROWS, { attackSimulation: false, mfaEnforcement: false })))).toBeUndefined();
  });
});

describe('Security readiness tile: dashboard export', () => {
  const refused = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.');

  it('writes a row per figure with its numbers, and why a figure has none', () => {
    const figures = securityFigures(securityCounts(ROWS, { attackSimulation: false, mfaEnforcement: true }));
    const part = securityExportPart(SECURITY_TILE.key, SECURITY_TILE.title, figures, { attackSimulation: { status: 'error', error: refused }, mfaEnforcement: { status: 'ready' } }, '2026-11-21');
    const { sheets } = dashboardExport([part], 'D30', new Date('2026-11-21T12:00:00Z'), 'contoso');
    expect(sheets.map(s => s.name)).toEqual(['About', 'Security readiness']);
    expect(sheets[0]?.rows.find(r => r[0] === 'Security readiness')?.[1]).toBe('Data as of 2026-11-21');
    const wb = readBack(buildWorkbook(XLSX, sheets));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheetOf(wb, 'Security readiness'), { header: 1, raw: true });
    expect(rows[0]).toEqual(['Figure', 'Users', 'Of', 'Of What', 'Share (%)', 'Status']);
    expect(rows.find(r => r[0] === 'MFA enforced')).toEqual(['MFA enforced', 3, 4, 'enabled accounts (1 more could not be told)', 75]);
    const clicked = rows.find(r => r[0] === 'Clicked');
    expect(clicked?.slice(0, 4)).toEqual(['Clicked', undefined, undefined, 'simulated users']);
    expect(String(clicked?.[5])).toMatch(/^Unavailable: Microsoft Graph refused the attack simulation reports/);
  });

  it('rounds shares to a tenth of a percent and says Not loaded for a join still reading', () => {
    const part = securityExportPart('k', 'T', securityFigures(securityCounts(ROWS, { attackSimulation: true, mfaEnforcement: false })), { attackSimulation: { status: 'ready' }, mfaEnforcement: { status: 'loading' } }, '2026-11-21');
    expect(part.rows?.find(r => r.Figure === 'Clicked')?.['Share (%)']).toBe(66.7);
    expect(part.rows?.find(r => r.Figure === 'MFA enforced')?.Status).toBe('Not loaded');
    expect(part.rows?.find(r => r.Figure === 'Clicked')?.Status).toBeNull();
  });
});

describe('Security readiness tile: chosen like the other tiles', () => {
  it('is offered in the property pane after the report tiles, but not among the defaults', () => {
    expect(TILE_CHOICES.map(t => t.key)).toEqual([...OVERVIEW_TILES.map(t => t.key), 'securityReadiness']);
    expect(USAGE_TILE_CHOICES.at(-1)).toEqual({ key: 'securityReadiness', title: 'Security readiness' });
    expect(DEFAULT_SETTINGS.usageTiles).not.toContain('securityReadiness');
    expect(Object.keys(DEFAULT_PROPERTIES.usageTiles)).not.toContain('securityReadiness');
    expect(tilesFor(undefined)).not.toContain(SECURITY_TILE);
  });

  it('shows once ticked, in the order chosen; a page saved before it existed does not show it', () => {
    expect(tileShown({}, 'securityReadiness')).toBe(false);
    expect(tileShown({ usageTiles: { email: true } }, 'securityReadiness')).toBe(false);
    expect(tileShown({ usageTiles: { securityReadiness: true } }, 'securityReadiness')).toBe(true);
    expect(tileShown({ usageTiles: { email: true } }, 'teams')).toBe(true);
    expect(settingsFromProperties({ usageTiles: { securityReadiness: true, email: false } }).usageTiles).toEqual(['activeUsers', 'teams', 'storage', 'mailboxQuota', 'apps', 'securityReadiness']);
    expect(tilesFor(['securityReadiness', 'email']).map(t => t.key)).toEqual(['securityReadiness', 'email']);
  });
});
