/**
 * A generic list's columns and items (BaseTemplate 100) for the demo tenant's SharePoint (sharePoint.ts routes to
 * it): adding columns (`POST .../fields`, SP.Field with FieldTypeKind), adding, changing (MERGE) and deleting items,
 * and reading them with `$select`, `$filter` (eq, ne, gt, ge, lt, le, and, or, not, parentheses, startswith),
 * `$orderby`, `$top` (100 by default, 5,000 at most) and `$skiptoken` paging through `odata.nextLink`, in
 * nometadata JSON. Written from SharePoint's REST reference: a Note column cannot be filtered on; past 5,000
 * items a filter must name an indexed column (the list view threshold).
 */
import { CODE, SP_MSG, SharePointError, badQuery } from './sharePointErrors';
import { option } from './odata';

/** A column as a test may know it. */
export interface IDemoListField {
  title: string;
  internalName: string;
  /** 'Text', 'Note', 'Counter', 'DateTime', 'Integer'. */
  type: string;
  fieldTypeKind: number;
  indexed: boolean;
}

/** An item as a test may know it: its id and its columns' values. */
export interface IDemoListItem {
  id: number;
  fields: Record<string, string | null>;
  version: number;
}

interface IItem extends IDemoListItem {
  created: Date;
  modified: Date;
  authorId: number;
  editorId: number;
  guid: string;
}

type Value = string | number | boolean | null;

const MAX_TOP = 5000;
const DEFAULT_TOP = 100;
const THRESHOLD = 5000;
const TEXT_MAX = 255;
/** FieldTypeKind -> TypeAsString, for the kinds a caller may add. */
const FIELD_TYPES: Record<number, string> = { 2: 'Text', 3: 'Note' };

/** SharePoint's time format: `2026-03-10T09:15:00Z`. */
function spTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** A name in an OData entity type: characters other than letters, digits and _ written `_x0020_` as SharePoint does. */
export function entityName(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0')}_`);
}

/** A generic list's columns and items. */
export class ListData {
  public readonly fields: IDemoListField[] = [
    { title: 'ID', internalName: 'ID', type: 'Counter', fieldTypeKind: 5, indexed: true },
    { title: 'Title', internalName: 'Title', type: 'Text', fieldTypeKind: 2, indexed: false },
    { title: 'Created', internalName: 'Created', type: 'DateTime', fieldTypeKind: 4, indexed: false },
    { title: 'Modified', internalName: 'Modified', type: 'DateTime', fieldTypeKind: 4, indexed: false }
  ];
  public readonly items = new Map<number, IItem>();
  private nextId = 1;
  private readonly people = new Map<string, number>();

  public constructor(public readonly itemType: string, private readonly newGuid: () => string) {}

  // ---------------------------------------------------------- fields

  /** POST .../fields: `{ Title, FieldTypeKind, Indexed? }` (with or without `__metadata: { type: 'SP.Field' }`). */
  public addField(body: Record<string, unknown>): Record<string, unknown> {
    const type = (body.__metadata as { type?: unknown } | undefined)?.type;
    if (type !== undefined && type !== 'SP.Field' && type !== 'SP.FieldText' && type !== 'SP.FieldMultiLineText') throw badQuery(`A type named '${String(type)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
    const title = typeof body.Title === 'string' ? body.Title.trim() : '';
    const kind = typeof body.FieldTypeKind === 'number' ? body.FieldTypeKind : NaN;
    if (!title) throw new SharePointError(400, CODE.argument, SP_MSG.outOfRange);
    const typeName = FIELD_TYPES[kind];
    if (!typeName) throw badQuery(`The demo tenant adds Text (2) and Note (3) columns only, not FieldTypeKind ${String(body.FieldTypeKind)}.`);
    // SharePoint derives the internal name from the title: letters and digits kept, the rest encoded.
    const internalName = entityName(title);
    if (this.fields.some((f) => f.internalName.toLowerCase() === internalName.toLowerCase() || f.title.toLowerCase() === title.toLowerCase())) {
      throw new SharePointError(500, CODE.duplicateField, `A duplicate field name "${internalName}" was found.`);
    }
    const field: IDemoListField = { title, internalName, type: typeName, fieldTypeKind: kind, indexed: body.Indexed === true && typeName !== 'Note' };
    this.fields.push(field);
    return fieldEntity(field);
  }

  /** GET .../fields: `{ value: [SP.Field] }`, projected by $select. */
  public fieldsEntity(query: URLSearchParams): Record<string, unknown> {
    const select = listOf(option(query, 'select'));
    return { value: this.fields.map((f) => project(fieldEntity(f), select, 'SP.Field')) };
  }

  // ---------------------------------------------------------- items

  /** POST .../items: a new item from `{ Title, Kind, ... }`; 201 with its entity. */
  public add(body: Record<string, unknown>, caller: string, now: Date): Record<string, unknown> {
    const values = this.values(body);
    const person = this.person(caller);
    const item: IItem = { id: this.nextId++, fields: {}, version: 1, created: now, modified: now, authorId: person, editorId: person, guid: this.newGuid() };
    for (const f of this.fields) if (this.writable(f)) item.fields[f.internalName] = null;
    Object.assign(item.fields, values);
    this.items.set(item.id, item);
    return this.entity(item, []);
  }

  /** A test's item, written without HTTP (any string for any column the list has). */
  public put(fields: Record<string, string | null>): number {
    const item: IItem = { id: this.nextId++, fields: {}, version: 1, created: new Date(), modified: new Date(), authorId: 1, editorId: 1, guid: this.newGuid() };
    for (const f of this.fields) if (this.writable(f)) item.fields[f.internalName] = fields[f.internalName] ?? null;
    this.items.set(item.id, item);
    return item.id;
  }

  /** MERGE .../items(id): the fields given change; IF-MATCH `*` or the item's etag (`"<version>"`). */
  public merge(id: number, body: Record<string, unknown>, ifMatch: string | undefined, caller: string, now: Date): void {
    const item = this.item(id);
    this.checkEtag(item, ifMatch);
    Object.assign(item.fields, this.values(body));
    item.version++;
    item.modified = now;
    item.editorId = this.person(caller);
  }

  /** DELETE .../items(id). */
  public delete(id: number, ifMatch: string | undefined): void {
    this.checkEtag(this.item(id), ifMatch);
    this.items.delete(id);
  }

  /** GET .../items(id). */
  public one(id: number, query: URLSearchParams): Record<string, unknown> {
    return this.entity(this.item(id), this.selected(listOf(option(query, 'select'))));
  }

  /** GET .../items: one page, and `odata.nextLink` (absolute, this URL with the next `$skiptoken`) when more follow. */
  public query(query: URLSearchParams, selfUrl: string): Record<string, unknown> {
    const select = this.selected(listOf(option(query, 'select')));
    const filterText = option(query, 'filter');
    const filter = filterText ? this.parseFilter(filterText) : undefined;
    const order = this.parseOrder(option(query, 'orderby'));
    const topText = option(query, 'top');
    const top = topText === null ? DEFAULT_TOP : Math.min(MAX_TOP, Number(topText));
    if (!Number.isInteger(top) || top < 0) throw badQuery(`Invalid $top value: '${String(topText)}'.`);
    let rows = [...this.items.values()];
    if (filter) rows = rows.filter((it) => filter(it));
    rows.sort((a, b) => this.compare(a, b, order));
    const token = parseSkipToken(option(query, 'skiptoken'));
    if (token) rows = rows.filter((it) => this.compare(it, token, order) > 0);
    const page = rows.slice(0, top);
    const out: Record<string, unknown> = { value: page.map((it) => this.entity(it, select)) };
    const last = page[page.length - 1];
    if (last && rows.length > page.length) out['odata.nextLink'] = nextLink(selfUrl, query, this.skipToken(last, order));
    return out;
  }

  // ---------------------------------------------------------- helpers

  private item(id: number): IItem {
    const item = this.items.get(id);
    if (!item) throw new SharePointError(404, CODE.argument, 'Item does not exist. It may have been deleted by another user.');
    return item;
  }

  private checkEtag(item: IItem, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch.trim() === '*') return;
    if (ifMatch.trim() !== `"${item.version}"`) {
      throw new SharePointError(412, '-1, Microsoft.SharePoint.Client.ClientServiceException', `The request ETag value '${ifMatch}' does not match the object's ETag value '"${item.version}"'.`);
    }
  }

  private person(oid: string): number {
    let n = this.people.get(oid);
    if (n === undefined) {
      n = this.people.size + 7; // site users' ids start after the site's own accounts
      this.people.set(oid, n);
    }
    return n;
  }

  private writable(f: IDemoListField): boolean {
    return f.type === 'Text' || f.type === 'Note';
  }

  /** The item's values from a request body: known writable columns only, text within a Text column's 255 characters. */
  private values(body: Record<string, unknown>): Record<string, string | null> {
    const type = (body.__metadata as { type?: unknown } | undefined)?.type;
    if (type !== undefined && type !== this.itemType) throw badQuery(`A type named '${String(type)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
    const out: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(body)) {
      if (name === '__metadata') continue;
      const f = this.fields.find((x) => x.internalName === name);
      if (!f || !this.writable(f)) throw badQuery(`The property '${name}' does not exist on type '${this.itemType}'. Make sure to only use property names that are defined by the type.`);
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw badQuery(`Cannot convert a primitive value to the expected type 'Edm.String'. See the inner exception for more details.`);
      const text = value === null ? null : String(value);
      if (f.type === 'Text' && text !== null && text.length > TEXT_MAX) throw new SharePointError(400, CODE.argument, `The value of the column '${f.title}' is longer than ${TEXT_MAX} characters.`);
      out[name] = text;
    }
    return out;
  }

  private field(name: string): IDemoListField {
    const key = name === 'Id' ? 'ID' : name;
    const f = this.fields.find((x) => x.internalName === key);
    if (!f) throw badQuery(`Column '${name}' does not exist. It may have been deleted by another user.`);
    return f;
  }

  /** The value a filter or sort compares: text lower-cased (SharePoint compares text without case), numbers as numbers. */
  private valueOf(it: IItem | IToken, f: IDemoListField): Value {
    if (f.internalName === 'ID') return 'id' in it ? it.id : null;
    if ('created' in it && f.internalName === 'Created') return spTime(it.created);
    if ('modified' in it && f.internalName === 'Modified') return spTime(it.modified);
    const v = it.fields[f.internalName];
    return typeof v === 'string' ? v.toLowerCase() : v ?? null;
  }

  private compare(a: IItem | IToken, b: IItem | IToken, order: ReadonlyArray<{ field: IDemoListField; desc: boolean }>): number {
    for (const o of order) {
      const c = cmp(this.valueOf(a, o.field), this.valueOf(b, o.field));
      if (c !== 0) return o.desc ? -c : c;
    }
    return a.id - b.id;
  }

  private parseOrder(text: string | null): Array<{ field: IDemoListField; desc: boolean }> {
    return listOf(text).map((part) => {
      const [name = '', dir = 'asc'] = part.split(/\s+/);
      if (!/^(asc|desc)$/i.test(dir)) throw badQuery(`The expression "${part}" is not valid.`);
      const field = this.field(name);
      if (field.type === 'Note') throw badQuery(`The field '${field.internalName}' of type 'Note' cannot be used in the query filter expression.`);
      return { field, desc: /^desc$/i.test(dir) };
    });
  }

  private skipToken(last: IItem, order: ReadonlyArray<{ field: IDemoListField }>): string {
    const parts = ['Paged=TRUE', `p_ID=${last.id}`];
    for (const o of order) {
      if (o.field.internalName !== 'ID') parts.push(`p_${o.field.internalName}=${encodeURIComponent(String(last.fields[o.field.internalName] ?? ''))}`);
    }
    return parts.join('&');
  }

  /** The columns `$select` names, each under the name asked (`Id` or `ID`). */
  private selected(names: string[]): Array<{ name: string; field: IDemoListField }> {
    return names.filter((n) => n !== '*').map((name) => ({ name, field: this.field(name) }));
  }

  /** SP.ListItem in nometadata: every column, or the selected ones (Id always). */
  private entity(it: IItem, select: ReadonlyArray<{ name: string; field: IDemoListField }>): Record<string, unknown> {
    const full: Record<string, unknown> = {
      FileSystemObjectType: 0,
      Id: it.id,
      ServerRedirectedEmbedUri: null,
      ServerRedirectedEmbedUrl: '',
      ContentTypeId: '0x0100B6E5D6A1C3F04B4F8E2D',
      ...it.fields,
      ID: it.id,
      Modified: spTime(it.modified),
      Created: spTime(it.created),
      AuthorId: it.authorId,
      EditorId: it.editorId,
      OData__UIVersionString: `${it.version}.0`,
      Attachments: false,
      GUID: it.guid
    };
    if (!select.length) return full;
    const out: Record<string, unknown> = {};
    for (const { name, field } of select) out[name] = field.internalName === 'ID' ? it.id : full[field.internalName];
    return out;
  }

  // ---------------------------------------------------------- $filter

  private parseFilter(text: string): (it: IItem) => boolean {
    const p = new FilterParser(text, (name) => {
      const f = this.field(name);
      if (f.type === 'Note') throw badQuery(`The field '${f.internalName}' of type 'Note' cannot be used in the query filter expression.`);
      return f;
    });
    const expr = p.parse();
    if (this.items.size > THRESHOLD && !p.fieldsUsed.some((f) => f.indexed)) {
      throw new SharePointError(500, CODE.throttled, SP_MSG.threshold);
    }
    return (it) => expr((f) => this.valueOf(it, f)) === true;
  }
}

interface IToken {
  id: number;
  fields: Record<string, string | null>;
}

function parseSkipToken(text: string | null): IToken | undefined {
  if (!text) return undefined;
  const params = new URLSearchParams(text);
  const id = Number(params.get('p_ID'));
  if (params.get('Paged') !== 'TRUE' || !Number.isInteger(id)) throw badQuery(`Invalid $skiptoken value: '${text}'.`);
  const fields: Record<string, string | null> = {};
  for (const [k, v] of params) if (k.startsWith('p_') && k !== 'p_ID') fields[k.slice(2)] = v;
  return { id, fields };
}

/** This request's URL with `$skiptoken` set to the next page's (the other options as asked). */
function nextLink(selfUrl: string, query: URLSearchParams, token: string): string {
  const parts = [`%24skiptoken=${encodeURIComponent(token)}`];
  for (const [k, v] of query) if (k.toLowerCase() !== '$skiptoken' && k.toLowerCase() !== 'skiptoken') parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `${selfUrl}?${parts.join('&')}`;
}

function cmp(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function listOf(text: string | null): string[] {
  return (text ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

function fieldEntity(f: IDemoListField): Record<string, unknown> {
  return {
    Id: `{${entityName(f.internalName)}}`,
    Title: f.title,
    InternalName: f.internalName,
    StaticName: f.internalName,
    EntityPropertyName: f.internalName,
    FieldTypeKind: f.fieldTypeKind,
    TypeAsString: f.type,
    Indexed: f.indexed,
    Hidden: false,
    ReadOnlyField: f.type === 'Counter',
    ...(f.type === 'Note' ? { RichText: false, NumberOfLines: 6 } : {}),
    ...(f.type === 'Text' ? { MaxLength: TEXT_MAX } : {})
  };
}

function project(full: Record<string, unknown>, select: string[], type: string): Record<string, unknown> {
  if (!select.length) return full;
  const out: Record<string, unknown> = {};
  for (const name of select) {
    const key = Object.keys(full).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) throw badQuery(`The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`);
    out[key] = full[key];
  }
  return out;
}

// ------------------------------------------------------------ the $filter language SharePoint's REST takes

type Expr = (get: (f: IDemoListField) => Value) => Value;

const COMPARE: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0
};

class FilterParser {
  public readonly fieldsUsed: IDemoListField[] = [];
  private readonly tokens: string[];
  private k = 0;

  public constructor(private readonly text: string, private readonly fieldOf: (name: string) => IDemoListField) {
    this.tokens = text.match(/'(?:[^']|'')*'|\(|\)|,|[^\s(),']+/g) ?? [];
  }

  public parse(): Expr {
    const e = this.or();
    if (this.k < this.tokens.length) throw this.bad();
    return e;
  }

  private bad(): SharePointError {
    return badQuery(`The expression "${this.text}" is not valid.`);
  }

  private peek(): string | undefined {
    return this.tokens[this.k];
  }

  private take(): string {
    const t = this.tokens[this.k++];
    if (t === undefined) throw this.bad();
    return t;
  }

  private or(): Expr {
    let left = this.and();
    while (this.peek()?.toLowerCase() === 'or') {
      this.k++;
      const l = left;
      const r = this.and();
      left = (get) => l(get) === true || r(get) === true;
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.peek()?.toLowerCase() === 'and') {
      this.k++;
      const l = left;
      const r = this.unary();
      left = (get) => l(get) === true && r(get) === true;
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t?.toLowerCase() === 'not') {
      this.k++;
      const e = this.unary();
      return (get) => e(get) !== true;
    }
    if (t === '(') {
      this.k++;
      const e = this.or();
      if (this.take() !== ')') throw this.bad();
      return e;
    }
    if (t?.toLowerCase() === 'startswith') return this.startsWith();
    return this.comparison();
  }

  private startsWith(): Expr {
    this.k++;
    if (this.take() !== '(') throw this.bad();
    const f = this.useField(this.take());
    if (this.take() !== ',') throw this.bad();
    const prefix = this.literal(this.take());
    if (this.take() !== ')' || typeof prefix !== 'string') throw this.bad();
    const p = prefix.toLowerCase();
    return (get) => {
      const v = get(f);
      return typeof v === 'string' && v.startsWith(p);
    };
  }

  private comparison(): Expr {
    const f = this.useField(this.take());
    const op = COMPARE[this.take().toLowerCase()];
    if (!op) throw this.bad();
    const raw = this.literal(this.take());
    const value = typeof raw === 'string' ? raw.toLowerCase() : raw;
    const opName = this.tokens[this.k - 2]?.toLowerCase();
    return (get) => {
      const v = get(f);
      // null compares equal to null only, and is neither above nor below anything.
      if (v === null || value === null) return opName === 'eq' ? v === value : opName === 'ne' ? v !== value : false;
      return op(cmp(v, value));
    };
  }

  private useField(name: string): IDemoListField {
    if (!/^[A-Za-z_][\w]*$/.test(name)) throw this.bad();
    const f = this.fieldOf(name);
    this.fieldsUsed.push(f);
    return f;
  }

  private literal(t: string): Value {
    const s = /^'([\s\S]*)'$/.exec(t);
    if (s) return (s[1] ?? '').replace(/''/g, "'");
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (/^(true|false)$/i.test(t)) return /^true$/i.test(t);
    if (/^null$/i.test(t)) return null;
    throw this.bad();
  }
}
