// Test-only access to the Graph facts file; production code never imports it (bundle size).
import * as fs from 'fs';
import * as path from 'path';

export type BetaField = string | string[] | Array<Record<string, string>>;

export interface IRawReport {
  function: string;
  params: string[];
  csvHeaders: string[];
  betaJsonRow?: Record<string, BetaField> | null;
  workload: string;
  kind: string;
  serviceRetired: boolean;
}

export const REPORTS_JSON_PATH = path.join(__dirname, '../../../src/core/reports/data/reports.json');

export function loadRawReports(): IRawReport[] {
  const parsed = JSON.parse(fs.readFileSync(REPORTS_JSON_PATH, 'utf8')) as { reports: IRawReport[] };
  return parsed.reports;
}

/** A betaJsonRow split into its top-level fields and the fields of its nested item (if any). */
export function splitBetaRow(row: Record<string, BetaField>): {
  top: Record<string, BetaField>;
  nestedKey?: string;
  nested: Record<string, string>;
} {
  const top: Record<string, BetaField> = {};
  let nestedKey: string | undefined;
  let nested: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    const first = Array.isArray(v) ? v[0] : undefined;
    if (typeof first === 'object' && first !== null) {
      nestedKey = k;
      nested = first;
    } else {
      top[k] = v;
    }
  }
  return { top, nestedKey, nested };
}
