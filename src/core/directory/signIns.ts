import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';

/** Graph caps `$top` at 120 when signInActivity is selected. */
export const SIGN_IN_PAGE_SIZE = 120;

/** Stream each user's last sign-in (Entra ID P1/P2 and AuditLog.Read.All), a page at a time. */
export async function* streamSignIns(gateway: GraphGateway, signal?: AbortSignal): AsyncGenerator<Array<[string, string | null]>, void, undefined> {
  for await (const page of gateway.pages<unknown>(`/users?$select=id,signInActivity&$top=${SIGN_IN_PAGE_SIZE}`, { signal })) {
    const out: Array<[string, string | null]> = [];
    for (const raw of page) {
      if (!isRecord(raw) || typeof raw.id !== 'string') continue;
      const a = isRecord(raw.signInActivity) ? raw.signInActivity : {};
      // The latest of interactive and non-interactive sign-ins is what "last sign-in" means to admins.
      const dates = [a.lastSignInDateTime, a.lastNonInteractiveSignInDateTime].filter((d): d is string => typeof d === 'string' && d !== '');
      out.push([raw.id, dates.sort().pop() ?? null]);
    }
    yield out;
  }
}
