import * as React from 'react';
import { ConstrainMode, DetailsList, DetailsListLayoutMode, SelectionMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { Link } from '@fluentui/react/lib/Link';
import { FREE_NOT_WASTE, formatMoney, savingHolders } from '../../core/licences';
import type { ICostModel, ILicenceModel, ISkuUsage } from '../../core/licences';

const fmt = new Intl.NumberFormat('en-US');

/** A sort of the SKU table. */
export interface ISkuSort {
  key: string;
  descending: boolean;
}

/** Props of SkuTable. */
export interface ISkuTableProps {
  model: ILicenceModel;
  cost: ICostModel | undefined;
  /** The SKU whose holders and waste show below (its row reads as chosen). */
  chosen: string | undefined;
  onChoose: (skuKey: string) => void;
  /** Whether a price may be entered here (the editor opens with the SKU). */
  canPrice: boolean;
}

interface ISkuColumn {
  key: string;
  name: string;
  width: number;
  numeric?: boolean;
  value: (u: ISkuUsage, cost: ICostModel | undefined) => string | number | null;
  text?: (u: ISkuUsage, cost: ICostModel | undefined) => string;
}

const money = (m: { amount: number; currency: string } | undefined): string => (m ? formatMoney(m) : '');

/** A free or trial SKU's waste column: it has none (waste is about paid licences). */
const wasteText = (u: ISkuUsage): string => (u.sku.freeWhy === null ? fmt.format(savingHolders(u)) : FREE_NOT_WASTE);

/**
 * The columns an admin decides on come first (what is bought, used and wasted, and what it costs), so they stay in
 * view at 1366 px; the status columns and the holders' split follow.
 */
const COLUMNS: ISkuColumn[] = [
  { key: 'name', name: 'Product', width: 220, value: u => u.sku.name.toLowerCase() },
  { key: 'enabled', name: 'Purchased', width: 85, numeric: true, value: u => u.sku.enabled },
  { key: 'assigned', name: 'Assigned', width: 80, numeric: true, value: u => u.sku.assigned },
  { key: 'available', name: 'Available', width: 80, numeric: true, value: u => u.sku.available },
  { key: 'waste', name: 'Wasted holdings', width: 150, numeric: true, value: u => (u.sku.freeWhy === null ? savingHolders(u) : null), text: wasteText },
  { key: 'price', name: 'Unit price (month)', width: 130, numeric: true, value: (u, c) => c?.bySku.get(u.sku.key)?.price?.monthly ?? null, text: (u, c) => { const p = c?.bySku.get(u.sku.key)?.price; return p ? formatMoney({ amount: p.monthly, currency: p.currency }) : ''; } },
  { key: 'monthly', name: 'Monthly cost', width: 130, numeric: true, value: (u, c) => c?.bySku.get(u.sku.key)?.monthly?.amount ?? null, text: (u, c) => money(c?.bySku.get(u.sku.key)?.monthly) },
  { key: 'saving', name: 'Potential saving', width: 130, numeric: true, value: (u, c) => c?.bySku.get(u.sku.key)?.saving?.amount ?? null, text: (u, c) => money(c?.bySku.get(u.sku.key)?.saving) },
  {
    key: 'holders', name: 'Holders (direct / group)', width: 160, numeric: true, value: u => u.holders.length,
    text: u => `${fmt.format(u.holders.length)}${u.direct === undefined ? '' : ` (${fmt.format(u.direct)} / ${fmt.format(u.viaGroup ?? 0)})`}`
  },
  { key: 'paid', name: 'Paid', width: 90, value: u => (u.sku.freeWhy === null ? 'Paid' : 'Free or trial') },
  { key: 'status', name: 'Status', width: 90, value: u => u.sku.capabilityStatus },
  { key: 'warning', name: 'Warning', width: 75, numeric: true, value: u => u.sku.warning },
  { key: 'suspended', name: 'Suspended', width: 85, numeric: true, value: u => u.sku.suspended }
];

/** The SKUs in order of a column (missing values last). */
export function sortSkus(skus: readonly ISkuUsage[], cost: ICostModel | undefined, sort: ISkuSort | undefined): ISkuUsage[] {
  const col = COLUMNS.find(c => c.key === sort?.key);
  if (!col || !sort) return [...skus];
  const dir = sort.descending ? -1 : 1;
  return skus.map(u => ({ u, v: col.value(u, cost) })).sort((a, b) => {
    if (a.v === b.v) return 0;
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    return (a.v < b.v ? -1 : 1) * dir;
  }).map(x => x.u);
}

/** Every subscribed SKU: units, holders, waste and cost; a header click sorts, the product name (or Enter) opens its lists. */
export function SkuTable({ model, cost, chosen, onChoose, canPrice }: ISkuTableProps): JSX.Element {
  const [sort, setSort] = React.useState<ISkuSort | undefined>(undefined);
  const items = React.useMemo(() => sortSkus(model.skus, cost, sort), [model, cost, sort]);
  const columns: IColumn[] = COLUMNS.map(c => ({
    key: c.key, name: c.name, minWidth: Math.min(c.width, 70), maxWidth: c.width, isResizable: true,
    isSorted: sort?.key === c.key, isSortedDescending: sort?.key === c.key && sort.descending,
    sortAscendingAriaLabel: c.numeric ? 'Sorted smallest first' : 'Sorted A to Z',
    sortDescendingAriaLabel: c.numeric ? 'Sorted largest first' : 'Sorted Z to A',
    onColumnClick: () => setSort(s => (s?.key === c.key ? { key: c.key, descending: !s.descending } : { key: c.key, descending: c.numeric === true })),
    onRender: (u: ISkuUsage) => {
      if (c.key === 'name') {
        return <Link onClick={() => onChoose(u.sku.key)} aria-current={chosen === u.sku.key ? 'true' : undefined} title={`${u.sku.skuPartNumber}: holders and waste`} style={chosen === u.sku.key ? { fontWeight: 600 } : undefined}>{u.sku.name}</Link>;
      }
      if (c.key === 'waste' && u.sku.freeWhy !== null) return <span title={u.sku.freeWhy}>{FREE_NOT_WASTE}</span>;
      if (c.key === 'price' && !cost?.bySku.get(u.sku.key)?.price) {
        return canPrice ? <Link onClick={() => onChoose(u.sku.key)}>Enter a price</Link> : <span>No price</span>;
      }
      if (c.text) return c.text(u, cost);
      const v = c.value(u, cost);
      return typeof v === 'number' ? fmt.format(v) : v ?? '';
    }
  }));
  return (
    <div data-is-scrollable="false" style={{ width: 0, minWidth: '100%', overflowX: 'auto' }} data-testid="licences-skus">
      <DetailsList items={items} columns={columns} selectionMode={SelectionMode.none} layoutMode={DetailsListLayoutMode.fixedColumns}
        constrainMode={ConstrainMode.unconstrained} onItemInvoked={(u: ISkuUsage) => onChoose(u.sku.key)} ariaLabelForGrid="Subscribed SKUs"
        getKey={(u: ISkuUsage) => u.sku.key} />
    </div>
  );
}
