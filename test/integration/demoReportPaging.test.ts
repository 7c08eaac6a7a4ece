/**
 * The demo tenant's page cap for beta JSON usage reports: `reportPageCap` (default 200, Graph's documented
 * default page size) and `reportTopOverCap` ('cap': a page shorter than asked whose next link resumes after
 * the rows served; 'reject': 400 BadRequest). Graph's own maximum `$top` for these reports is undocumented,
 * so a client must read every row exactly once whichever way the tenant answers.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';

jest.setTimeout(120_000);

const REPORT = "/beta/reports/getOffice365ActiveUserDetail(period='D7')?$format=application/json";

interface IPage {
  value: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
}

interface IRead {
  /** Rows per page, in order. */
  sizes: number[];
  /** Every next link followed. */
  links: string[];
  /** The rows, each as its JSON text, in order. */
  rows: string[];
}

async function get(t: IDemoTenant, url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url.startsWith('http') ? url : `${t.url}${url}`, { headers: { Authorization: `Bearer ${t.token}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Read a report's every page by following `@odata.nextLink`. */
async function readAll(t: IDemoTenant, first: string): Promise<IRead> {
  const out: IRead = { sizes: [], links: [], rows: [] };
  let url: string | undefined = first;
  while (url) {
    const { status, body } = await get(t, url);
    expect(status).toBe(200);
    const page = body as IPage;
    out.sizes.push(page.value.length);
    out.rows.push(...page.value.map((r) => JSON.stringify(r)));
    url = page['@odata.nextLink'];
    if (url) out.links.push(url);
  }
  return out;
}

describe('demo tenant: page cap for beta JSON reports', () => {
  let t: IDemoTenant;
  /** Every row of the report, read with Graph's default page size. */
  let reference: string[];

  beforeAll(async () => {
    t = await startDemoTenant({ users: 2600, seed: 3 });
    reference = (await readAll(t, REPORT)).rows;
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    t.options.reportPageCap = 200;
    t.options.reportTopOverCap = 'cap';
  });

  it('defaults: a cap of 200, over-cap reads capped', () => {
    expect(t.options.reportPageCap).toBe(200);
    expect(t.options.reportTopOverCap).toBe('cap');
    // The report has more rows than two of the largest pages these tests read, each row different.
    expect(reference.length).toBeGreaterThan(1500);
    expect(new Set(reference).size).toBe(reference.length);
  });

  it('without $top: pages of 200, every row once', async () => {
    const read = await readAll(t, REPORT);
    expect(read.sizes.slice(0, -1).every((n) => n === 200)).toBe(true);
    expect(read.sizes[read.sizes.length - 1]).toBeLessThanOrEqual(200);
    expect(read.links.length).toBe(Math.ceil(reference.length / 200) - 1);
    expect(read.rows).toEqual(reference);
  });

  it('$top=500 with the default cap: pages of 200, links keep $top=500, every row exactly once', async () => {
    const read = await readAll(t, `${REPORT}&$top=500`);
    expect(read.sizes.slice(0, -1).every((n) => n === 200)).toBe(true);
    expect(read.links.length).toBeGreaterThan(0);
    for (const link of read.links) expect(link).toContain('$top=500');
    expect(new Set(read.rows).size).toBe(read.rows.length);
    expect(read.rows).toEqual(reference);
  });

  it('$top at or under the cap is served as asked', async () => {
    const read = await readAll(t, `${REPORT}&$top=150`);
    expect(read.sizes.slice(0, -1).every((n) => n === 150)).toBe(true);
    expect(read.rows).toEqual(reference);
  });

  it('cap 1000 (changed at run time), $top=5000: pages of 1000, the union complete and without duplicates', async () => {
    t.options.reportPageCap = 1000;
    const read = await readAll(t, `${REPORT}&$top=5000`);
    expect(read.sizes.length).toBe(Math.ceil(reference.length / 1000));
    expect(read.sizes.slice(0, -1).every((n) => n === 1000)).toBe(true);
    for (const link of read.links) expect(link).toContain('$top=5000');
    expect(new Set(read.rows).size).toBe(read.rows.length);
    expect(read.rows).toEqual(reference);
    // Without $top the default page stays 200 whatever the cap.
    const first = (await get(t, REPORT)).body as IPage;
    expect(first.value.length).toBe(200);
  });

  it("reject: 400 BadRequest naming the $top over the cap; at or under the cap, 200", async () => {
    t.options.reportPageCap = 1000;
    t.options.reportTopOverCap = 'reject';
    const over = await get(t, `${REPORT}&$top=5000`);
    expect(over.status).toBe(400);
    const error = (over.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('BadRequest');
    expect(error.message).toBe("Invalid $top value: '5000'. The maximum is 1000.");
    expect((await get(t, `${REPORT}&$top=1001`)).status).toBe(400);
    for (const top of ['1000', '999', '1']) expect((await get(t, `${REPORT}&$top=${top}`)).status).toBe(200);
    expect((await get(t, REPORT)).status).toBe(200);
    const read = await readAll(t, `${REPORT}&$top=1000`);
    expect(read.sizes.slice(0, -1).every((n) => n === 1000)).toBe(true);
    expect(read.rows).toEqual(reference);
  });

  it('PATCH /_demo/options changes both', async () => {
    const res = await fetch(`${t.url}/_demo/options`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reportPageCap: 300, reportTopOverCap: 'reject' }) });
    const state = (await res.json()) as { reportPageCap: number; reportTopOverCap: string };
    expect(state).toMatchObject({ reportPageCap: 300, reportTopOverCap: 'reject' });
    expect((await get(t, `${REPORT}&$top=301`)).status).toBe(400);
    expect((await get(t, `${REPORT}&$top=300`)).status).toBe(200);
  });
});

describe('demo tenant: page cap options at start', () => {
  it('reportPageCap and reportTopOverCap start the tenant so', async () => {
    const t = await startDemoTenant({ users: 80, seed: 3, reportPageCap: 25, reportTopOverCap: 'reject' });
    try {
      expect(t.options).toMatchObject({ reportPageCap: 25, reportTopOverCap: 'reject' });
      expect((await get(t, `${REPORT}&$top=26`)).status).toBe(400);
      // Without $top: Graph's default 200 is over this cap, but the client asked for nothing: a page of 25.
      const page = (await get(t, REPORT)).body as IPage;
      expect(page.value.length).toBe(25);
      expect(page['@odata.nextLink']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
