// Shared fixtures of the Usage view's component tests: beta JSON report pages as the demo tenant sends
// them, and a render helper over the fake Graph client (the edge is faked, never the core).
import * as React from 'react';
import { render } from '@testing-library/react';
import { ServicesProvider } from '../../../src/ui/common/services';
import type { IImpressionsServices } from '../../../src/ui/common/services';
import { UsageView } from '../../../src/ui/usage/UsageView';
import type { IUsageViewProps } from '../../../src/ui/usage/UsageView';
import type { IGraphClientLike, IGraphRequestLike } from '../../../src/core/graph/types';
import { fakeClient, servicesFor } from '../fakeGraph';
import type { Route } from '../fakeGraph';

/** "Today" of fakeServices. */
export const TODAY = '2026-11-21';
export const REFRESH = '2026-11-19';

/** The last `n` report dates, newest first (as Graph sends them). */
export function dates(n: number, last = REFRESH): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - i * 86400000).toISOString().slice(0, 10));
}

/** A beta JSON page of trend rows: `fields(i)` gives row i's measures (i = 0 is the newest day). */
export function trendPage(n: number, fields: (i: number) => Record<string, unknown>, extra: Record<string, unknown> = {}): { body: unknown } {
  return { body: { value: dates(n).map((d, i) => ({ reportRefreshDate: REFRESH, reportDate: d, reportPeriod: String(n), ...extra, ...fields(i) })) } };
}

/** Routes answering every overview tile for D30 with plausible numbers. */
export function overviewRoutes(): Record<string, Route> {
  return {
    '/reports/getOffice365ActiveUserCounts': trendPage(30, i => ({ office365: 170 + i, exchange: 100 + i, oneDrive: 50, sharePoint: 40, skypeForBusiness: 0, yammer: 3, teams: 89 - (i % 3) })),
    '/reports/getEmailActivityCounts': trendPage(30, i => ({ send: 600 + i, receive: 4000, read: 3000, meetingCreated: 10, meetingInteracted: 20 })),
    '/reports/getTeamsUserActivityCounts': trendPage(30, i => ({ teamChatMessages: 290, privateChatMessages: 1100, calls: 40, meetings: 85 - i, audioDuration: `PT${i + 1}H2M` })),
    '/reports/getOneDriveUsageStorage': trendPage(30, i => ({ storageUsedInBytes: 4_190_224_715_141 - i * 1_000_000_000 }), { siteType: 'OneDrive' }),
    '/reports/getSharePointSiteUsageStorage': trendPage(30, () => ({ storageUsedInBytes: 105_571_236_657 }), { siteType: 'All' }),
    '/reports/getMailboxUsageQuotaStatusMailboxCounts': trendPage(30, i => ({ underLimit: 216, warningIssued: 2, sendProhibited: i === 0 ? 1 : 0, sendReceiveProhibited: 0, indeterminate: 0 })),
    '/reports/getM365AppPlatformUserCounts': {
      body: { value: [{ reportRefreshDate: REFRESH, reportPeriod: 30, userCounts: dates(30).map((d, i) => ({ reportDate: d, windows: 80 - (i % 5), mac: 8, mobile: 54, web: 53 })) }] }
    }
  };
}

/** A detail row of getEmailActivityUserDetail (beta JSON). */
export function emailUser(upn: string, send: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reportRefreshDate: REFRESH, userPrincipalName: upn, displayName: upn.split('@')[0], isDeleted: false, deletedDate: null,
    lastActivityDate: '2026-11-18', sendCount: send, receiveCount: send * 3, readCount: send * 2, assignedProducts: ['MICROSOFT 365 E3'], reportPeriod: '30', ...extra
  };
}

/** A 403 as Graph sends it for a missing report role. */
export const forbiddenRole: Route = { status: 403, body: { error: { code: 'S2SUnauthorized', message: 'Invalid Permission.' } } };

/** Report calls (GET beta/reports/...) recorded by the fake client, optionally of one function. */
export function reportCalls(calls: string[], fn?: string): string[] {
  return calls.filter(c => c.includes('/reports/') && (!fn || c.includes(`/reports/${fn}(`) || c.endsWith(`/reports/${fn}`) || c.includes(`/reports/${fn}?`)));
}

/**
 * Services whose client answers the first `times` reads of `fn` with 429 and a Retry-After header (the
 * shared fake client's responses carry no headers), then passes to the routes.
 */
export function throttlingServices(routes: Record<string, Route>, fn: string, times: number, retryAfter: string): { services: IImpressionsServices; calls: string[] } {
  const { client: inner, calls } = fakeClient(routes);
  let left = times;
  const client: IGraphClientLike = {
    api(path: string): IGraphRequestLike {
      if (!path.startsWith(`/reports/${fn}`) || left <= 0) return inner.api(path);
      const req: IGraphRequestLike = {
        version: () => req, headers: () => req, responseType: () => req, option: () => req,
        get: async () => {
          left--;
          calls.push(`GET beta${path} -> 429`);
          const text = JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests.' } });
          return {
            status: 429,
            headers: { forEach: (cb: (v: string, k: string) => void) => { cb('application/json', 'content-type'); cb(retryAfter, 'Retry-After'); } },
            text: async () => text,
            arrayBuffer: async () => new ArrayBuffer(0)
          };
        },
        post: async () => undefined, patch: async () => undefined, delete: async () => undefined
      };
      return req;
    }
  };
  return { calls, services: servicesFor(client) };
}

/** Render the Usage view inside the services provider. */
export function renderUsage(services: IImpressionsServices, props: Partial<IUsageViewProps> = {}): ReturnType<typeof render> {
  return render(
    <ServicesProvider services={services}>
      <UsageView defaultPeriod="D30" {...props} />
    </ServicesProvider>
  );
}
