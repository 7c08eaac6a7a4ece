/** Small SKUs, users and rows for the Licences unit tests; every date fixed, so they pass on any day. */
import type { IJoinSources, IUserRow, SourceState } from '../../../src/core/directory/userIndex';
import type { IUserRecord } from '../../../src/core/directory/users';
import type { IActivityIndex, ILastActivity } from '../../../src/core/directory/activity';
import { toLicenceSku } from '../../../src/core/licences/skus';
import type { ILicenceSku } from '../../../src/core/licences/types';

export const TODAY = '2026-11-21';
export const REPORT_DATE = '2026-11-18';

const plan = (id: string, name: string, appliesTo = 'User'): { servicePlanId: string; servicePlanName: string; appliesTo: string } => ({ servicePlanId: id, servicePlanName: name, appliesTo });
export const P = {
  EXO: plan('00000000-0000-0000-0000-0000000000e1', 'EXCHANGE_S_ENTERPRISE'),
  EXO1: plan('00000000-0000-0000-0000-0000000000e2', 'EXCHANGE_S_STANDARD'),
  SPO: plan('00000000-0000-0000-0000-0000000000a1', 'SHAREPOINTENTERPRISE'),
  TEAMS: plan('00000000-0000-0000-0000-0000000000a2', 'TEAMS1'),
  APPS: plan('00000000-0000-0000-0000-0000000000a3', 'OFFICESUBSCRIPTION'),
  YAMMER: plan('00000000-0000-0000-0000-0000000000a4', 'YAMMER_ENTERPRISE'),
  P1: plan('00000000-0000-0000-0000-0000000000a5', 'AAD_PREMIUM'),
  PBI: plan('00000000-0000-0000-0000-0000000000a6', 'BI_AZURE_P2'),
  FLOW: plan('00000000-0000-0000-0000-0000000000a7', 'FLOW_P2_VIRAL'),
  FORMS_FREE: plan('00000000-0000-0000-0000-0000000000a8', 'FORMS_PLAN_FREE'),
  TENANT: plan('00000000-0000-0000-0000-0000000000a9', 'TENANT_LEVEL_PLAN', 'Company')
};

export const ID = {
  E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  M365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  O365E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  EXO1: '4b9405b0-7788-4568-add1-99614e613b69',
  FLOW: 'f30db892-07e9-47e9-837c-80727f46fd3d',
  PBI: 'f8a1db68-be16-40ed-86d5-cb42ce701560'
};

const raw = (skuId: string, part: string, plans: object[], enabled: number, consumed: number, extra: object = {}): unknown => ({
  skuId, skuPartNumber: part, appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: consumed,
  prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 }, servicePlans: plans, ...extra
});

const NAMES: Record<string, string> = { SPE_E5: 'Microsoft 365 E5', SPE_E3: 'Microsoft 365 E3', ENTERPRISEPACK: 'Office 365 E3', EXCHANGESTANDARD: 'Exchange Online (Plan 1)', FLOW_FREE: 'Microsoft Power Automate Free', POWER_BI_PRO: 'Power BI Pro' };
export const names = (_id: string, part?: string): string | undefined => (part ? NAMES[part] : undefined);

export function skus(): ILicenceSku[] {
  return [
    raw(ID.E5, 'SPE_E5', [P.EXO, P.SPO, P.TEAMS, P.APPS, P.YAMMER, P.P1, P.PBI, P.TENANT], 20, 10),
    raw(ID.M365E3, 'SPE_E3', [P.EXO, P.SPO, P.TEAMS, P.APPS, P.YAMMER, P.P1, P.FORMS_FREE], 100, 90),
    raw(ID.O365E3, 'ENTERPRISEPACK', [P.EXO, P.SPO, P.TEAMS, P.APPS, P.YAMMER], 50, 40),
    raw(ID.EXO1, 'EXCHANGESTANDARD', [P.EXO1], 10, 12),
    raw(ID.FLOW, 'FLOW_FREE', [P.FLOW], 10000, 3),
    raw(ID.PBI, 'POWER_BI_PRO', [P.PBI], 5, 2)
  ].map(s => toLicenceSku(s, names) as ILicenceSku);
}

export function user(id: string, skuIds: string[], extra: Partial<IUserRecord> = {}): IUserRecord {
  return {
    id, displayName: `Person ${id}`, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null,
    userType: 'Member', accountEnabled: true, createdDateTime: '2020-01-01T00:00:00Z', usageLocation: null, skuIds, ...extra
  };
}

export function row(u: IUserRecord, activity: ILastActivity | null | undefined, lastSignIn: string | null | undefined): IUserRow {
  return { user: u, products: [], inM365: u.skuIds.length > 0, mfa: undefined, activity, lastSignIn,
    simulation: undefined, repeatOffences: undefined, training: undefined, mfaEnforcement: undefined, search: u.displayName.toLowerCase() };
}

export function joins(activity: SourceState<IActivityIndex>, signIns: SourceState<Map<string, string | null>>): IJoinSources {
  return { skus: { status: 'off' }, mfa: { status: 'off' }, activity, signIns, attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' }, devices: { status: 'off' } };
}

export const activityReady = (concealedRows = 0): SourceState<IActivityIndex> => ({ status: 'ready', data: { byUpn: new Map(), refreshDate: REPORT_DATE, concealedRows, totalRows: 10 } });
export const signInsReady: SourceState<Map<string, string | null>> = { status: 'ready', data: new Map() };
