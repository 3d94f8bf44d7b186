import { shiftDays } from './contracts.ts';
import type { Rng } from './random.ts';
import type { DemoContract, DemoPerson, DemoReferenceData, DemoService, DemoServiceState } from './types.ts';

/** How a block of services is drawn: which vendor, type, plan mix and how many. */
interface Block {
  vendorCode: string;
  serviceType: string;
  count: number;
  /** [rate item code, weight, monthly price] */
  plans: [string, number, string][];
  identifier: (rng: Rng, i: number) => string;
  description: (plan: string) => string;
  /** lines belong to a person; circuits and subscriptions to a cost center and a site */
  personal: boolean;
  tags?: (plan: string) => string[];
}

const CHICAGO_AREA = ['312', '773', '630', '847', '708'];
const phone = (areaCodes: string[]) => (rng: Rng) =>
  `+1${rng.pick(areaCodes)}${rng.int(200, 989)}${rng.digits(4)}`;

const BLOCKS: Block[] = [
  {
    vendorCode: 'VZW',
    serviceType: 'wireless',
    count: 2250,
    plans: [
      ['UNL-BUS-PLUS', 60, '31.50'],
      ['UNL-BUS', 25, '27.00'],
      ['MIFI-100', 8, '40.00'],
      ['IOT-1GB', 7, '8.00'],
    ],
    identifier: phone(CHICAGO_AREA),
    description: (plan) =>
      plan === 'IOT-1GB' ? 'Fleet telematics unit' : plan === 'MIFI-100' ? 'Hotspot' : 'Smartphone',
    personal: true,
    tags: (plan) => (plan === 'IOT-1GB' ? ['iot'] : plan === 'MIFI-100' ? ['hotspot'] : []),
  },
  {
    vendorCode: 'TMO',
    serviceType: 'wireless',
    count: 950,
    plans: [
      ['TMO-SCAN-5', 70, '15.00'],
      ['TMO-ESS', 30, '27.50'],
    ],
    identifier: phone(['414', '614', '317']),
    description: (plan) => (plan === 'TMO-SCAN-5' ? 'Warehouse scanner' : 'Smartphone'),
    personal: true,
    tags: (plan) => (plan === 'TMO-SCAN-5' ? ['scanner'] : []),
  },
  {
    vendorCode: 'BELL',
    serviceType: 'wireless',
    count: 110,
    plans: [['BELL-BU-25', 1, '45.00']],
    identifier: phone(['416', '905']),
    description: () => 'Smartphone',
    personal: true,
  },
  {
    vendorCode: 'ATT',
    serviceType: 'wireline',
    count: 180,
    plans: [
      ['1FB', 70, '42.50'],
      ['1MB', 30, '38.00'],
    ],
    identifier: phone(CHICAGO_AREA),
    description: (plan) => (plan === '1MB' ? 'Fire / alarm line' : 'Business line'),
    personal: false,
    tags: (plan) => (plan === '1MB' ? ['life-safety'] : []),
  },
  {
    vendorCode: 'ATT',
    serviceType: 'data_circuit',
    count: 34,
    plans: [
      ['AVPN-100M', 85, '950.00'],
      ['ADI-1G', 15, '1850.00'],
    ],
    identifier: (rng) => `BBEC.${rng.digits(6)}..ATI`,
    description: (plan) => (plan === 'ADI-1G' ? 'Dedicated internet 1 Gbps' : 'AVPN 100 Mbps'),
    personal: false,
  },
  {
    vendorCode: 'LUMN',
    serviceType: 'data_circuit',
    count: 28,
    plans: [
      ['IPVPN-50M', 80, '720.00'],
      ['DIA-500M', 20, '990.00'],
    ],
    identifier: (rng) => `${rng.int(400, 499)}/KQGN/${rng.digits(6)}/LVLC`,
    description: (plan) => (plan === 'DIA-500M' ? 'Internet 500 Mbps' : 'IP VPN 50 Mbps'),
    personal: false,
  },
  {
    vendorCode: 'LUMN',
    serviceType: 'sip_ucaas',
    count: 6,
    plans: [['SIP-TRK-23', 1, '414.00']],
    identifier: phone(['312']),
    description: () => 'SIP trunk, 23 channels (pilot number)',
    personal: false,
  },
  {
    vendorCode: 'ZAYO',
    serviceType: 'data_circuit',
    count: 3,
    plans: [
      ['DF-MAINT', 50, '2400.00'],
      ['WAVE-10G', 50, '3100.00'],
    ],
    identifier: (rng) => `ZYO/WAVE/${rng.digits(7)}`,
    description: (plan) => (plan === 'DF-MAINT' ? 'Dark fiber maintenance' : '10G wavelength'),
    personal: false,
  },
  {
    vendorCode: 'CMCB',
    serviceType: 'data_circuit',
    count: 5,
    plans: [['', 1, '249.95']],
    identifier: (rng) => `CBB-${rng.digits(10)}`,
    description: () => 'Business internet 300 Mbps',
    personal: false,
  },
  {
    vendorCode: 'MSFT',
    serviceType: 'saas',
    count: 3,
    plans: [
      ['M365-E3', 34, '45000.00'],
      ['M365-E5', 33, '8550.00'],
      ['TEAMS-PHONE', 33, '2400.00'],
    ],
    identifier: (_rng, i) => ['M365-E3', 'M365-E5', 'TEAMS-PHONE'][i]!,
    description: (plan) => `${plan} subscription`,
    personal: false,
  },
  {
    vendorCode: 'ZOOM',
    serviceType: 'saas',
    count: 1,
    plans: [['ZM-ENT', 1, '9995.00']],
    identifier: () => 'ZM-ENT',
    description: () => 'Zoom Workplace Enterprise, 500 licenses',
    personal: false,
  },
  {
    vendorCode: 'SFDC',
    serviceType: 'saas',
    count: 1,
    plans: [['SF-SALES-ENT', 1, '19800.00']],
    identifier: () => 'SF-SALES-ENT',
    description: () => 'Sales Cloud Enterprise, 120 users',
    personal: false,
  },
  {
    vendorCode: 'AWS',
    serviceType: 'cloud_account',
    count: 9,
    plans: [['', 1, '']],
    identifier: (rng) => rng.digits(12),
    description: () => 'AWS account',
    personal: false,
  },
  {
    vendorCode: 'GCP',
    serviceType: 'cloud_account',
    count: 4,
    plans: [['', 1, '']],
    identifier: (rng, i) => `northwind-${['analytics', 'bigquery', 'rnd', 'ml'][i]}-${rng.digits(4)}`,
    description: () => 'Google Cloud project',
    personal: false,
  },
];

/** The weekly clean-up the demo's data steward ran over the last four weeks (days before today). */
export const CLEANUP_WAVES = [21, 14, 7, 0] as const;
/** When the demo's history starts: the first data-quality snapshot. */
export const HISTORY_DAYS = 28;

const contractFor = (contracts: DemoContract[], vendorCode: string, code: string) =>
  code === ''
    ? null
    : (contracts.find((c) => c.vendorCode === vendorCode && c.rateItems.some((r) => r.code === code)) ??
      null);

/**
 * Several thousand services across wireless, wireline, circuits, SIP, SaaS and cloud, linked to
 * the demo's people, cost centers, sites and contract rate items, with the share of gaps a real
 * inventory has: lines without an owner or cost center, owners who left, lines at closed sites,
 * reviews older than 90 days, numbers ported between carriers and still active on both.
 */
export function buildServices(
  rng: Rng,
  ref: DemoReferenceData,
  contracts: DemoContract[],
  today: string,
): DemoService[] {
  const staff = ref.people.filter((p) => p.leaverDate === null || p.leaverDate > today);
  const leavers = ref.people.filter((p) => p.leaverDate !== null && p.leaverDate <= today);
  const openSites = ref.locations.filter((l) => l.status === 'open').map((l) => l.code);
  const closedSites = ref.locations.filter((l) => l.status === 'closed').map((l) => l.code);
  const leafCostCenters = ref.costCenters.filter(
    (c) => !ref.costCenters.some((o) => o.parentCode === c.code),
  );
  const seen = new Set<string>();
  const services: DemoService[] = [];

  for (const block of BLOCKS) {
    const accounts = ref.billingAccounts.filter((a) => a.vendorCode === block.vendorCode);
    for (let i = 0; i < block.count; i++) {
      let identifier = block.identifier(rng, i);
      while (seen.has(identifier)) identifier = block.identifier(rng, i);
      seen.add(identifier);
      const [plan, , price] = rng.weighted(block.plans.map((p) => [p, p[1]] as const));
      const contract = contractFor(contracts, block.vendorCode, plan);
      const owner: DemoPerson | null = block.personal
        ? rng.chance(0.04)
          ? null
          : rng.chance(0.03) && leavers.length > 0
            ? rng.pick(leavers)
            : rng.pick(staff)
        : null;
      const state = drawState(rng);
      const activatedOn = state === 'ordered' ? null : rng.date('2021-01-10', shiftDays(today, -40));
      services.push({
        serviceType: block.serviceType,
        identifier,
        description: block.description(plan),
        vendorCode: block.vendorCode,
        accountNumber: rng.pick(accounts).accountNumber,
        ownerEmployeeId: owner?.employeeId ?? null,
        costCenterCode: rng.chance(0.025) ? null : (owner?.costCenterCode ?? rng.pick(leafCostCenters).code),
        locationCode: rng.chance(0.03)
          ? null
          : rng.chance(0.02) && closedSites.length > 0
            ? rng.pick(closedSites)
            : (owner?.locationCode ?? rng.pick(openSites)),
        contractNumber: contract && rng.chance(0.96) ? contract.contractNumber : null,
        rateItemCode: contract ? plan : null,
        expectedMonthly: price === '' ? null : price,
        state,
        activatedOn,
        disconnectedOn:
          state === 'disconnected' ? rng.date(shiftDays(today, -200), shiftDays(today, -10)) : null,
        tags: block.tags?.(plan) ?? [],
        lastReviewedOn: rng.chance(0.12)
          ? null
          : rng.date(shiftDays(today, rng.chance(0.8) ? -85 : -400), today),
        gapClosedDaysAgo:
          owner && owner.leaverDate === null && rng.chance(0.12) ? rng.pick(CLEANUP_WAVES) : null,
      });
    }
  }
  for (const s of services) if (s.contractNumber === null) s.rateItemCode = null;
  // Numbers ported from T-Mobile to Verizon whose T-Mobile line was never disconnected.
  const verizon = services.filter((s) => s.vendorCode === 'VZW' && s.state === 'active');
  const tmobile = services.filter((s) => s.vendorCode === 'TMO' && s.state === 'active');
  for (let i = 0; i < 6; i++) tmobile[i * 7]!.identifier = verizon[i * 11]!.identifier;
  return services;
}

function drawState(rng: Rng): DemoServiceState {
  return rng.weighted<DemoServiceState>([
    ['active', 89],
    ['suspended', 3],
    ['ordered', 2],
    ['disconnect_requested', 1],
    ['disconnected', 5],
  ]);
}
