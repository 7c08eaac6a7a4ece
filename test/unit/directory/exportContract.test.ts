import * as fs from 'fs';
import * as path from 'path';
import { USER_COLUMNS } from '../../../src/core/directory/userColumns';
import { columnsFromText, DEFAULT_COLUMNS } from '../../../src/ui/common/defaults';

// The Users export's columns are a public contract, written down in the README: the two must not drift.
describe("the Users export's contract", () => {
  it('the README lists every column, key and header, in the order "Export all" writes them', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('**Users** — `m365-users-');
    const table = readme.slice(start, readme.indexOf('**Impression** — ', start));
    const rows = [...table.matchAll(/^\| `(\w+)` \| ([^|]+?) \|/gm)].map(m => [m[1], m[2]]);
    expect(rows).toEqual(USER_COLUMNS.map(c => [c.key, c.header]));
  });
});

describe("the property pane's default columns", () => {
  it('take the security columns by key, as every other column (the README lists the keys)', () => {
    expect(columnsFromText('displayName, mfaEnforcedBy, clicked, training')).toEqual(['displayName', 'mfaEnforcedBy', 'clicked', 'training']);
    // Not among the defaults: a fresh web part reads nothing of them.
    expect(DEFAULT_COLUMNS.filter(k => USER_COLUMNS.find(c => c.key === k)?.source === 'attackSimulation' || k === 'mfaEnforcedBy')).toEqual([]);
  });
});
