import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';

/** One user as the Users view and the exports hold it (directory fields only; joins add the rest). */
export interface IUserRecord {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  userType: 'Member' | 'Guest' | null;
  accountEnabled: boolean | null;
  createdDateTime: string | null;
  usageLocation: string | null;
  /** skuIds of assigned licences. */
  skuIds: string[];
}

/** The minimal `$select` for the list: every column the Users view can show from /users. */
export const USER_LIST_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'officeLocation',
  'userType',
  'accountEnabled',
  'createdDateTime',
  'usageLocation',
  'assignedLicenses'
].join(',');

/** Graph's largest /users page. */
export const USER_PAGE_SIZE = 999;

/** Turn one /users item into a record, tolerating missing or odd fields. */
export function toUserRecord(raw: unknown): IUserRecord | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const licenses = Array.isArray(raw.assignedLicenses) ? raw.assignedLicenses : [];
  return {
    id: raw.id,
    displayName: str(raw.displayName) ?? '',
    userPrincipalName: str(raw.userPrincipalName) ?? '',
    mail: str(raw.mail),
    jobTitle: str(raw.jobTitle),
    department: str(raw.department),
    officeLocation: str(raw.officeLocation),
    userType: raw.userType === 'Guest' ? 'Guest' : raw.userType === 'Member' ? 'Member' : null,
    accountEnabled: typeof raw.accountEnabled === 'boolean' ? raw.accountEnabled : null,
    createdDateTime: str(raw.createdDateTime),
    usageLocation: str(raw.usageLocation),
    skuIds: licenses.map(l => (isRecord(l) && typeof l.skuId === 'string' ? l.skuId : '')).filter(Boolean)
  };
}

/** Stream every user of the tenant, a page (≤ 999) at a time, following @odata.nextLink. */
export async function* streamUsers(gateway: GraphGateway, options: { signal?: AbortSignal; pageSize?: number } = {}): AsyncGenerator<IUserRecord[], void, undefined> {
  const top = Math.min(options.pageSize ?? USER_PAGE_SIZE, USER_PAGE_SIZE);
  for await (const page of gateway.pages<unknown>(`/users?$select=${USER_LIST_SELECT}&$top=${top}`, { signal: options.signal })) {
    const records: IUserRecord[] = [];
    for (const raw of page) {
      const r = toUserRecord(raw);
      if (r) records.push(r);
    }
    yield records;
  }
}
