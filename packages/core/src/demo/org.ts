import { CA_CITIES, DIVISIONS, STREET_NAMES, STREET_SUFFIXES, US_CITIES } from './names.ts';
import type { Rng } from './random.ts';
import type { DemoCostCenter, DemoGlAccount, DemoLocation } from './types.ts';

export const ROOT_COST_CENTER = '1000';

/** A leaf cost center plus what the people generator needs to staff it. */
export interface Department {
  code: string;
  divisionCode: string;
  divisionName: string;
  weight: number;
}

export interface OrgTree {
  costCenters: DemoCostCenter[];
  divisionCodes: string[];
  departments: Department[];
}

/** Codes encode the tree (1000 > 1100 > 1110) because that's how finance teams usually number them. */
export function buildCostCenters(): OrgTree {
  const costCenters: DemoCostCenter[] = [{ code: ROOT_COST_CENTER, name: 'Corporate', parentCode: null }];
  const divisionCodes: string[] = [];
  const departments: Department[] = [];
  DIVISIONS.forEach((division, i) => {
    const divisionCode = String(1100 + i * 100);
    divisionCodes.push(divisionCode);
    costCenters.push({ code: divisionCode, name: division.name, parentCode: ROOT_COST_CENTER });
    division.departments.forEach((dept, j) => {
      const code = String(Number(divisionCode) + (j + 1) * 10);
      costCenters.push({ code, name: dept.name, parentCode: divisionCode });
      departments.push({ code, divisionCode, divisionName: division.name, weight: dept.weight });
    });
  });
  return { costCenters, divisionCodes, departments };
}

const GL_ACCOUNTS: DemoGlAccount[] = [
  { code: '1450', name: 'Prepaid Software & Subscriptions' },
  { code: '2010', name: 'Accounts Payable' },
  { code: '2150', name: 'Accrued Telecom & IT Expense' },
  { code: '2210', name: 'Sales & Use Tax Payable' },
  { code: '6400', name: 'Telecommunications - Unallocated' },
  { code: '6410', name: 'Wireless Voice & Data' },
  { code: '6415', name: 'Wireless IoT & M2M' },
  { code: '6420', name: 'Local & Long Distance' },
  { code: '6425', name: 'Toll-Free & Audio Conferencing' },
  { code: '6430', name: 'Data Circuits & Internet' },
  { code: '6435', name: 'Dark Fiber & Wavelengths' },
  { code: '6440', name: 'UCaaS / Collaboration' },
  { code: '6450', name: 'SaaS Subscriptions' },
  { code: '6460', name: 'Cloud Infrastructure' },
  { code: '6465', name: 'Cloud Support & Marketplace' },
  { code: '6470', name: 'Equipment & Devices' },
  { code: '6475', name: 'Equipment Leases' },
  { code: '6480', name: 'Telecom Taxes, Surcharges & Fees' },
  { code: '6485', name: 'Late Fees & Finance Charges' },
  { code: '6490', name: 'Telecom Credits & Refunds' },
  { code: '7810', name: 'Sales Tax Expense' },
];

export function buildGlAccounts(): DemoGlAccount[] {
  return GL_ACCOUNTS.map((gl) => ({ ...gl }));
}

export type LocationKind = 'HQ' | 'PL' | 'WH' | 'SO' | 'RD' | 'DC';

const KIND_LABEL: Record<LocationKind, string> = {
  HQ: 'Headquarters',
  PL: 'Plant',
  WH: 'Distribution Center',
  SO: 'Sales Office',
  RD: 'R&D Center',
  DC: 'Data Center',
};

/** [country, city code, kind, closed?]. Closed sites exist so the demo can show stale circuits and lines. */
const SITES: [country: 'US' | 'CA', cityCode: string, kind: LocationKind, closed?: true][] = [
  ['US', 'CHI', 'HQ'],
  ['US', 'EGV', 'DC'],
  ['US', 'MKE', 'PL'],
  ['US', 'TOL', 'PL', true],
  ['US', 'FWA', 'PL'],
  ['US', 'GRR', 'PL'],
  ['US', 'GSP', 'PL'],
  ['US', 'ICT', 'PL'],
  ['CA', 'HAM', 'PL'],
  ['US', 'MEM', 'WH'],
  ['US', 'CMH', 'WH'],
  ['US', 'DFW', 'WH'],
  ['US', 'RNO', 'WH'],
  ['US', 'ATL', 'WH'],
  ['US', 'ABE', 'WH', true],
  ['US', 'NYC', 'SO'],
  ['US', 'BOS', 'SO'],
  ['US', 'ATL', 'SO'],
  ['US', 'HOU', 'SO'],
  ['US', 'DEN', 'SO'],
  ['US', 'PHX', 'SO', true],
  ['US', 'SEA', 'SO'],
  ['US', 'SFO', 'SO'],
  ['US', 'LAX', 'SO'],
  ['US', 'MSP', 'SO'],
  ['US', 'CLT', 'SO'],
  ['US', 'BNA', 'SO'],
  ['CA', 'TOR', 'SO'],
  ['US', 'ARB', 'RD'],
  ['US', 'AUS', 'RD'],
];

export interface Site {
  location: DemoLocation;
  kind: LocationKind;
}

function streetAddress(rng: Rng, kind: LocationKind): string {
  const street = `${rng.int(100, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
  // Offices sit in multi-tenant buildings; plants and warehouses own their lot.
  return kind === 'SO' || kind === 'HQ' ? `${street}, Suite ${rng.int(1, 24) * 100}` : street;
}

export function buildLocations(rng: Rng): Site[] {
  return SITES.map(([country, cityCode, kind, closed]) => {
    const city = (country === 'US' ? US_CITIES : CA_CITIES).find((c) => c.code === cityCode);
    if (!city) throw new Error(`unknown city code ${cityCode}`);
    const location: DemoLocation = {
      code: `${country}-${cityCode}-${kind}`,
      name: `${city.city} ${KIND_LABEL[kind]}`,
      address: streetAddress(rng, kind),
      city: city.city,
      region: city.region,
      country,
      status: closed ? 'closed' : 'open',
      closedOn: closed ? rng.date('2025-01-15', '2026-09-30') : null,
    };
    return { location, kind };
  });
}
