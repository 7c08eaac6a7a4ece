/** /reports/{function}(...) and /admin/reportSettings: validation, permissions, throttling, 302 or JSON pages. */
import { createHash, randomUUID } from 'crypto';
import { IGraphRequest, IGraphResponse, IHandlerCtx, json, noContent, REPORT_DEFAULT_PAGE } from './context';
import { graphError, MSG } from './errors';
import { nextLink, option } from './odata';
import { jsonItems, IReportSpec, reportSpec } from './render';
import { IReportCtx } from './reports';
import { dayNumber } from './tenant';
import { hasAny, SCOPES } from './token';

const PERIODS: Record<string, number> = { D7: 7, D30: 30, D90: 90, D180: 180 };
/** How far back `date=` may go, as Graph enforces it (its message says 28 days). */
export const DATE_WINDOW_DAYS = 28;
/** How long a report download URL stays valid. */
const DOWNLOAD_TTL_MS = 5 * 60 * 1000;

export interface IReportWindow {
  spec: IReportSpec;
  from: number;
  to: number;
  period: number;
}

function segmentNotFound(segment: string): Error {
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/** Parse and validate `getXxx(period='D7')` / `getXxx(date=2024-01-31)` / `getXxx()` like Graph. */
export function parseReportCall(ctx: IHandlerCtx, segment: string): IReportWindow {
  const m = /^([A-Za-z0-9]+)(?:\((.*)\))?$/.exec(segment);
  const name = m?.[1] ?? segment;
  const spec = m ? reportSpec(name) : undefined;
  if (!m || !spec) throw segmentNotFound(name);
  const args = new Map<string, string>();
  const argText = (m[2] ?? '').trim();
  if (argText) {
    for (const part of argText.split(',')) {
      const kv = /^\s*(\w+)\s*=\s*(.*?)\s*$/.exec(part);
      if (!kv) throw segmentNotFound(name);
      args.set((kv[1] ?? '').toLowerCase(), (kv[2] ?? '').replace(/^'(.*)'$/, '$1'));
    }
  }
  // OData overload resolution: the parameters given must be exactly one accepted overload.
  const given = [...args.keys()];
  const accepted = spec.params;
  const ok = (given.length === 0 && accepted.length === 0) || (given.length === 1 && accepted.includes(given[0] as 'period' | 'date'));
  if (!ok) throw segmentNotFound(name);
  const t = ctx.t;
  if (args.has('period')) {
    const raw = args.get('period') ?? '';
    const days = PERIODS[raw.toUpperCase()];
    if (!days) throw graphError(400, 'InvalidArgument', `Invalid period value specified: ${raw}. Supported values: D7, D30, D90, D180.`);
    return { spec, from: 0, to: days, period: days };
  }
  if (args.has('date')) {
    const raw = args.get('date') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)))
      throw graphError(400, 'BadRequest', `The parameter 'date' in the request URI is not valid: '${raw}' is not a valid Edm.Date value.`);
    const day = dayNumber(raw);
    if (day < t.todayDay - DATE_WINDOW_DAYS || day > t.todayDay) throw graphError(400, 'InvalidArgument', `Invalid date value specified: ${raw}. Only support data for the past ${DATE_WINDOW_DAYS} days.`);
    const off = t.refreshDay - day;
    // Dates after the refresh date have no data yet: a header-only report.
    return off < 0 ? { spec, from: 0, to: 0, period: 1 } : { spec, from: off, to: off + 1, period: 1 };
  }
  // Functions without parameters (activations) describe the current state.
  return { spec, from: 0, to: 7, period: 7 };
}

export function reportCtx(ctx: IHandlerCtx, w: { from: number; to: number; period: number }, concealed: boolean): IReportCtx {
  return { t: ctx.t, a: ctx.a, refresh: ctx.t.refreshDate, period: w.period, from: w.from, to: w.to, concealed };
}

/** Reports need Reports.Read.All and an admin role that may read reports. */
function checkReportAccess(ctx: IHandlerCtx, req: IGraphRequest): void {
  if (!hasAny(req.auth, SCOPES.reports)) throw graphError(403, 'S2SUnauthorized', MSG.reportScope);
  checkReportRole(ctx, req);
}

/**
 * A delegated sign-in reads reports only as a user with a report role (the demo's admin); an app-only
 * token (roles, no scp) needs none. `noReportRole` refuses everyone.
 */
function checkReportRole(ctx: IHandlerCtx, req: IGraphRequest): void {
  if (ctx.state.noReportRole) throw graphError(403, 'S2SUnauthorized', MSG.reportRole);
  const delegated = typeof req.auth.claims.scp === 'string';
  if (delegated && !ctx.t.hasReportRole(ctx.t.findUser(String(req.auth.claims.oid ?? '')))) throw graphError(403, 'S2SUnauthorized', MSG.reportRole);
}

export function reportCall(ctx: IHandlerCtx, req: IGraphRequest, segment: string): IGraphResponse {
  checkReportAccess(ctx, req);
  const w = parseReportCall(ctx, segment);
  const format = (option(req.query, 'format') ?? '').toLowerCase();
  const asJson = req.version === 'beta' && format === 'application/json';
  if (format && format !== 'application/json' && format !== 'text/csv') throw graphError(400, 'BadRequest', `The $format value '${format}' is not supported.`);
  ctx.throttleReport(w.spec.fn, asJson ? 'json' : 'csv');
  const rc = reportCtx(ctx, w, ctx.state.concealed);
  if (!asJson) {
    const etag = `"${createHash('sha1').update(`${w.spec.fn}|${w.from}|${w.to}|${rc.refresh}|${rc.concealed}|${ctx.t.seed}`).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } };
    const id = randomUUID();
    ctx.downloads.set(id, { fn: w.spec.fn, from: w.from, to: w.to, period: w.period, concealed: rc.concealed, expires: Date.now() + DOWNLOAD_TTL_MS });
    for (const [k, d] of ctx.downloads) if (d.expires < Date.now()) ctx.downloads.delete(k);
    return { status: 302, headers: { Location: `${req.base}/_download/${id}?sv=demo&se=${new Date(Date.now() + DOWNLOAD_TTL_MS).toISOString()}`, ETag: etag } };
  }
  const topRaw = option(req.query, 'top');
  const cap = pageCap(ctx);
  const top = topRaw === null ? Math.min(REPORT_DEFAULT_PAGE, cap) : Number(topRaw);
  if (!Number.isInteger(top) || top < 1) throw graphError(400, 'BadRequest', `Invalid $top value: '${topRaw ?? ''}'.`);
  if (top > cap && ctx.state.reportTopOverCap === 'reject') throw graphError(400, 'BadRequest', `Invalid $top value: '${topRaw ?? ''}'. The maximum is ${cap}.`);
  // Over the cap ('cap'): a page shorter than asked; the next link keeps the asked $top, as Graph's links keep query options.
  const served = Math.min(top, cap);
  const tokenRaw = option(req.query, 'skipToken');
  let offset = 0;
  if (tokenRaw) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(tokenRaw, 'base64url').toString('utf8'));
    if (!decoded) throw graphError(400, 'BadRequest', 'Invalid skip token.');
    offset = Number(decoded[1]);
  }
  const source = w.to > w.from ? w.spec.build(rc) : { count: 0, item: () => [] };
  const { items, total } = jsonItems(w.spec, source, offset, served, { documentedOnly: ctx.state.jsonDocumentedOnly });
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/beta/$metadata#Collection(microsoft.graph.${w.spec.fn.replace(/^get/, '').replace(/^./, (c) => c.toLowerCase())})` };
  if (offset + served < total) body['@odata.nextLink'] = nextLink(req.base, `/beta/reports/${segment}`, req.query, '$skipToken', Buffer.from(`o${offset + served}`).toString('base64url'));
  body.value = items;
  return json(body);
}

/** The page cap in force: `reportPageCap` as a whole number of at least 1 (the default when it is not a number). */
function pageCap(ctx: IHandlerCtx): number {
  const cap = Math.floor(ctx.state.reportPageCap);
  return Number.isFinite(cap) ? Math.max(1, cap) : REPORT_DEFAULT_PAGE;
}

export function reportSettings(ctx: IHandlerCtx, req: IGraphRequest): IGraphResponse {
  if (req.method === 'GET') {
    if (!hasAny(req.auth, SCOPES.reportSettingsRead)) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
    checkReportRole(ctx, req);
    return json({ '@odata.context': `${req.base}/${req.version}/$metadata#admin/reportSettings/$entity`, displayConcealedNames: ctx.state.concealed });
  }
  if (req.method === 'PATCH') {
    if (!hasAny(req.auth, SCOPES.reportSettingsWrite)) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
    checkReportRole(ctx, req);
    const v = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>).displayConcealedNames : undefined;
    if (typeof v !== 'boolean') throw graphError(400, 'BadRequest', "Invalid value for property 'displayConcealedNames'.");
    ctx.state.concealed = v;
    return noContent();
  }
  throw graphError(405, 'Request_BadRequest', `The HTTP method '${req.method}' is not allowed for this resource.`);
}
