/** Name pools and fixed personas: the people a real tenant has, including the awkward ones. */

/** [display, ascii-for-UPN] */
export type NamePart = readonly [string, string];

const plain = (names: string): NamePart[] => names.split(' ').map((n) => [n, n.toLowerCase()] as const);

export const FIRST_NAMES: readonly NamePart[] = [
  ...plain(
    'Adele Alex Allan Bianca Brian Carlos Chloe Christie Daniel Debra Diego Elena Emily Enrico Fatima Grace Hannah Henrik ' +
      'Isaiah Ivan Jamal Johanna Jordan Kenji Laura Lee Lidia Lynne Marcus Maria Megan Miriam Nestor Nia Omar Patti Pradeep ' +
      'Rachel Raul Sakura Sara Stefan Tom Uma Valentina Wei Yara Zara Aiden Bruno Camille Dmitri Esther Felix Greta Hugo Ines'
  ),
  ['José', 'jose'],
  ['Zoë', 'zoe'],
  ['Łukasz', 'lukasz'],
  ['Søren', 'soren'],
  ['Björn', 'bjorn'],
  ['Chloé', 'chloe'],
  ['Ngọc', 'ngoc'],
  ['Ayşe', 'ayse'],
  ['محمد', 'mohammed'],
  ['فاطمة', 'fatima'],
  ['יוסף', 'yosef'],
  ['שרה', 'sarah'],
  ['美咲', 'misaki'],
  ['伟', 'wei'],
  ['Дмитрий', 'dmitriy']
];

export const LAST_NAMES: readonly NamePart[] = [
  ...plain(
    'Vance Wilber Kohl Adams Johnson Vega Hughes Mendoza Burke Dunn Ortiz Petrova Rossi Sato Warren Lindqvist Okafor ' +
      'Schmidt Novak Tanaka Reyes Chen Patel Fischer Kowalski Jensen Moreau Haddad Cohen Nakamura Silva Andersen Byrne ' +
      'Gallagher Ivanova Kumar Larsen Meyer Nguyen Park Quinn Rahman Santos Thompson Ueda Varga Walsh Young Zimmerman'
  ),
  ['Müller', 'muller'],
  ['García', 'garcia'],
  ['Ødegård', 'odegard'],
  ['Şahin', 'sahin'],
  ['Nguyễn', 'nguyen'],
  ['Đorđević', 'djordjevic'],
  ['العلي', 'al-ali'],
  ['כהן', 'cohen'],
  ['山田', 'yamada'],
  ['王', 'wang'],
  ['Смирнов', 'smirnov']
];

export const DEPARTMENTS: readonly string[] = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'Human Resources',
  'Legal',
  'Operations',
  'Customer Support',
  'IT',
  'Research & Development',
  'Procurement'
];

export const ROLES: readonly string[] = ['Manager', 'Specialist', 'Analyst', 'Director', 'Coordinator', 'Associate', 'Lead', 'Consultant'];

/** Offices and the usage location (ISO country) that goes with each. */
export const OFFICES: ReadonlyArray<readonly [string, string]> = [
  ['Seattle', 'US'],
  ['Redmond', 'US'],
  ['London', 'GB'],
  ['Amsterdam', 'NL'],
  ['Berlin', 'DE'],
  ['Bengaluru', 'IN'],
  ['Tokyo', 'JP'],
  ['Tel Aviv', 'IL'],
  ['Dubai', 'AE'],
  ['São Paulo', 'BR'],
  ['Paris', 'FR']
];

export const GUEST_DOMAINS: readonly string[] = ['fabrikam.com', 'northwind.example', 'adatum.net', 'tailspintoys.com', 'gmail.com', 'outlook.com'];

/** A hand-written user at a fixed index, so even a small tenant has every awkward case. */
export interface IPersona {
  display: string;
  given: string | null;
  surname: string | null;
  upnLocal: string;
  /** Set for guests: their home domain (UPN becomes local_domain#EXT#@tenant). */
  guestDomain?: string;
  flags: number;
  skus: string[];
  usageLocation: string | null;
  jobTitle: string | null;
  department: string | null;
  office: string | null;
  /** Days before the report refresh date the account was created; negative = after it (not in reports yet). */
  createdOff?: number;
}

// Flag bits shared with tenant.ts.
export const F = {
  GUEST: 1,
  DISABLED: 2,
  SYNCED: 4,
  NO_PHOTO: 8,
  NO_MANAGER: 16,
  INACTIVE: 32,
  DELETED: 64,
  NO_ONEDRIVE: 128,
  ARCHIVE: 256,
  HOARDER: 512,
  NEVER_SIGNED_IN: 1024,
  ADMIN: 2048,
  SHARED_PC: 4096
} as const;

export const PERSONAS: readonly IPersona[] = [
  { display: 'Avery Admin', given: 'Avery', surname: 'Admin', upnLocal: 'admin', flags: F.ADMIN | F.NO_MANAGER, skus: ['SPE_E5', 'POWER_BI_PRO'], usageLocation: 'US', jobTitle: 'IT Administrator', department: 'IT', office: 'Seattle' },
  { display: 'Ravi Kumar (Fabrikam)', given: 'Ravi', surname: 'Kumar', upnLocal: 'ravi.kumar', guestDomain: 'fabrikam.com', flags: F.GUEST | F.NO_MANAGER | F.NO_PHOTO, skus: [], usageLocation: null, jobTitle: null, department: null, office: null },
  { display: 'Sam Whitaker', given: 'Sam', surname: 'Whitaker', upnLocal: 'sam.whitaker', flags: F.DISABLED, skus: ['SPE_E3'], usageLocation: 'GB', jobTitle: 'Account Executive', department: 'Sales', office: 'London' },
  { display: 'Priya Natarajan', given: 'Priya', surname: 'Natarajan', upnLocal: 'priya.natarajan', flags: 0, skus: [], usageLocation: 'IN', jobTitle: 'Intern', department: 'Engineering', office: 'Bengaluru' },
  { display: 'Zoë Ångström-Þórsdóttir', given: 'Zoë', surname: 'Ångström-Þórsdóttir', upnLocal: 'zoe.angstrom-thorsdottir', flags: 0, skus: ['SPE_E3'], usageLocation: 'NL', jobTitle: 'Product Designer', department: 'Research & Development', office: 'Amsterdam' },
  { display: 'محمد العلي', given: 'محمد', surname: 'العلي', upnLocal: 'mohammed.alali', flags: 0, skus: ['ENTERPRISEPACK'], usageLocation: 'AE', jobTitle: 'مدير المبيعات', department: 'Sales', office: 'Dubai' },
  { display: 'נועה כהן', given: 'נועה', surname: 'כהן', upnLocal: 'noa.cohen', flags: 0, skus: ['SPE_E3'], usageLocation: 'IL', jobTitle: 'Software Engineer', department: 'Engineering', office: 'Tel Aviv' },
  { display: '王小明', given: '小明', surname: '王', upnLocal: 'xiaoming.wang', flags: 0, skus: ['O365_BUSINESS_PREMIUM'], usageLocation: 'JP', jobTitle: 'Finance Analyst', department: 'Finance', office: 'Tokyo' },
  { display: `O'Connor, Siobhán "Shiv"`, given: 'Siobhán', surname: "O'Connor", upnLocal: 'siobhan.oconnor', flags: 0, skus: ['SPE_E3', 'FLOW_FREE'], usageLocation: 'GB', jobTitle: 'Legal Counsel, EMEA', department: 'Legal', office: 'London' },
  { display: '=Reception Desk', given: null, surname: null, upnLocal: 'reception', flags: 0, skus: ['EXCHANGESTANDARD'], usageLocation: 'US', jobTitle: '+1 Line Support', department: 'Operations', office: 'Seattle' },
  { display: '-Temp Contractor', given: 'Temp', surname: 'Contractor', upnLocal: 'temp.contractor', flags: F.NO_MANAGER | F.NO_PHOTO, skus: ['TEAMS_EXPLORATORY'], usageLocation: 'DE', jobTitle: '@Mention Moderator', department: 'Marketing', office: 'Berlin' },
  { display: '@Facilities Bot', given: null, surname: null, upnLocal: 'facilities', flags: F.INACTIVE | F.NO_PHOTO, skus: ['ENTERPRISEPACK'], usageLocation: 'US', jobTitle: '=Night Shift', department: 'Operations', office: 'Redmond' },
  { display: '+Lobby Screen', given: null, surname: null, upnLocal: 'lobby.screen', flags: F.SYNCED, skus: ['SPE_E3'], usageLocation: 'US', jobTitle: '-Signage', department: 'Operations', office: 'Seattle' },
  { display: 'Uri Unknown-Sku', given: 'Uri', surname: 'Unknown-Sku', upnLocal: 'uri.unknownsku', flags: 0, skus: ['CONTOSO_LEGACY_ADDON', 'SPE_E3'], usageLocation: 'FR', jobTitle: 'Buyer', department: 'Procurement', office: 'Paris' },
  { display: 'Kai Nakamura', given: 'Kai', surname: 'Nakamura', upnLocal: 'kai.nakamura', flags: 0, skus: [], usageLocation: null, jobTitle: 'Research Assistant', department: 'Research & Development', office: null },
  { display: 'Gerhard Sammler', given: 'Gerhard', surname: 'Sammler', upnLocal: 'gerhard.sammler', flags: F.HOARDER | F.ARCHIVE, skus: ['SPE_E5'], usageLocation: 'DE', jobTitle: 'Records Manager', department: 'Legal', office: 'Berlin' },
  { display: 'José Álvarez (Northwind)', given: 'José', surname: 'Álvarez', upnLocal: 'jose.alvarez', guestDomain: 'northwind.example', flags: F.GUEST | F.NO_MANAGER, skus: [], usageLocation: null, jobTitle: null, department: null, office: null },
  { display: 'Lena Newcomer', given: 'Lena', surname: 'Newcomer', upnLocal: 'lena.newcomer', flags: F.NEVER_SIGNED_IN, skus: ['SPE_E3'], usageLocation: 'US', jobTitle: 'Sales Associate', department: 'Sales', office: 'Seattle', createdOff: -1 },
  { display: 'Victor Hale', given: 'Victor', surname: 'Hale', upnLocal: 'victor.hale', flags: F.INACTIVE, skus: ['SPE_E3', 'POWER_BI_PRO'], usageLocation: 'US', jobTitle: 'Sales Director', department: 'Sales', office: 'Redmond' },
  { display: 'Mailbox Only Mo', given: 'Mo', surname: 'Mailbox', upnLocal: 'mo.mailbox', flags: 0, skus: ['EXCHANGESTANDARD'], usageLocation: 'NL', jobTitle: 'Warehouse Clerk', department: 'Operations', office: 'Amsterdam' },
  // The emergency-access ("break-glass") Global Administrator: cloud-only, unlicensed, excluded from every Conditional Access policy.
  { display: 'Emergency Access Admin', given: null, surname: null, upnLocal: 'emergency.access', flags: F.ADMIN | F.NO_MANAGER | F.NO_PHOTO, skus: [], usageLocation: 'US', jobTitle: null, department: 'IT', office: null, createdOff: 2400 }
];

/** Index of the break-glass persona (a Global Administrator no Conditional Access policy applies to). */
export const BREAK_GLASS = PERSONAS.findIndex((p) => p.upnLocal === 'emergency.access');

/** Named people deleted from the directory but still present in usage reports. */
export const DELETED_PERSONAS: ReadonlyArray<readonly [string, string, string]> = [
  ['Dieter Gone', 'dieter.gone', 'SPE_E3'],
  ['Olga Departed', 'olga.departed', 'ENTERPRISEPACK']
];
