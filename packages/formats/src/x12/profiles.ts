/**
 * Carrier profiles: the code tables that differ between carriers, kept as data so a new carrier
 * is a new object, not a new branch in the assembler. Codes marked [practice] are working
 * assumptions from FORMATS.md §1.6–1.9 and must be checked against the carrier's implementation
 * guide (e.g. Verizon VB811 Appendix A); X12 itself leaves SI qualifiers, section names and most
 * ITA/BAL usage to the carrier.
 */
import type { ChargeKind, ParsedCharge, ParsedInvoice } from '../canonical.ts';

export type HlRole = 'provider' | 'account' | 'service' | 'group' | 'charge' | 'detail';
export type StatedField = keyof ParsedInvoice['stated'];
export type ServiceType = NonNullable<ParsedCharge['serviceType']>;

export interface CarrierProfile {
  name: string;
  /** HL03 level code → role; codes not listed are treated as 'group' */
  hlLevels: Record<string, HlRole>;
  /** REF01 qualifiers naming the billing account, best first (heading, N1 loop, then HL) */
  accountRefQualifiers: string[];
  /** REF01 on an HL (or in a line loop) naming the billed service */
  serviceRefQualifiers: Record<string, ServiceType>;
  /** SI qualifier (SI02, SI04, …) naming the billed service: phone number, circuit id */
  serviceSiQualifiers: Record<string, ServiceType>;
  /** SI qualifiers carrying a product / USOC / feature code */
  productSiQualifiers: string[];
  /** SI qualifiers naming a bill section on a group HL (monthly, OC&C, usage, taxes …) */
  sectionSiQualifiers: string[];
  /** bill section value (upper case) → kind of the charges under it */
  sectionKinds: Record<string, ChargeKind>;
  /** product / USOC code → kind; beats every other rule for IT1/SLN/USD lines */
  productKinds: Record<string, ChargeKind>;
  /** ITA03 special services code or ITA14 special charge code → kind */
  itaCodes: Record<string, ChargeKind>;
  /** ITA04 method-of-handling codes that make the item information only (15 info only, 18 non-payable tax) */
  itaInfoOnlyHandling: string[];
  /** ITA04 codes that mean the item is a tax */
  itaTaxHandling: string[];
  /** kind of an ITA charge (ITA01=C) nothing else classifies */
  defaultItaKind: ChargeKind;
  /** TXI01 tax type → kind, when a carrier files a fee as TXI; default 'tax' */
  txiTypeKinds: Record<string, ChargeKind>;
  /** TXI01 tax type → description used when the line has none */
  txiTypeNames: Record<string, string>;
  /** AMT01 qualifiers that give the line amount inside an IT1/SLN loop */
  lineAmountQualifiers: string[];
  /** AMT01 at HL or summary level that is a charge (default none: those AMTs are subtotals) */
  amtChargeKinds: Record<string, ChargeKind>;
  /** BAL02 amount qualifier, or "BAL01*BAL02", → stated figure */
  balStated: Record<string, StatedField>;
  /** which stated figure TDS01 is */
  tdsField: StatedField;
  /** units of measure (IT103, SLN05, QTY03, USD05) that make a line usage */
  usageUnits: string[];
  /** ordered; the first rule whose text occurs in the upper-cased description decides */
  descriptionRules: { contains: string; kind: ChargeKind }[];
  /** N101 entity codes naming the vendor, best first */
  vendorEntityCodes: string[];
  /** DTM qualifiers: invoice/charge period and payment due date */
  periodStartQualifiers: string[];
  periodEndQualifiers: string[];
  dueDateQualifiers: string[];
  /** BIG07 codes that make the document a credit memo */
  creditTransactionTypes: string[];
  /** TCD itemized call detail: shown but not payable ('info'), payable, or dropped */
  callDetail: 'info' | 'payable' | 'skip';
  /** TXI in the heading: an invoice-level tax charge, or ignored when the detail repeats it */
  headingTxi: 'charge' | 'ignore';
  /** an IT1 right after an SLN with the same amount repeats it (Granite): keep it info only */
  slnIt1Duplicates: boolean;
}

export const GENERIC: CarrierProfile = {
  name: 'generic',
  hlLevels: {
    '1': 'provider',
    '2': 'account',
    '3': 'service',
    '4': 'group',
    '5': 'group',
    '6': 'group',
    '7': 'group',
    '8': 'charge',
    '9': 'detail',
  },
  accountRefQualifiers: ['12', '11', '14'],
  serviceRefQualifiers: { TN: 'phone', CKT: 'circuit' }, // [practice]
  serviceSiQualifiers: { TN: 'phone', CI: 'circuit' }, // [practice]
  productSiQualifiers: ['US', 'SC'], // [practice] USOC, service code
  sectionSiQualifiers: ['BS', 'GR'], // [practice] bill section, group
  sectionKinds: {
    MRC: 'recurring',
    MONTHLY: 'recurring',
    RECURRING: 'recurring',
    NRC: 'one_time',
    OCC: 'one_time',
    'ONE-TIME': 'one_time',
    USAGE: 'usage',
    TAX: 'tax',
    TAXES: 'tax',
    SURCHG: 'surcharge_fee',
    SURCHARGES: 'surcharge_fee',
    FEES: 'surcharge_fee',
    LATE: 'late_fee',
    ADJ: 'credit_adjustment',
    CREDITS: 'credit_adjustment',
  },
  productKinds: {},
  itaCodes: {
    // [practice] placeholders in the style carriers use; replace with the IG appendix codes
    LPC: 'late_fee',
    LATE: 'late_fee',
    FUSF: 'surcharge_fee',
    USF: 'surcharge_fee',
    E911: 'surcharge_fee',
    RRF: 'surcharge_fee',
    TAX: 'tax',
  },
  itaInfoOnlyHandling: ['15', '18'],
  itaTaxHandling: ['18'],
  defaultItaKind: 'surcharge_fee',
  txiTypeKinds: {},
  txiTypeNames: {
    ST: 'State tax',
    CT: 'County tax',
    CA: 'City tax',
    LS: 'State and local sales tax',
    FT: 'Federal excise tax',
    TX: 'All taxes',
  },
  lineAmountQualifiers: ['1'],
  amtChargeKinds: {},
  balStated: {
    // [practice] BAL codes vary by carrier (FORMATS.md §1.6)
    PB: 'previousBalance',
    TP: 'paymentsReceived',
    NA: 'adjustments',
    SC: 'currentCharges',
  },
  tdsField: 'totalDue',
  usageUnits: ['MJ', 'MIN', 'SEC', 'HR', 'KB', 'MB', 'GB', 'TB', 'MSG'],
  descriptionRules: [
    { contains: 'LATE PAYMENT', kind: 'late_fee' },
    { contains: 'LATE FEE', kind: 'late_fee' },
    { contains: 'LATE CHARGE', kind: 'late_fee' },
    { contains: 'TAX', kind: 'tax' },
    { contains: 'UNIVERSAL SERVICE', kind: 'surcharge_fee' },
    { contains: '911', kind: 'surcharge_fee' },
    { contains: 'REGULATORY', kind: 'surcharge_fee' },
    { contains: 'RECOVERY', kind: 'surcharge_fee' },
    { contains: 'SURCHARGE', kind: 'surcharge_fee' },
    { contains: 'INSTALL', kind: 'one_time' },
    { contains: 'ACTIVATION', kind: 'one_time' },
    { contains: 'NON-RECURRING', kind: 'one_time' },
    { contains: 'ONE-TIME', kind: 'one_time' },
    { contains: 'CREDIT', kind: 'credit_adjustment' },
    { contains: 'ADJUSTMENT', kind: 'credit_adjustment' },
    { contains: 'REFUND', kind: 'credit_adjustment' },
  ],
  vendorEntityCodes: ['SE', 'SJ', 'VN', 'SU', 'PE', 'RE'],
  periodStartQualifiers: ['186', '150'],
  periodEndQualifiers: ['187', '151'],
  dueDateQualifiers: ['814'], // [practice]
  creditTransactionTypes: ['CR'],
  callDetail: 'info',
  headingTxi: 'charge',
  slnIt1Duplicates: false,
};

/** Granite: HL levels 1/4/5/8/9 only (already covered) and SLN followed by a duplicate IT1. */
export const GRANITE: CarrierProfile = { ...GENERIC, name: 'granite', slnIt1Duplicates: true };

export const PROFILES: Record<string, CarrierProfile> = { generic: GENERIC, granite: GRANITE };

/** A profile by name, or the generic profile overridden by the given fields. */
export function resolveProfile(profile?: string | Partial<CarrierProfile>): CarrierProfile {
  if (profile === undefined) return GENERIC;
  if (typeof profile === 'string') {
    const found = PROFILES[profile];
    if (!found)
      throw new Error(
        `unknown X12 carrier profile "${profile}" (known: ${Object.keys(PROFILES).join(', ')})`,
      );
    return found;
  }
  return { ...GENERIC, ...profile, name: profile.name ?? 'custom' };
}
