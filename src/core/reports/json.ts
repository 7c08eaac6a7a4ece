/**
 * Reader for the beta `?$format=application/json` report pages (`value[]`), yielding exactly the
 * rows the CSV reader yields for the same data: keys are CSV headers, cells are typed the same way.
 */
import { cellFromJson, conventionalJsonName, looseKey, textOfUnknown, WarningList } from './cells';
import type { IParsedReport, IReportColumn, IReportEntry, ReportRow } from './types';

const REFRESH_DATE = 'Report Refresh Date';

type JsonObject = Record<string, unknown>;

/** How one key set maps onto the catalog's columns, and which keys are JSON-only extras. */
interface IRowPlan {
  cells: Array<[IReportColumn, string | undefined]>;
  extras: string[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isObjectArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

/** The nested array a report's JSON rows live in (`userCounts`, `details`, ...), or undefined when flat. */
export function nestedJsonKey(entry: IReportEntry): string | undefined {
  if (entry.jsonArray !== undefined) return entry.jsonArray;
  return entry.jsonShape === 'flat' ? undefined : entry.jsonShape;
}

function findKey(item: JsonObject, name: string): string | undefined {
  if (name in item) return name;
  const lower = name.toLowerCase();
  return Object.keys(item).find((k) => k.toLowerCase() === lower);
}

/** The item's nested rows and the key they came from; none when the item is itself the row. */
function nestedRows(item: JsonObject, entry: IReportEntry, warnings: WarningList): { key?: string; rows: unknown[] } {
  const expected = nestedJsonKey(entry);
  const key = expected === undefined ? undefined : findKey(item, expected);
  if (key !== undefined) {
    const value = item[key];
    if (Array.isArray(value)) return { key, rows: value };
    warnings.add(`Field "${key}" should be a list of rows but is not; read each item as one row.`);
    return { rows: [] };
  }
  // Microsoft's examples nest under names the catalog may not know yet; any list of objects is rows.
  const other = Object.keys(item).find((k) => isObjectArray(item[k]));
  if (other !== undefined) {
    warnings.add(
      expected === undefined
        ? `Items nest their rows in "${other}[]" although this report is expected to be flat; flattened them.`
        : `Items nest their rows in "${other}[]" instead of "${expected}[]"; flattened them.`
    );
    return { key: other, rows: item[other] as unknown[] };
  }
  if (expected !== undefined) {
    warnings.add(`Items have no "${expected}[]" list; read each item as one row.`);
  }
  return { rows: [] };
}

/** Turns beta JSON `value[]` items into typed rows keyed by CSV header; never throws on bad data. */
export function rowsFromJsonValues(values: unknown[], entry: IReportEntry): IParsedReport {
  const warnings = new WarningList();
  const unknown: string[] = [];
  const unknownSeen = new Set<string>();
  const rows: ReportRow[] = [];
  const found = new Set<IReportColumn>();
  // Trend reports nest one row per date; an item with an empty list has no rows to show.
  const emptyMeansNone = entry.jsonShape === 'userCounts';

  // Items of one report nearly always share their field names, so resolve names once per key set.
  const plans = new Map<string, IRowPlan>();
  const planFor = (keys: string[]): IRowPlan => {
    const signature = keys.join('\u0000');
    const cached = plans.get(signature);
    if (cached !== undefined) return cached;
    // Case-insensitive, then punctuation-blind lookup, so `audiovideo` still finds `Audio/Video`.
    const byLower = new Map<string, string>();
    const byLoose = new Map<string, string>();
    for (const k of keys) {
      if (!byLower.has(k.toLowerCase())) byLower.set(k.toLowerCase(), k);
      if (!byLoose.has(looseKey(k))) byLoose.set(looseKey(k), k);
    }
    const exact = entry.columns.map((c) => (c.json === undefined ? undefined : byLower.get(c.json.toLowerCase())));
    const used = new Set<string>(exact.filter((k): k is string => k !== undefined));
    const cells: Array<[IReportColumn, string | undefined]> = entry.columns.map((column, i) => {
      let key = exact[i];
      if (key === undefined) {
        // Fields missing from Microsoft's examples (or renamed) follow the camelCase convention;
        // a field another column names exactly is never taken.
        const alt = byLoose.get(looseKey(conventionalJsonName(column.header)));
        if (alt !== undefined && !used.has(alt)) {
          key = alt;
          used.add(alt);
        }
      }
      return [column, key];
    });
    const plan: IRowPlan = { cells, extras: keys.filter((k) => !used.has(k) && !k.startsWith('@odata')) };
    if (plans.size < 64) plans.set(signature, plan);
    return plan;
  };

  const toRow = (fields: JsonObject, where: string): ReportRow => {
    const plan = planFor(Object.keys(fields));
    const row: ReportRow = {};
    for (const [column, key] of plan.cells) {
      if (key === undefined) {
        row[column.header] = null;
        continue;
      }
      found.add(column);
      const cell = cellFromJson(fields[key], column);
      if (cell.problem !== undefined) {
        warnings.add(`${where}, field "${key}" (${column.header}): ${cell.problem}; left empty.`);
      }
      row[column.header] = cell.value;
    }
    for (const k of plan.extras) {
      if (!unknownSeen.has(k)) {
        unknownSeen.add(k);
        unknown.push(k);
      }
      row[k] = textOfUnknown(fields[k]);
    }
    return row;
  };

  if (!Array.isArray(values)) {
    warnings.add('The response has no value[] list of rows.');
    return { rows, refreshDate: null, warnings: warnings.toArray(), unknownColumns: unknown };
  }

  values.forEach((item, index) => {
    const where = `Item ${index + 1}`;
    if (!isObject(item)) {
      warnings.add(`${where} is not an object; skipped.`);
      return;
    }
    const nested = nestedRows(item, entry, warnings);
    if (nested.key === undefined) {
      rows.push(toRow(item, where));
      return;
    }
    const parent: JsonObject = { ...item };
    delete parent[nested.key];
    if (nested.rows.length === 0 && !emptyMeansNone) {
      rows.push(toRow(parent, where)); // e.g. a user with an empty details[] is still a user
      return;
    }
    nested.rows.forEach((inner, j) => {
      const innerWhere = `${where}, ${nested.key ?? ''}[${j}]`;
      if (!isObject(inner)) {
        warnings.add(`${innerWhere} is not an object; skipped.`);
        return;
      }
      // Parent fields are copied onto every inner row; the inner item wins on a clash.
      rows.push(toRow({ ...parent, ...inner }, innerWhere));
    });
  });

  // A column no row carried (no field under its name or the camelCase one): the JSON lacks it, not the user.
  const missing = rows.length > 0 ? entry.columns.filter((c) => !found.has(c)).map((c) => c.header) : [];
  if (missing.length > 0) warnings.add(`Columns missing from the data (left empty): ${missing.join(', ')}.`);
  let refreshDate: string | null = null;
  for (const row of rows) {
    const refresh = row[REFRESH_DATE];
    if (typeof refresh === 'string') {
      refreshDate = refresh;
      break;
    }
  }
  return { rows, refreshDate, warnings: warnings.toArray(), unknownColumns: unknown, ...(missing.length > 0 ? { missingColumns: missing } : {}) };
}
