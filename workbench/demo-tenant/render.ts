/**
 * Report facts and rendering. The CSV headers and the documented beta JSON fields come from reports.json;
 * the nested JSON shapes and names of undocumented fields come from the product's report catalog. Both
 * forms are rendered from the same rows, so a CSV reader and a JSON reader get the same data.
 */
import reportsJson from '../../src/core/reports/data/reports.json';
import { findReport } from '../../src/core/reports';
import { builderFor, Cell, IReportCtx, IRowSource, Row } from './reports';

interface IReportFact {
  function: string;
  params: string[];
  csvHeaders: string[];
  betaJsonRow: Record<string, unknown> | null;
  kind: string;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'infer';

export interface IJsonField {
  key: string;
  /** CSV header the value comes from; absent for JSON-only fields (read from the row's `$key`). */
  header?: string;
  nested: boolean;
  type: JsonType;
  /** Listed in reports.json's beta example row. */
  documented: boolean;
  /**
   * Named by the camelCase convention alone: neither Microsoft's example row nor the product's catalog names
   * it (Exchange's `deletedItemQuotaInBytes`, `hasArchive`, `meetingCreatedCount`, ...). Served unless the
   * tenant's JSON is documented-only, as a Graph built from the reference serves it.
   */
  conventional: boolean;
}

export interface IReportSpec {
  fn: string;
  params: ReadonlyArray<'period' | 'date'>;
  headers: string[];
  kind: string;
  /** JSON: flat rows, one item holding every row (`userCounts`), or one item per subject (`details`). */
  shape: 'flat' | 'userCounts' | 'details';
  arrayKey?: string;
  fields: IJsonField[];
  build: (c: IReportCtx) => IRowSource;
}

/** The field name Graph's camelCase convention gives a CSV header. */
export function conventionalJsonName(header: string): string {
  return header
    .replace(/\(Byte\)/gi, 'In Bytes')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

function loose(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function typeOf(v: unknown): JsonType {
  if (Array.isArray(v)) return 'array';
  if (v === 'number' || v === 'boolean' || v === 'string' || v === 'null') return v;
  return 'infer';
}

function isObjectArray(v: unknown): v is Array<Record<string, unknown>> {
  return Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0]);
}

function buildSpec(fact: IReportFact): IReportSpec | undefined {
  const build = builderFor(fact.function, fact.csvHeaders, fact.kind);
  if (!build) return undefined;
  const entry = findReport(fact.function);
  const doc = fact.betaJsonRow ?? {};
  const docArrayKey = Object.keys(doc).find((k) => isObjectArray(doc[k]));
  const arrayKey = entry?.jsonArray ?? docArrayKey ?? (entry && entry.jsonShape !== 'flat' ? entry.jsonShape : undefined);
  const shape: IReportSpec['shape'] = entry?.jsonShape ?? (docArrayKey === 'userCounts' ? 'userCounts' : docArrayKey ? 'details' : 'flat');
  const nestedDoc = docArrayKey ? ((doc[docArrayKey] as Array<Record<string, unknown>>)[0] ?? {}) : {};
  // Documented keys, in Microsoft's order; nested ones marked.
  const documented: Array<{ key: string; nested: boolean; type: JsonType }> = [];
  for (const [k, v] of Object.entries(doc)) {
    if (k === docArrayKey) for (const [nk, nv] of Object.entries(nestedDoc)) documented.push({ key: nk, nested: true, type: typeOf(nv) });
    else documented.push({ key: k, nested: false, type: typeOf(v) });
  }
  const byLoose = new Map<string, (typeof documented)[number]>();
  for (const d of documented) byLoose.set(loose(d.key).replace(/cloud/g, ''), d);
  const fields: IJsonField[] = [];
  const used = new Set<string>();
  const headerField = new Map<string, IJsonField>();
  for (const header of fact.csvHeaders) {
    const col = entry?.columns.find((c) => c.header === header);
    const name = col?.json ?? conventionalJsonName(header);
    const doc1 = byLoose.get(loose(name).replace(/cloud/g, '')) ?? byLoose.get(loose(conventionalJsonName(header)).replace(/cloud/g, ''));
    const nested = entry ? col?.jsonNested === true : doc1 ? doc1.nested : false;
    const field: IJsonField = doc1 && !used.has(doc1.key)
      ? { key: doc1.key, header, nested: doc1.nested, type: doc1.type, documented: true, conventional: false }
      : { key: name, header, nested, type: 'infer', documented: false, conventional: col?.json === undefined };
    used.add(field.key);
    headerField.set(header, field);
  }
  // Documented order first, then fields Microsoft's example omits, then JSON-only fields.
  for (const d of documented) {
    const f = [...headerField.values()].find((x) => x.key === d.key);
    if (f) fields.push(f);
    else fields.push({ key: d.key, nested: d.nested, type: d.type, documented: true, conventional: false });
  }
  for (const f of headerField.values()) if (!fields.includes(f)) fields.push(f);
  return { fn: fact.function, params: fact.params as Array<'period' | 'date'>, headers: fact.csvHeaders, kind: fact.kind, shape, arrayKey, fields, build };
}

const FACTS: IReportFact[] = (reportsJson as { reports: IReportFact[] }).reports;
const SPECS = new Map<string, IReportSpec>();
for (const fact of FACTS) {
  const spec = buildSpec(fact);
  if (spec) SPECS.set(fact.function.toLowerCase(), spec);
}

/** The spec of a report function (case-insensitive), or undefined. */
export function reportSpec(fn: string): IReportSpec | undefined {
  return SPECS.get(fn.toLowerCase());
}

/** Every report function the simulator serves. */
export function reportFunctions(): string[] {
  return [...SPECS.values()].map((s) => s.fn);
}

// ---------------------------------------------------------------- CSV

function csvCell(v: Cell | undefined): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (Array.isArray(v)) s = v.join('+');
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV (BOM, CRLF, documented header order) in chunks of a few hundred rows. */
export function* csvChunks(spec: IReportSpec, source: IRowSource, rowsPerChunk = 500): Generator<string> {
  let buf = `\ufeff${spec.headers.map(csvCell).join(',')}\r\n`;
  let n = 0;
  for (let k = 0; k < source.count; k++) {
    for (const row of source.item(k)) {
      buf += `${spec.headers.map((h) => csvCell(row[h])).join(',')}\r\n`;
      n++;
    }
    if (n >= rowsPerChunk) {
      yield buf;
      buf = '';
      n = 0;
    }
  }
  if (buf) yield buf;
}

// ---------------------------------------------------------------- JSON

function jsonValue(v: Cell | undefined, type: JsonType): unknown {
  if (v === undefined || v === null) return type === 'array' ? [] : null;
  if (Array.isArray(v)) return type === 'string' ? v.join('+') || null : v;
  switch (type) {
    case 'number':
      return typeof v === 'number' ? v : v === '' ? null : Number(v);
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'string':
    case 'null':
      return v === '' ? null : String(v);
    case 'array':
      return v === '' ? [] : [String(v)];
    default:
      return v === '' ? null : v;
  }
}

function fieldValue(f: IJsonField, row: Row): unknown {
  return jsonValue(f.header !== undefined ? row[f.header] : row[`$${f.key}`], f.type);
}

function objectOf(fields: IJsonField[], row: Row): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.key] = fieldValue(f, row);
  return o;
}

/** Options of the JSON rendering. */
export interface IJsonOptions {
  /** Leave out the fields only the camelCase convention names (IJsonField.conventional): the CSV still has them. */
  documentedOnly?: boolean;
}

/** JSON items of one page: [offset, offset + top) of the report's items. */
export function jsonItems(spec: IReportSpec, source: IRowSource, offset: number, top: number, options: IJsonOptions = {}): { items: unknown[]; total: number } {
  const fields = options.documentedOnly ? spec.fields.filter((f) => !f.conventional) : spec.fields;
  const nested = fields.filter((f) => f.nested);
  const arrayKey = spec.arrayKey;
  if (spec.shape === 'flat' || !arrayKey) {
    const items: unknown[] = [];
    // Flat reports have one row per item.
    for (let k = offset; k < Math.min(source.count, offset + top); k++) for (const row of source.item(k)) items.push(objectOf(fields, row));
    return { items, total: source.count };
  }
  const withArray = (rows: Row[]): Record<string, unknown> => {
    const first = rows[0] ?? {};
    const o: Record<string, unknown> = {};
    let placed = false;
    for (const f of fields) {
      if (f.nested) {
        if (!placed) {
          o[arrayKey] = rows.map((r) => objectOf(nested, r));
          placed = true;
        }
      } else o[f.key] = fieldValue(f, first);
    }
    if (!placed) o[arrayKey] = [];
    return o;
  };
  if (spec.shape === 'userCounts') {
    // One item holds every row (a trend's days, or a distribution's single row).
    if (offset > 0) return { items: [], total: 1 };
    const rows: Row[] = [];
    for (let k = 0; k < source.count; k++) rows.push(...source.item(k));
    return { items: rows.length ? [withArray(rows)] : [], total: rows.length ? 1 : 0 };
  }
  const items: unknown[] = [];
  for (let k = offset; k < Math.min(source.count, offset + top); k++) {
    const rows = source.item(k);
    if (rows.length) items.push(withArray(rows));
  }
  return { items, total: source.count };
}
