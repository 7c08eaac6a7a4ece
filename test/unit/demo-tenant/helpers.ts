/** Shared helpers for the demo-tenant contract tests: fetch against the real HTTP server, CSV parsing. */
import * as fs from 'fs';
import * as path from 'path';
import type { IDemoTenant } from '../../../workbench/demo-tenant';

export const TODAY = '2026-03-10';
export const REFRESH = '2026-03-08';

export interface IFact {
  function: string;
  params: string[];
  csvHeaders: string[];
  betaJsonRow: Record<string, unknown> | null;
  kind: string;
}

/** reports.json read from disk, independently of the simulator's own import. */
export const FACTS: IFact[] = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/core/reports/data/reports.json'), 'utf8')) as { reports: IFact[] }).reports;

export interface ISkuName {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}
export const SKU_NAMES: ISkuName[] = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/core/directory/data/sku-names.json'), 'utf8')) as { skus: ISkuName[] }).skus;

export interface IResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A tiny Graph client over fetch: bearer token, JSON in and out, no redirects followed. */
export function client(t: IDemoTenant, token = t.token) {
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<IResult> => {
    const res = await fetch(p.startsWith('http') ? p : `${t.url}${p}`, {
      method,
      redirect: 'manual',
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    get: (p: string, headers?: Record<string, string>) => call('GET', p, undefined, headers),
    post: (p: string, body: unknown, headers?: Record<string, string>) => call('POST', p, body, headers),
    patch: (p: string, body: unknown, headers?: Record<string, string>) => call('PATCH', p, body, headers),
    del: (p: string, headers?: Record<string, string>) => call('DELETE', p, undefined, headers)
  };
}

/** `{ error: { code, message, innerError: { date, request-id, client-request-id } } }` */
export function expectGraphError(r: IResult, status: number, code: string, message?: string | RegExp): void {
  expect({ status: r.status, code: errorCode(r) }).toEqual({ status, code });
  const err = (r.body as { error: { message: unknown; innerError: Record<string, unknown> } }).error;
  expect(typeof err.message).toBe('string');
  expect(typeof err.innerError['request-id']).toBe('string');
  expect(typeof err.innerError.date).toBe('string');
  if (message !== undefined) expect(err.message).toMatch(message);
}

export function errorCode(r: IResult): string | undefined {
  const b = r.body as { error?: { code?: string } } | undefined;
  return b?.error?.code;
}

/** RFC 4180 parser for the whole file (quotes, doubled quotes, CRLF inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (q) {
      if (c === '"') {
        if (text.charAt(i + 1) === '"') {
          field += '"';
          i++;
        } else q = false;
      } else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Download a v1.0 report: the 302, then the CSV bytes; returns header row and rows keyed by header. */
export async function downloadCsv(t: IDemoTenant, call: string, token = t.token): Promise<{ raw: Buffer; headers: string[]; rows: Array<Record<string, string>>; download: Response }> {
  const r = await fetch(`${t.url}/v1.0/reports/${call}`, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
  if (r.status !== 302) throw new Error(`${call}: expected 302, got ${r.status} ${await r.text()}`);
  const location = r.headers.get('location') ?? '';
  const download = await fetch(location);
  const raw = Buffer.from(await download.arrayBuffer());
  const text = raw.toString('utf8').replace(/^\ufeff/, '');
  const [headers = [], ...body] = parseCsv(text);
  const rows = body.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])));
  return { raw, headers, rows, download };
}

/** All beta JSON items of a report, following @odata.nextLink. */
export async function jsonPages(t: IDemoTenant, call: string, top?: number): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
  let url: string | undefined = `${t.url}/beta/reports/${call}?$format=application/json${top ? `&$top=${top}` : ''}`;
  const items: Array<Record<string, unknown>> = [];
  let pages = 0;
  while (url) {
    const r = await fetch(url, { headers: { Authorization: `Bearer ${t.token}` } });
    if (r.status !== 200) throw new Error(`${call}: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
    items.push(...body.value);
    url = body['@odata.nextLink'];
    if (url && !url.startsWith('http')) throw new Error(`nextLink not absolute: ${url}`);
    if (++pages > 10000) throw new Error('paging does not end');
  }
  return { items, pages };
}

/** The call segment with the first parameter the function accepts. */
export function callOf(f: IFact, period = 'D7'): string {
  if (f.params.includes('period')) return `${f.function}(period='${period}')`;
  if (f.params.includes('date')) return `${f.function}(date=${REFRESH})`;
  return f.function;
}

/** Every item of a collection, following `@odata.nextLink` (each page must answer 200), and how many pages it took. */
export async function allPages<T>(t: IDemoTenant, path: string, token = t.token): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let url: string | undefined = path;
  while (url) {
    const res = await client(t, token).get(url);
    expect(res.status).toBe(200);
    const body = res.body as { value: T[]; '@odata.nextLink'?: string };
    items.push(...body.value);
    pages++;
    url = body['@odata.nextLink'];
  }
  return { items, pages };
}
