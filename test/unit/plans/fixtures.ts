/** Fixtures of the plan tests: facts of people, and a `$batch` endpoint that answers each request by its method and URL. */
import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import type { IGraphClientLike, IGraphRequestLike } from '../../../src/core/graph/types';
import { toGroupInfo } from '../../../src/core/directory/groups';
import type { IGroupInfo } from '../../../src/core/directory/groups';
import type { ISkuInfo } from '../../../src/core/directory/skus';
import type { IDeviceInfo } from '../../../src/core/devices/types';
import type { IAuthMethodInfo, IOffboardFacts, IPlanPerson } from '../../../src/core/plans/facts';

export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
export const TEAMS = '7e74bd05-2c47-404e-829a-ba95c66fe8e5';

export const SKUS: ReadonlyMap<string, ISkuInfo> = new Map([
  [E3, { skuId: E3, skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', enabled: 10, consumed: 4, capabilityStatus: 'Enabled' }],
  [EMS, { skuId: EMS, skuPartNumber: 'EMS', name: 'Enterprise Mobility + Security E3', enabled: 5, consumed: 5, capabilityStatus: 'Enabled' }],
  [TEAMS, { skuId: TEAMS, skuPartNumber: 'TEAMS_EXPLORATORY', name: 'Teams Exploratory', enabled: 100, consumed: 1, capabilityStatus: 'Enabled' }]
]);

export const group = (id: string, displayName: string, extra: Record<string, unknown> = {}): IGroupInfo =>
  toGroupInfo({ id, displayName, groupTypes: [], mailEnabled: false, securityEnabled: true, ...extra }) as IGroupInfo;

export const SALES = group('g-sales', 'Sales', { groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
export const LICENSING = group('g-lic', 'E3 licensing');
export const DYNAMIC = group('g-dyn', 'All staff', { groupTypes: ['DynamicMembership'] });
export const DL = group('g-dl', 'Newsletter', { mailEnabled: true, securityEnabled: false });

export function person(id: string, over: Partial<IPlanPerson> = {}): IPlanPerson {
  return {
    id, displayName: `Person ${id}`, userPrincipalName: `${id}@contoso.com`, mail: `${id}@contoso.com`, jobTitle: null, department: null,
    officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: '2024-01-01T00:00:00Z', usageLocation: 'NL', skuIds: [], licenses: [], onPremisesSync: false, ...over
  };
}

export const AUTHENTICATOR: IAuthMethodInfo = { id: 'm-app', odataType: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', segment: 'microsoftAuthenticatorMethods', label: 'Microsoft Authenticator', detail: 'iPhone 15' };
export const PHONE: IAuthMethodInfo = { id: 'm-phone', odataType: '#microsoft.graph.phoneAuthenticationMethod', segment: 'phoneMethods', label: 'Phone', detail: 'mobile ending 0123' };
export const PASSWORD: IAuthMethodInfo = { id: 'm-pw', odataType: '#microsoft.graph.passwordAuthenticationMethod', segment: null, label: 'Password', detail: null };

export const LAPTOP: IDeviceInfo = {
  id: 'd-1', source: 'managed', displayName: 'LAPTOP-0001', operatingSystem: 'Windows', osVersion: '10.0', model: 'Surface', manufacturer: 'Microsoft',
  serialNumber: 'S1', complianceState: 'compliant', lastSeen: '2026-03-01T00:00:00Z', ownership: 'Company', deviceId: 'aad-1'
};

/** Facts of a person with everything readable. */
export function facts(p: IPlanPerson, parts: Partial<Omit<IOffboardFacts, 'asked' | 'person'>> = {}): IOffboardFacts {
  return {
    asked: p.userPrincipalName,
    person: { status: 'ready', data: p },
    groups: { status: 'ready', data: [] },
    roles: { status: 'ready', data: [] },
    methods: { status: 'ready', data: [] },
    devices: { status: 'ready', data: [] },
    owned: { status: 'ready', data: [] },
    ...parts
  };
}

export interface ISent {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  dependsOn?: string[];
}

/**
 * A Graph that answers GETs and `$batch` items by `answer(method, url, body)`; records each `$batch` (its items) and
 * each GET. `onBatch` runs before a batch is answered (a test may cancel there, and drop the call).
 */
export function fakeGraph(answer: (r: ISent) => { status: number; body?: unknown }, onBatch?: (n: number, items: ISent[]) => 'drop' | void) {
  const batches: ISent[][] = [];
  const gets: string[] = [];
  const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const client: IGraphClientLike = {
    api(path: string): IGraphRequestLike {
      const req: IGraphRequestLike = {
        version: () => req, headers: () => req, responseType: () => req, option: () => req,
        get: async () => { gets.push(path); const a = answer({ id: 'get', method: 'GET', url: path }); return json(a.body ?? {}, a.status); },
        patch: async () => { throw new Error('PATCH not expected outside $batch'); },
        delete: async () => { throw new Error('DELETE not expected outside $batch'); },
        post: async (body: unknown) => {
          if (path !== '/$batch') throw new Error(`POST ${path} not expected outside $batch`);
          const requests = (body as { requests: ISent[] }).requests;
          batches.push(requests);
          // 'drop': the call dies in flight, as a fetch cancelled by its signal does.
          if (onBatch?.(batches.length, requests) === 'drop') throw Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
          return json({ responses: requests.map(r => ({ id: r.id, ...answer(r) })) });
        }
      };
      return req;
    }
  };
  return { gateway: new GraphGateway(client), batches, gets, sent: (): ISent[] => batches.flat() };
}

/** Graph's error body. */
export const err = (status: number, code: string, message: string): { status: number; body: unknown } => ({ status, body: { error: { code, message } } });
