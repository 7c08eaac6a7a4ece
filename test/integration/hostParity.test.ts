/**
 * One workbook from every host (issue 19, part 4): the impression workbook the web part builds from its reads
 * (beta JSON reports, as browsers must read them) and the one the CLI builds from its reads (v1.0 CSV) are the
 * same, cell for cell, for the same user and period on the demo tenant, in both shapes of Graph's JSON:
 *
 * - every CSV column in the JSON too (the demo tenant's default): equal in every cell;
 * - the JSON without the columns Microsoft's reference leaves out (`jsonDocumentedOnly`, the shape an
 *   independent Graph was found with): equal in every cell but the Value of exactly those columns' rows, where
 *   the web part's workbook reads "Not in Graph's JSON report" (text) and the CLI's has the figure.
 *
 * The Summary's Generated time is the one cell that may differ otherwise (it is the export's own clock): the
 * in-process builds are given the same instant, and the CLI binary's run leaves that cell out of the comparison.
 */
import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { loadSkuNames } from '../../src/core/directory/skus';
import type { SkuNameLookup } from '../../src/core/directory/skus';
import { loadImpression } from '../../src/core/impression/session';
import { IMPRESSION_SHEETS, impressionSheets } from '../../src/core/impression/workbook';
import { ReportStore } from '../../src/core/reports/store';
import { gatewayFor } from '../helpers/graph';
import { cellsOf, cli, expectedWorkbook, readWorkbookFile, tempDir } from './cli/cli';
import type { ICellView } from './cli/cli';

jest.setTimeout(60_000);

const TODAY = '2026-11-20';
const GENERATED = new Date('2026-11-20T09:15:00Z');
const NOT_IN_JSON = "Not in Graph's JSON report";
/** The columns an independent Graph's JSON lacked, and the demo tenant's documented-only JSON lacks. */
const LACKING = ['Deleted Item Quota (Byte)', 'Has Archive', 'Meeting Created Count', 'Meeting Interacted Count'];

type Cells = Record<string, Record<string, ICellView>>;

/** Every sheet's cells, by sheet name and address. */
function workbookCells(wb: ReturnType<typeof expectedWorkbook>): Cells {
  return Object.fromEntries(wb.SheetNames.map(name => [name, cellsOf(wb.Sheets[name])]));
}

/** Cells that differ between two workbooks: `Sheet!B7` -> [field of the row, web part's cell, CLI's cell]. */
function differences(web: Cells, cliCells: Cells): Map<string, [unknown, ICellView | undefined, ICellView | undefined]> {
  const out = new Map<string, [unknown, ICellView | undefined, ICellView | undefined]>();
  for (const sheet of new Set([...Object.keys(web), ...Object.keys(cliCells)])) {
    const a = web[sheet] ?? {};
    const b = cliCells[sheet] ?? {};
    for (const address of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[address]) === JSON.stringify(b[address])) continue;
      const row = address.replace(/^[A-Z]+/, '');
      out.set(`${sheet}!${address}`, [(a[`A${row}`] ?? b[`A${row}`])?.v, a[address], b[address]]);
    }
  }
  return out;
}

/** The Summary's Generated cell, left out of a comparison with a run that had its own clock. */
function withoutGenerated(cells: Cells): Cells {
  const summary = { ...cells.Summary };
  const row = Object.entries(summary).find(([a, c]) => a.startsWith('A') && c.v === 'Generated')?.[0].slice(1);
  if (!row) throw new Error('no Generated row on Summary');
  delete summary[`B${row}`];
  return { ...cells, Summary: summary };
}

describe.each([
  ['every CSV column in the JSON', false],
  ["the JSON without the columns Microsoft's reference leaves out", true]
] as const)('the impression workbook is the same from the web part (beta JSON) and the CLI (v1.0 CSV): %s', (_shape, documentedOnly) => {
  let tenant: IDemoTenant;
  let names: SkuNameLookup;
  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 60, seed: 5, today: TODAY, jsonDocumentedOnly: documentedOnly });
    names = await loadSkuNames();
  });
  afterAll(async () => {
    await tenant.close();
  });
  const upn = (who: string): string => {
    const p = tenant.info.people[who];
    if (!p) throw new Error(`no demo person ${who}`);
    return p.userPrincipalName;
  };
  /** A host's workbook, read back: the web part's report store reads beta JSON (small pages, so a column is judged over several), the CLI's v1.0 CSV. */
  const workbook = async (format: 'json' | 'csv', user: string): Promise<Cells> => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const store = new ReportStore(gw, format === 'json' ? { format, pageSize: 15 } : { format, concurrency: 2 });
    const imp = await loadImpression(gw, store, user, 'D30', names);
    return workbookCells(expectedWorkbook(impressionSheets(imp, GENERATED)));
  };

  it.each(['admin', 'guest', 'unicode'])('for %s, cell for cell', async who => {
    const web = await workbook('json', upn(who));
    const fromCli = await workbook('csv', upn(who));
    expect(Object.keys(web)).toEqual([...IMPRESSION_SHEETS]);
    const diff = differences(web, fromCli);
    if (!documentedOnly) {
      expect([...diff]).toEqual([]);
      return;
    }
    // Only the lacking columns differ, only on Exchange, each saying why in the web part's workbook while the
    // CLI's holds the figure. A user without a mailbox or email activity row has no such rows at all.
    for (const [address, [field, webCell, cliCell]] of diff) {
      expect([address, LACKING.includes(String(field)), webCell]).toEqual([expect.stringMatching(/^Exchange!B\d+$/), true, { t: 's', v: NOT_IN_JSON }]);
      expect([address, cliCell?.t]).toEqual([address, expect.stringMatching(/^[nb]$/)]);
    }
    if (who === 'admin') expect([...diff.values()].map(([field]) => field).sort()).toEqual([...LACKING].sort());
  });

  it('the CLI binary writes the same workbook as the in-process CSV read, and the web part\'s differs only as above', async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, 'admin.xlsx');
      const run = await cli(['impression', '--user', upn('admin'), '--period', 'D30', '--out', out, '--graph-url', tenant.url, '--token', tenant.token]);
      expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
      const binary = withoutGenerated(workbookCells(readWorkbookFile(out)));
      expect(binary).toEqual(withoutGenerated(await workbook('csv', upn('admin'))));
      const diff = differences(withoutGenerated(await workbook('json', upn('admin'))), binary);
      expect([...diff.values()].map(([field]) => field).sort()).toEqual(documentedOnly ? [...LACKING].sort() : []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
