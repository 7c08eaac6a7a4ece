import { buildRows, queryRows } from '../../src/core/directory/userIndex';
import type { IJoinSources } from '../../src/core/directory/userIndex';
import { sortValueFor } from '../../src/core/directory/userColumns';
import type { IUserRecord } from '../../src/core/directory/users';

/** Synthetic directory records (names, departments, licences) for timing the in-memory index. */
function records(n: number): IUserRecord[] {
  const first = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Megan', 'Nestor', 'Zoë', 'محمد', 'Søren'];
  const last = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lorenz', 'Gu', 'Holloway', 'Ångström'];
  const depts = ['Sales', 'Marketing', 'Finance', 'IT', 'Legal', 'Operations'];
  return Array.from({ length: n }, (_, i) => {
    const name = `${first[i % first.length]} ${last[(i * 7) % last.length]} ${i}`;
    const upn = `user${i}@contoso.onmicrosoft.com`;
    return { id: `id-${i}`, displayName: name, userPrincipalName: upn, mail: upn, jobTitle: 'Engineer', department: depts[i % depts.length] ?? null, officeLocation: null,
      userType: i % 20 === 0 ? 'Guest' : 'Member', accountEnabled: i % 13 !== 0, createdDateTime: '2024-01-01T00:00:00Z', usageLocation: 'NL', skuIds: i % 4 === 0 ? [] : ['sku-e3'] };
  });
}

const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0; };

/** Per-keystroke search and filter over `n` loaded users (the Users view's in-memory index). */
export function searchBench(n = 100_000): Array<Record<string, unknown>> {
  const joins: IJoinSources = { skus: { status: 'ready', data: new Map([['sku-e3', { skuId: 'sku-e3', skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', enabled: n, consumed: n, capabilityStatus: 'Enabled' }]]) }, mfa: { status: 'loading' }, activity: { status: 'loading' }, signIns: { status: 'off' }, attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' }, devices: { status: 'off' } };
  const t0 = performance.now();
  const rows = buildRows(records(n), joins);
  const buildMs = performance.now() - t0;
  const typed = 'johanna lorenz 4'.split('').map((_, i, a) => a.slice(0, i + 1).join(''));
  const time = (fn: () => unknown): number => { const s = performance.now(); fn(); return performance.now() - s; };
  const search = typed.map(text => time(() => queryRows(rows, { text }, '2026-11-21')));
  const filtered = typed.map(text => time(() => queryRows(rows, { text, filters: { inM365: true, userType: 'Member', departments: ['IT', 'Sales'] } }, '2026-11-21')));
  const sorted = typed.map(text => time(() => queryRows(rows, { text: text.slice(0, 2), sort: { key: 'displayName' } }, '2026-11-21', sortValueFor('displayName'))));
  const line = (bench: string, xs: number[]) => ({ bench, users: n, keystrokes: xs.length, medianMs: Math.round(pct(xs, 50) * 10) / 10, p95Ms: Math.round(pct(xs, 95) * 10) / 10 });
  return [
    { bench: 'users-index-build', users: n, ms: Math.round(buildMs) },
    line('users-search-keystroke', search),
    line('users-search-and-filter-keystroke', filtered),
    line('users-search-and-sort-keystroke', sorted)
  ];
}
