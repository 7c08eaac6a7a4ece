/**
 * The Licences workbook (the view's "Export" and the CLI's `licences`): SKUs, Cost per currency, Holders, Waste and
 * Notes. Cells hold values only. Headers are a public contract (the README lists them).
 */
import { fileDate, keyValueSheet, safeFileNamePart } from '../export';
import type { CellValue, IColumnSpec, ISheetSpec, KeyValuePair } from '../export';
import type { IUserRow } from '../directory/userIndex';
import { assignmentText } from './assignments';
import { SAVING_KINDS } from './cost';
import { WASTE_KINDS, WASTE_LABEL, assignmentOf, overlapOf } from './model';
import { OVERLAP_SHARE } from './overlap';
import type { ICostModel, ILicenceModel, ISkuUsage, WasteKind } from './types';

/** `m365-licences-<tenant>-<yyyy-mm-dd>.xlsx`; a single list: `m365-licences-<part>-<list>-<tenant>-<date>.xlsx`. */
export function licencesFileName(tenant: string, date: Date | string, list?: { part: string; kind: WasteKind | 'holders' }): string {
  const what = list ? `-${safeFileNamePart(list.part, 'sku')}-${list.kind}` : '';
  return `m365-licences${what}-${safeFileNamePart(tenant, 'tenant')}-${fileDate(date)}.xlsx`;
}

const n = (v: number | undefined): CellValue => (v === undefined ? null : v);
const col = (header: string, type: IColumnSpec['type'] = 'string'): IColumnSpec => ({ header, type });
const MONEY = '#,##0.00';
const moneyCol = (header: string): IColumnSpec => ({ header, type: 'number', numberFormat: MONEY });

/** The SKUs sheet: every unit count, holders, each waste count (empty where a category cannot be told) and cost. */
export function skusSheet(model: ILicenceModel, cost: ICostModel | undefined): ISheetSpec {
  const columns: IColumnSpec[] = [
    col('Product'), col('Part number'), col('SKU id'), col('Capability status'), col('Paid'),
    col('Purchased', 'number'), col('Warning', 'number'), col('Suspended', 'number'), col('Locked out', 'number'),
    col('Assigned', 'number'), col('Available', 'number'), col('Holders', 'number'), col('Direct', 'number'), col('Through groups', 'number'),
    ...WASTE_KINDS.map(k => col(WASTE_LABEL[k], 'number')),
    moneyCol('Unit price (month)'), col('Currency'), moneyCol('Monthly cost'), moneyCol('Unassigned units cost'), moneyCol('Potential saving'),
    col('Price entered by'), col('Price entered at', 'datetime')
  ];
  const rows = model.skus.map(u => {
    const c = cost?.bySku.get(u.sku.key);
    return [
      u.sku.name, u.sku.skuPartNumber, u.sku.skuId, u.sku.capabilityStatus, u.sku.freeWhy === null ? 'Paid' : 'Free or trial',
      u.sku.enabled, u.sku.warning, u.sku.suspended, u.sku.lockedOut, u.sku.assigned, u.sku.available, u.holders.length, n(u.direct), n(u.viaGroup),
      ...WASTE_KINDS.map(k => (u.waste[k].status === 'ready' ? u.waste[k].holders.length : null)),
      c?.price?.monthly ?? null, c?.price?.currency ?? null, c?.monthly?.amount ?? null, c?.unassigned?.amount ?? null, c?.saving?.amount ?? null,
      c?.price?.by ?? null, c?.price?.at ?? null
    ];
  });
  return { name: 'SKUs', columns, rows };
}

/** The Cost sheet: one line per currency (amounts are never added across currencies). */
export function costSheet(cost: ICostModel): ISheetSpec {
  const columns: IColumnSpec[] = [col('Currency'), col('SKUs priced', 'number'), moneyCol('Monthly cost'), moneyCol('Unassigned units cost'),
    ...WASTE_KINDS.map(k => moneyCol(WASTE_LABEL[k])), moneyCol('Potential saving')];
  const rows = cost.totals.map(t => [t.currency, t.skus, t.monthly, t.unassigned, ...WASTE_KINDS.map(k => t.waste[k] ?? null), t.saving]);
  return { name: 'Cost', columns, rows };
}

const HOLDER_COLUMNS: IColumnSpec[] = [
  col('Product'), col('Name'), col('User principal name'), col('Account enabled', 'boolean'), col('User type'), col('Assignment'),
  col('Last activity', 'date'), col('Last activity workload'), col('Last sign-in', 'datetime'), col('Created', 'datetime')
];

function holderCells(model: ILicenceModel, u: ISkuUsage, r: number): CellValue[] {
  const row = model.rows[r] as IUserRow;
  const a = assignmentOf(model, r, u.sku.key);
  return [
    u.sku.name, row.user.displayName, row.user.userPrincipalName, row.user.accountEnabled, row.user.userType,
    assignmentText(a, model.assignments?.groupNames),
    row.activity?.date ?? null, row.activity?.workload ?? null, row.lastSignIn ?? null, row.user.createdDateTime
  ];
}

/** The waste categories a holder of `u` is in, in words. */
function wasteOf(u: ISkuUsage, r: number, memo: Map<WasteKind, Set<number>>): string[] {
  return WASTE_KINDS.filter(k => {
    let set = memo.get(k);
    if (!set) memo.set(k, (set = new Set(u.waste[k].holders)));
    return set.has(r);
  }).map(k => WASTE_LABEL[k]);
}

/** The Holders sheet: every holder of every SKU (or of the SKUs given), with the waste categories each is in. */
export function holdersSheet(model: ILicenceModel, only?: ReadonlyArray<{ usage: ISkuUsage; rows: readonly number[] }>): ISheetSpec {
  const rows: CellValue[][] = [];
  for (const { usage, rows: picked } of only ?? model.skus.map(u => ({ usage: u, rows: u.holders }))) {
    const memo = new Map<WasteKind, Set<number>>();
    for (const r of picked) rows.push([...holderCells(model, usage, r), wasteOf(usage, r, memo)]);
  }
  return { name: 'Holders', columns: [...HOLDER_COLUMNS, col('Waste')], rows };
}

/** The Waste sheet: one line per SKU, category and holder, with the SKUs an overlapping holder also holds. */
export function wasteSheet(model: ILicenceModel, kinds: readonly WasteKind[] = WASTE_KINDS, skus: readonly ISkuUsage[] = model.skus, only?: readonly number[]): ISheetSpec {
  const names = new Map(model.skus.map(u => [u.sku.key, u.sku.name]));
  const rows: CellValue[][] = [];
  const keep = only ? new Set(only) : undefined;
  for (const u of skus) {
    for (const k of kinds) {
      if (u.waste[k].status !== 'ready') continue;
      for (const r of u.waste[k].holders) {
        if (keep && !keep.has(r)) continue;
        rows.push([WASTE_LABEL[k], ...holderCells(model, u, r), overlapOf(model, r, u.sku.key).map(key => names.get(key) ?? key)]);
      }
    }
  }
  return { name: 'Waste', columns: [col('Category'), ...HOLDER_COLUMNS, col('Also holds')], rows };
}

/** The Notes sheet: the dates the figures rest on, what could not be told and why, and the rules. */
export function notesSheet(model: ILicenceModel, generated: Date, extra: readonly string[] = []): ISheetSpec {
  const pairs: KeyValuePair[] = [
    ['Generated', generated.toISOString(), 'datetime'],
    ['Activity report date', model.activityDate, 'date'],
    ['Activity ages counted to', model.asOf, 'date'],
    ['Holders split direct / group', model.assignments ? 'Yes (licenseAssignmentStates)' : 'No: the assignments could not be read']
  ];
  for (const k of WASTE_KINDS) {
    const a = model.availability[k];
    if (a.status !== 'ready' || a.why) pairs.push([WASTE_LABEL[k], a.status === 'ready' ? a.why ?? '' : a.why ?? `Not available (${a.status})`]);
  }
  pairs.push(
    ['Overlap', `A SKU is covered by another when at least ${Math.round(OVERLAP_SHARE * 100)}% of its service plans (user plans, free and viral ones left out) are in the other, which has at least as many; the covered one is listed.`],
    ['Paid', 'A SKU is free or a trial when its part number or name says free, trial, viral or exploratory, or every service plan in it is a free or viral one; every other SKU is paid. Waste is counted on paid SKUs only: a free or trial SKU\'s waste columns are 0 and it has no saving.'],
    ['Inactivity', 'Counted from the activity report: a holder the report has no row for, or whose name is concealed, is never counted as inactive.'],
    ['Cost', 'Only from prices an admin entered; amounts are never added across currencies.'],
    ['Potential saving', `Unassigned units, and holders in: ${SAVING_KINDS.map(k => WASTE_LABEL[k]).join('; ')} (each holding once).`],
    ...extra.map((text, i): KeyValuePair => [`Note ${i + 1}`, text])
  );
  return keyValueSheet('Notes', pairs);
}

/** The whole workbook: SKUs, Cost (when any price is entered), Holders, Waste, Notes. */
export function licencesSheets(model: ILicenceModel, cost: ICostModel | undefined, generated: Date, notes: readonly string[] = []): ISheetSpec[] {
  const sheets = [skusSheet(model, cost)];
  if (cost && cost.totals.length) sheets.push(costSheet(cost));
  sheets.push(holdersSheet(model), wasteSheet(model), notesSheet(model, generated, notes));
  return sheets;
}
