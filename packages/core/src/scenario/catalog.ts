import type { Rng } from '../demo/random.ts';
import type { DemoVendor } from '../demo/types.ts';

/**
 * The carriers of the scenario: what they sell (the master contract's rate items), how their
 * services look and how they bill. Prices are whole cents so every expected amount is exact.
 */

export type ServiceType = 'wireless' | 'wireline' | 'data_circuit' | 'sip_ucaas';

export interface ItemSpec {
  code: string | null;
  name: string;
  kind: 'recurring' | 'one_time' | 'usage';
  mrc?: string;
  nrc?: string;
  unitRate?: string;
  discountPct?: string;
  pattern?: string;
  unit?: string;
}

export interface PlanSpec {
  code: string;
  weight: number;
  description: string;
  /** channel counts for per-channel plans (unit rate × quantity) */
  quantities?: number[];
}

export interface BlockSpec {
  serviceType: ServiceType;
  perAccount: number;
  plans: PlanSpec[];
  /** recurring add-ons: [code, chance, billed description] */
  features: [string, number, string][];
  /** chance of a hunt group line, billed without a code and priced by description pattern */
  hunt: number;
  /** monthly usage in cents (multiples of 5: 811 usage is minutes × 0.05) */
  usage: { min: number; max: number; description: string } | null;
  identifier: (rng: Rng) => string;
  /** a one-time charge an order would explain: planted without an order */
  orderCharge: string;
  personal: boolean;
}

export interface VendorSpec {
  vendor: DemoVendor;
  format: 'x12-811' | 'csv';
  accounts: number;
  accountNumber: (rng: Rng) => string;
  contract: { number: string; name: string; termStart: string; termEnd: string; noticeDays: number };
  items: ItemSpec[];
  blocks: BlockSpec[];
  /** clean taxes (and, in 811, surcharges) as a share of the taxable base, in percent */
  taxPercent: [number, number];
}

const vendor = (code: string, name: string, kind: DemoVendor['kind']): DemoVendor => ({
  code,
  name,
  kind,
  disputeWindowDays: 60,
  disputeContact: `billing-disputes@${code.toLowerCase()}.example`,
  remitTo: null,
});

const phone = (areas: string[]) => (rng: Rng) => `+1${rng.pick(areas)}${rng.int(200, 989)}${rng.digits(4)}`;

const LD = 'Long distance usage';
const DATA = 'Domestic data usage';

export const ACTIVATION_CODE = 'ACT-FEE';
/** recurring add-ons no contract prices (planted as not_in_contract) */
export const UNCONTRACTED: [string, string][] = [
  ['PRI-SUP', 'Priority support plan'],
  ['EXT-WAR', 'Extended equipment warranty'],
  ['APP-BND', 'Business app bundle'],
  ['CLD-BKP', 'Cloud backup add-on'],
];

export const VENDORS: VendorSpec[] = [
  {
    vendor: vendor('NSTL', 'Northstar Telecom', 'telecom'),
    format: 'x12-811',
    accounts: 8,
    accountNumber: (rng) => `8${rng.digits(9)}`,
    contract: {
      number: 'NSTL-MSA-2024-07',
      name: 'Northstar master services agreement',
      termStart: '2024-07-01',
      termEnd: '2028-06-30',
      noticeDays: 90,
    },
    items: [
      { code: '1FB', name: 'Business line', kind: 'recurring', mrc: '42.50' },
      { code: 'VMB', name: 'Voice mail box', kind: 'recurring', mrc: '6.50' },
      { code: 'CIDN', name: 'Caller ID with name', kind: 'recurring', mrc: '7.99' },
      { code: null, name: 'Hunt group', kind: 'recurring', mrc: '12.50', pattern: '*HUNT GROUP*' },
      {
        code: 'DIA-100',
        name: 'Dedicated internet 100M',
        kind: 'recurring',
        mrc: '850.00',
        discountPct: '10',
      },
      { code: 'MPLS-50', name: 'MPLS port 50M', kind: 'recurring', mrc: '720.00' },
      {
        code: 'DIA-500',
        name: 'Dedicated internet 500M',
        kind: 'recurring',
        mrc: '1400.00',
        discountPct: '10',
      },
      { code: 'STATIC-IP', name: 'Static IP block', kind: 'recurring', mrc: '15.00' },
      { code: 'SIP-CH', name: 'SIP trunk channel', kind: 'recurring', unitRate: '18.00', unit: 'channel' },
      { code: ACTIVATION_CODE, name: 'Line activation', kind: 'one_time', nrc: '20.00' },
      { code: 'DISPATCH', name: 'Technician dispatch', kind: 'one_time', nrc: '150.00' },
      { code: 'MOVE', name: 'Line move', kind: 'one_time', nrc: '15.00' },
      {
        code: null,
        name: 'Long distance',
        kind: 'usage',
        unitRate: '0.05',
        unit: 'MIN',
        pattern: '*LONG DISTANCE*',
      },
    ],
    blocks: [
      {
        serviceType: 'wireline',
        perAccount: 4,
        plans: [{ code: '1FB', weight: 1, description: 'Business line' }],
        features: [
          ['VMB', 0.4, 'Voice mail box'],
          ['CIDN', 0.3, 'Caller ID with name'],
        ],
        hunt: 0.25,
        usage: { min: 30, max: 120, description: LD },
        identifier: phone(['303', '720']),
        orderCharge: 'MOVE',
        personal: false,
      },
      {
        serviceType: 'data_circuit',
        perAccount: 3,
        plans: [
          { code: 'DIA-100', weight: 40, description: 'Dedicated internet 100M' },
          { code: 'MPLS-50', weight: 40, description: 'MPLS port 50M' },
          { code: 'DIA-500', weight: 20, description: 'Dedicated internet 500M' },
        ],
        features: [['STATIC-IP', 0.4, 'Static IP block']],
        hunt: 0,
        usage: null,
        identifier: (rng) => `NS/${rng.pick(['DIA', 'MPLS'])}/${rng.digits(6)}/NSTL`,
        orderCharge: 'DISPATCH',
        personal: false,
      },
      {
        serviceType: 'sip_ucaas',
        perAccount: 2,
        plans: [{ code: 'SIP-CH', weight: 1, description: 'SIP trunk channels', quantities: [23, 24, 30] }],
        features: [],
        hunt: 0,
        usage: { min: 400, max: 800, description: LD },
        identifier: phone(['303']),
        orderCharge: 'MOVE',
        personal: false,
      },
    ],
    taxPercent: [6, 9],
  },
  {
    vendor: vendor('KSW', 'Keystone Wireless', 'wireless'),
    format: 'csv',
    accounts: 4,
    accountNumber: (rng) => `42${rng.digits(7)}-00001`,
    contract: {
      number: 'KSW-CORP-2025-03',
      name: 'Keystone corporate wireless agreement',
      termStart: '2025-03-01',
      termEnd: '2028-02-29',
      noticeDays: 60,
    },
    items: [
      { code: 'UNL-PLUS', name: 'Unlimited Plus', kind: 'recurring', mrc: '35.00', discountPct: '10' },
      { code: 'UNL', name: 'Unlimited', kind: 'recurring', mrc: '30.00', discountPct: '10' },
      { code: 'DATA-5', name: 'Data 5 GB', kind: 'recurring', mrc: '15.00' },
      { code: 'DPP', name: 'Device protection', kind: 'recurring', mrc: '11.00' },
      { code: 'HOTSPOT', name: 'Hotspot add-on', kind: 'recurring', mrc: '10.00' },
      { code: ACTIVATION_CODE, name: 'Activation fee', kind: 'one_time', nrc: '20.00' },
      { code: 'SIM-SWAP', name: 'SIM replacement', kind: 'one_time', nrc: '10.00' },
      {
        code: null,
        name: 'Data usage',
        kind: 'usage',
        unitRate: '2.00',
        unit: 'GB',
        pattern: '*DATA USAGE*',
      },
    ],
    blocks: [
      {
        serviceType: 'wireless',
        perAccount: 32,
        plans: [
          { code: 'UNL-PLUS', weight: 55, description: 'Unlimited Plus' },
          { code: 'UNL', weight: 30, description: 'Unlimited' },
          { code: 'DATA-5', weight: 15, description: 'Data 5 GB' },
        ],
        features: [
          ['DPP', 0.35, 'Device protection'],
          ['HOTSPOT', 0.1, 'Hotspot add-on'],
        ],
        hunt: 0,
        usage: { min: 200, max: 900, description: DATA },
        identifier: phone(['412', '724', '878']),
        orderCharge: 'SIM-SWAP',
        personal: true,
      },
    ],
    taxPercent: [11, 14],
  },
  {
    vendor: vendor('SMM', 'Summit Mobile', 'wireless'),
    format: 'csv',
    accounts: 3,
    accountNumber: (rng) => `9${rng.digits(8)}`,
    contract: {
      number: 'SMM-BIZ-2025-09',
      name: 'Summit Mobile business agreement',
      termStart: '2025-09-01',
      termEnd: '2028-08-31',
      noticeDays: 30,
    },
    items: [
      { code: 'ESS', name: 'Essentials', kind: 'recurring', mrc: '27.50' },
      { code: 'ESS-PLUS', name: 'Essentials Plus', kind: 'recurring', mrc: '40.00', discountPct: '15' },
      { code: 'SCAN-5', name: 'Scanner data 5 GB', kind: 'recurring', mrc: '15.00' },
      { code: 'VM-PLUS', name: 'Visual voice mail', kind: 'recurring', mrc: '5.00' },
      { code: ACTIVATION_CODE, name: 'Activation fee', kind: 'one_time', nrc: '20.00' },
      { code: 'SIM-SWAP', name: 'SIM replacement', kind: 'one_time', nrc: '10.00' },
      {
        code: null,
        name: 'Data usage',
        kind: 'usage',
        unitRate: '2.50',
        unit: 'GB',
        pattern: '*DATA USAGE*',
      },
    ],
    blocks: [
      {
        serviceType: 'wireless',
        perAccount: 25,
        plans: [
          { code: 'ESS', weight: 40, description: 'Essentials' },
          { code: 'ESS-PLUS', weight: 35, description: 'Essentials Plus' },
          { code: 'SCAN-5', weight: 25, description: 'Scanner data 5 GB' },
        ],
        features: [['VM-PLUS', 0.35, 'Visual voice mail']],
        hunt: 0,
        usage: { min: 200, max: 800, description: DATA },
        identifier: phone(['614', '317']),
        orderCharge: 'SIM-SWAP',
        personal: true,
      },
    ],
    taxPercent: [11, 14],
  },
  {
    vendor: vendor('PBL', 'Prairie Bell', 'telecom'),
    format: 'csv',
    accounts: 3,
    accountNumber: (rng) => `PB${rng.digits(8)}`,
    contract: {
      number: 'PBL-MSA-2023-11',
      name: 'Prairie Bell voice and network agreement',
      termStart: '2023-11-01',
      termEnd: '2028-10-31',
      noticeDays: 90,
    },
    items: [
      { code: '1FB', name: 'Business line', kind: 'recurring', mrc: '42.50' },
      { code: '1MB', name: 'Alarm line', kind: 'recurring', mrc: '38.00' },
      { code: 'VM', name: 'Voice mail', kind: 'recurring', mrc: '6.50' },
      { code: 'AVPN-100', name: 'AVPN port 100M', kind: 'recurring', mrc: '950.00' },
      { code: 'ADI-1G', name: 'Dedicated internet 1G', kind: 'recurring', mrc: '1850.00', discountPct: '5' },
      { code: ACTIVATION_CODE, name: 'Line activation', kind: 'one_time', nrc: '20.00' },
      { code: 'DISPATCH', name: 'Technician dispatch', kind: 'one_time', nrc: '150.00' },
      { code: 'MOVE', name: 'Line move', kind: 'one_time', nrc: '15.00' },
      {
        code: null,
        name: 'Long distance',
        kind: 'usage',
        unitRate: '0.05',
        unit: 'MIN',
        pattern: '*LONG DISTANCE*',
      },
    ],
    blocks: [
      {
        serviceType: 'wireline',
        perAccount: 6,
        plans: [
          { code: '1FB', weight: 70, description: 'Business line' },
          { code: '1MB', weight: 30, description: 'Alarm line' },
        ],
        features: [['VM', 0.4, 'Voice mail']],
        hunt: 0,
        usage: { min: 20, max: 120, description: LD },
        identifier: phone(['312', '773']),
        orderCharge: 'MOVE',
        personal: false,
      },
      {
        serviceType: 'data_circuit',
        perAccount: 3,
        plans: [
          { code: 'AVPN-100', weight: 70, description: 'AVPN port 100M' },
          { code: 'ADI-1G', weight: 30, description: 'Dedicated internet 1G' },
        ],
        features: [],
        hunt: 0,
        usage: null,
        identifier: (rng) => `BBEC.${rng.digits(6)}..PBL`,
        orderCharge: 'DISPATCH',
        personal: false,
      },
    ],
    taxPercent: [11, 14],
  },
  {
    vendor: vendor('CLRC', 'ClearVoice Communications', 'telecom'),
    format: 'csv',
    accounts: 3,
    accountNumber: (rng) => `CV-${rng.digits(6)}`,
    contract: {
      number: 'CLRC-UC-2025-01',
      name: 'ClearVoice SIP trunking agreement',
      termStart: '2025-01-01',
      termEnd: '2028-12-31',
      noticeDays: 60,
    },
    items: [
      { code: 'SIP-CH', name: 'SIP trunk channel', kind: 'recurring', unitRate: '16.00', unit: 'channel' },
      { code: 'DID-100', name: 'DID block of 100 numbers', kind: 'recurring', mrc: '25.00' },
      { code: 'PORT-FEE', name: 'Number port', kind: 'one_time', nrc: '15.00' },
      {
        code: null,
        name: 'Long distance',
        kind: 'usage',
        unitRate: '0.05',
        unit: 'MIN',
        pattern: '*LONG DISTANCE*',
      },
    ],
    blocks: [
      {
        serviceType: 'sip_ucaas',
        perAccount: 5,
        plans: [{ code: 'SIP-CH', weight: 1, description: 'SIP trunk channels', quantities: [23, 24, 30] }],
        features: [['DID-100', 1, 'DID block of 100 numbers']],
        hunt: 0,
        usage: { min: 400, max: 800, description: LD },
        identifier: phone(['312']),
        orderCharge: 'PORT-FEE',
        personal: false,
      },
    ],
    taxPercent: [11, 14],
  },
];

export const vendorSpec = (code: string) => {
  const v = VENDORS.find((x) => x.vendor.code === code);
  if (!v) throw new Error(`no scenario vendor ${code}`);
  return v;
};

/** Whole cents of a decimal string ("31.50" → 3150). */
export function cents(decimal: string): number {
  const [whole = '0', frac = ''] = decimal.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}

/** What an item charges per month for `quantity`, in cents, less its discount; exact or an error. */
export function itemPrice(item: ItemSpec, quantity = 1): number {
  const base = item.mrc ? cents(item.mrc) : item.nrc ? cents(item.nrc) : cents(item.unitRate!) * quantity;
  const discount = item.discountPct ? Number(item.discountPct) : 0;
  const price = (base * (100 - discount)) / 100;
  if (!Number.isInteger(price)) throw new Error(`${item.code}: price ${price} is not whole cents`);
  return price;
}

export function itemOf(spec: VendorSpec, code: string): ItemSpec {
  const item = spec.items.find((i) => i.code === code);
  if (!item) throw new Error(`${spec.vendor.code} sells no ${code}`);
  return item;
}

export const huntItem = (spec: VendorSpec) =>
  spec.items.find((i) => i.code === null && i.kind === 'recurring');
