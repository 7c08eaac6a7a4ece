import type { ViewName } from './services';

/** Where a deep link points: a view, and for the impression a user (UPN or id). */
export interface IRoute {
  view?: ViewName;
  user?: string;
}

const VIEWS: ViewName[] = ['users', 'impression', 'usage', 'lifecycle', 'licences'];

/**
 * Read a Teams `page.subPageId` (or the workbench's query) into a route.
 * Forms: `users`, `usage`, `impression:<upn-or-id>`, or a bare UPN (opens that user's impression).
 */
export function parseSubPageId(subPageId: string | undefined | null): IRoute | undefined {
  const s = (subPageId ?? '').trim();
  if (!s) return undefined;
  const [head, ...rest] = s.split(':');
  const tail = rest.join(':');
  if (head === 'impression' && tail) return { view: 'impression', user: tail };
  if (VIEWS.includes(head as ViewName) && !tail) return { view: head as ViewName };
  if (s.includes('@')) return { view: 'impression', user: s };
  return undefined;
}

/** The subPageId a deep link carries for a route (inverse of parseSubPageId). */
export function toSubPageId(route: IRoute): string {
  return route.view === 'impression' && route.user ? `impression:${route.user}` : route.view ?? 'users';
}

/**
 * A Teams deep link to a tab at a sub-page. A channel tab's link also names its channel (Teams' deep-link
 * format for configurable tabs: `context` carries `subEntityId` and `channelId`); a personal app's does not.
 */
export function teamsDeepLink(appId: string, entityId: string, subPageId: string, channelId?: string): string {
  const context = channelId ? { subEntityId: subPageId, channelId } : { subEntityId: subPageId };
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${encodeURIComponent(entityId)}?context=${encodeURIComponent(JSON.stringify(context))}`;
}
