/** The slice of OData the product uses: $filter (a small parser), $select, $search, $top, $skiptoken. */
import { graphError } from './errors';

export type FilterValue = string | number | boolean | null;

/** A parsed $filter expression. */
export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; expr: FilterNode }
  | { op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; path: string; value: FilterValue }
  | { op: 'in'; path: string; values: FilterValue[] }
  | { op: 'startswith' | 'endswith'; path: string; value: string }
  | { op: 'any'; path: string; variable: string; expr: FilterNode };

interface IToken {
  t: 'word' | 'string' | 'punct';
  v: string;
  pos: number;
}

function tokenize(s: string): IToken[] {
  const out: IToken[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      const start = i++;
      for (;;) {
        if (i >= s.length) throw syntax(s, start);
        if (s.charAt(i) === "'") {
          if (s.charAt(i + 1) === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s.charAt(i++);
      }
      out.push({ t: 'string', v, pos: start });
      continue;
    }
    if ('(),:'.includes(c)) {
      out.push({ t: 'punct', v: c, pos: i++ });
      continue;
    }
    const start = i;
    while (i < s.length && !/[\s(),:']/.test(s.charAt(i))) i++;
    out.push({ t: 'word', v: s.slice(start, i), pos: start });
  }
  return out;
}

function syntax(s: string, pos: number): Error {
  return graphError(400, 'BadRequest', `Invalid filter clause: Syntax error at position ${pos} in '${s}'.`);
}

/** Parse a $filter expression; 400 BadRequest on a syntax error, as Graph answers. */
export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): IToken | undefined => toks[p];
  const next = (): IToken => {
    const t = toks[p++];
    if (!t) throw syntax(src, src.length);
    return t;
  };
  const expect = (v: string): void => {
    const t = next();
    if (t.v !== v) throw syntax(src, t.pos);
  };
  const literal = (): FilterValue => {
    const t = next();
    if (t.t === 'string') return t.v;
    if (t.t !== 'word') throw syntax(src, t.pos);
    if (t.v === 'true') return true;
    if (t.v === 'false') return false;
    if (t.v === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(t.v)) return Number(t.v);
    // GUIDs and DateTimeOffset literals are written bare.
    if (/^[0-9a-fA-F-]{36}$/.test(t.v) || /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(t.v)) return t.v;
    throw syntax(src, t.pos);
  };
  const primary = (): FilterNode => {
    const t = next();
    if (t.v === '(') {
      const e = orExpr();
      expect(')');
      return e;
    }
    if (t.t !== 'word') throw syntax(src, t.pos);
    if (t.v.toLowerCase() === 'not') return { op: 'not', expr: primary() };
    const fn = t.v.toLowerCase();
    if ((fn === 'startswith' || fn === 'endswith') && peek()?.v === '(') {
      expect('(');
      const path = next();
      expect(',');
      const value = literal();
      expect(')');
      if (typeof value !== 'string') throw syntax(src, path.pos);
      return { op: fn, path: path.v, value };
    }
    // path/any(x:x/prop eq value)
    const anyMatch = /^(.+)\/(any)$/i.exec(t.v);
    if (anyMatch && peek()?.v === '(') {
      expect('(');
      const variable = next().v;
      expect(':');
      const inner = orExpr();
      expect(')');
      return { op: 'any', path: anyMatch[1] ?? '', variable, expr: inner };
    }
    const op = next();
    const o = op.v.toLowerCase();
    if (o === 'in') {
      expect('(');
      const values: FilterValue[] = [];
      if (peek()?.v !== ')') {
        values.push(literal());
        while (peek()?.v === ',') {
          next();
          values.push(literal());
        }
      }
      expect(')');
      return { op: 'in', path: t.v, values };
    }
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(o)) throw syntax(src, op.pos);
    return { op: o as 'eq', path: t.v, value: literal() };
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (peek()?.v.toLowerCase() === 'and') {
      next();
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peek()?.v.toLowerCase() === 'or') {
      next();
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const root = orExpr();
  if (p < toks.length) throw syntax(src, toks[p]?.pos ?? 0);
  return root;
}

/** What a resource allows in $filter: per property, the operators, and whether they need advanced queries. */
export interface IFilterRules {
  resource: string;
  /** property -> allowed operators without advanced query (ConsistencyLevel + $count). */
  basic: Record<string, string[]>;
  /** property -> extra operators allowed only as advanced queries. */
  advanced: Record<string, string[]>;
  /** Collection properties usable with any(): property -> inner property -> operators. */
  collections: Record<string, Record<string, string[]>>;
}

/** Check a filter against the resource's rules; 400 the way Graph answers for unsupported clauses. */
export function checkFilter(node: FilterNode, rules: IFilterRules, advanced: boolean, known: (p: string) => boolean): void {
  const unsupported = (path: string): Error =>
    graphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property '${path}' of resource '${rules.resource}'.`);
  const visit = (n: FilterNode): void => {
    switch (n.op) {
      case 'and':
      case 'or':
        visit(n.left);
        visit(n.right);
        return;
      case 'not':
        if (!advanced) throw graphError(400, 'Request_UnsupportedQuery', "Unsupported Query. The 'not' operator requires an advanced query (ConsistencyLevel: eventual and $count=true).");
        visit(n.expr);
        return;
      case 'any': {
        const coll = rules.collections[n.path];
        if (!coll) throw known(n.path) ? unsupported(n.path) : unknownProperty(n.path, rules.resource);
        const check = (inner: FilterNode): void => {
          if (inner.op === 'and' || inner.op === 'or') {
            check(inner.left);
            check(inner.right);
            return;
          }
          const leaf = leafOf(inner);
          if (!leaf) throw unsupported(n.path);
          const prop = leaf.path === n.variable ? '' : leaf.path.replace(new RegExp(`^${n.variable}/`), '');
          const ops = coll[prop];
          if (!ops || !ops.includes(leaf.op)) throw unsupported(n.path);
        };
        check(n.expr);
        return;
      }
      default: {
        if (!known(n.path)) throw unknownProperty(n.path, rules.resource);
        const ok = rules.basic[n.path]?.includes(n.op) || (advanced && rules.advanced[n.path]?.includes(n.op));
        if (!ok) throw unsupported(n.path);
      }
    }
  };
  visit(node);
}

function leafOf(n: FilterNode): { path: string; op: string } | undefined {
  return 'path' in n && n.op !== 'any' ? { path: n.path, op: n.op } : undefined;
}

export function unknownProperty(path: string, resource: string): Error {
  return graphError(400, 'Request_BadRequest', `Could not find a property named '${path.split('/')[0] ?? path}' on type 'microsoft.graph.${resource.charAt(0).toLowerCase()}${resource.slice(1)}'.`);
}

function cmp(a: unknown, b: FilterValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a === b ? 0 : NaN;
}

/** Evaluate a filter; `get` reads a (possibly slash-separated) property of the record. */
export function evalFilter(n: FilterNode, get: (path: string) => unknown): boolean {
  switch (n.op) {
    case 'and':
      return evalFilter(n.left, get) && evalFilter(n.right, get);
    case 'or':
      return evalFilter(n.left, get) || evalFilter(n.right, get);
    case 'not':
      return !evalFilter(n.expr, get);
    case 'in':
      return n.values.some((v) => cmp(get(n.path), v) === 0 || (get(n.path) === null && v === null));
    case 'startswith': {
      const v = get(n.path);
      return typeof v === 'string' && v.toLowerCase().startsWith(n.value.toLowerCase());
    }
    case 'endswith': {
      const v = get(n.path);
      return typeof v === 'string' && v.toLowerCase().endsWith(n.value.toLowerCase());
    }
    case 'any': {
      const coll = get(n.path);
      if (!Array.isArray(coll)) return false;
      return coll.some((item) =>
        evalFilter(n.expr, (p) => {
          if (p === n.variable) return item;
          const rest = p.replace(new RegExp(`^${n.variable}/`), '');
          return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[rest] : undefined;
        })
      );
    }
    default: {
      const v = get(n.path);
      if (n.value === null) return n.op === 'eq' ? v === null || v === undefined : n.op === 'ne' ? v !== null && v !== undefined : false;
      const c = cmp(v, n.value);
      if (Number.isNaN(c)) return n.op === 'ne';
      switch (n.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        default:
          return c <= 0;
      }
    }
  }
}

/** `$search="displayName:ann" OR "mail:ann"` -> clauses; 400 on anything else. */
export interface ISearchClause {
  property: string;
  term: string;
}
export function parseSearch(src: string, allowed: string[]): { clauses: ISearchClause[]; mode: 'and' | 'or' } {
  const parts = src.trim().split(/\s+(AND|OR)\s+/);
  const clauses: ISearchClause[] = [];
  let mode: 'and' | 'or' = 'and';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part === 'AND' || part === 'OR') {
      mode = part === 'OR' ? 'or' : 'and';
      continue;
    }
    const m = /^"([A-Za-z]+):(.*)"$/.exec(part.trim());
    if (!m) throw graphError(400, 'Request_UnsupportedQuery', 'Syntax error: character \'"\' is not valid at position 0 in \'$search\'. $search requires "property:value" clauses in double quotes.');
    const property = m[1] ?? '';
    if (!allowed.includes(property)) throw graphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid search query clause specified for property '${property}'.`);
    clauses.push({ property, term: (m[2] ?? '').trim() });
  }
  return { clauses, mode };
}

/** Graph's $search tokenises values into words and matches word prefixes, case-insensitively. */
export function searchMatches(value: unknown, term: string): boolean {
  if (typeof value !== 'string' || !term) return false;
  const t = term.toLowerCase();
  const v = value.toLowerCase();
  if (v.startsWith(t)) return true;
  return v.split(/[\s.@_\-,()'"]+/).some((w) => w.startsWith(t));
}

/** Read an OData option by name with or without `$`, case-insensitively. */
export function option(q: URLSearchParams, name: string): string | null {
  const want = name.toLowerCase();
  for (const [k, v] of q) {
    const key = k.toLowerCase();
    if (key === `$${want}` || key === want) return v;
  }
  return null;
}

/** Opaque paging token: base64url of the position to resume at. */
export function skipToken(pos: number): string {
  return Buffer.from(`X'${pos.toString(16).padStart(8, '0')}${'0'.repeat(24)}'`).toString('base64url');
}
export function readSkipToken(s: string | null): number {
  if (!s) return 0;
  const m = /^X'([0-9a-f]{8})/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m) throw graphError(400, 'Request_BadRequest', "The specified page token value has expired and can no longer be included in your request.");
  return parseInt(m[1] ?? '0', 16);
}

/** Build an absolute next link: the same request with the skip token replaced. */
export function nextLink(base: string, pathWithVersion: string, q: URLSearchParams, tokenName: string, token: string): string {
  // Keep OData punctuation readable ($top, 'quotes', commas) the way Graph's own links do.
  const enc = (s: string): string =>
    encodeURIComponent(s).replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%27/g, "'").replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%40/g, '@');
  const parts: string[] = [];
  for (const [k, v] of q) if (!/^\$?skiptoken$/i.test(k)) parts.push(`${enc(k)}=${enc(v)}`);
  parts.push(`${enc(tokenName)}=${enc(token)}`);
  const path = pathWithVersion.split('/').map((seg) => enc(seg).replace(/%3D/g, '=')).join('/');
  return `${base}${path}?${parts.join('&')}`;
}
