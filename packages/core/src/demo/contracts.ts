import type { DemoBillingAccount, DemoContract, DemoRateItem } from './types.ts';

const DAY_MS = 86_400_000;

/** `today` ± days, as YYYY-MM-DD; contract terms are placed relative to the day the demo loads. */
export const shiftDays = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const item = (name: string, code: string, mrc: string, extra: Partial<DemoRateItem> = {}): DemoRateItem => ({
  name,
  code,
  descriptionPattern: null,
  chargeKind: 'recurring',
  unit: 'each',
  unitRate: null,
  mrc,
  nrc: null,
  discountPct: null,
  effectiveFrom: null,
  effectiveTo: null,
  ...extra,
});

/**
 * One master agreement per major vendor, shaped to show every contract feature: an expiry inside
 * the 120-day window, a notice deadline inside 45 days, an expired agreement whose lines are still
 * active, spend and volume commitments, and a vendor (Google Cloud) with no contract at all.
 */
export function buildContracts(accounts: DemoBillingAccount[], today: string): DemoContract[] {
  const accountsOf = (vendorCode: string) =>
    accounts.filter((a) => a.vendorCode === vendorCode).map((a) => a.accountNumber);
  const base = {
    autoRenew: false,
    renewalMonths: null,
    currency: 'USD',
    commitmentKind: 'none' as const,
    commitmentPeriod: null,
    commitmentAmount: null,
    commitmentVolume: null,
  };
  return [
    {
      ...base,
      vendorCode: 'VZW',
      contractNumber: 'VZW-CORP-2024-118',
      name: 'Verizon Business corporate wireless agreement',
      termStart: '2024-03-01',
      termEnd: '2027-02-28',
      autoRenew: true,
      renewalMonths: 12,
      noticeDays: 120,
      commitmentKind: 'spend',
      commitmentPeriod: 'annual',
      commitmentAmount: '250000.00',
      accountNumbers: accountsOf('VZW'),
      rateItems: [
        item('Business Unlimited Plus', 'UNL-BUS-PLUS', '35.00', { discountPct: '10' }),
        item('Business Unlimited Smartphone', 'UNL-BUS', '30.00', { discountPct: '10' }),
        item('Mobile hotspot 100 GB', 'MIFI-100', '40.00'),
        item('IoT / telematics 1 GB', 'IOT-1GB', '8.00'),
        item('Device activation fee', 'ACT-FEE', '0.00', { chargeKind: 'one_time', mrc: null, nrc: '35.00' }),
        item('International day pass', '', '0.00', {
          code: null,
          descriptionPattern: '*TRAVELPASS*',
          chargeKind: 'usage',
          unit: 'day',
          unitRate: '10.00',
          mrc: null,
        }),
      ],
    },
    {
      ...base,
      vendorCode: 'TMO',
      contractNumber: 'TMO-BIZ-2022-07',
      name: 'T-Mobile for Business device agreement',
      termStart: '2022-10-01',
      termEnd: shiftDays(today, -41),
      noticeDays: 30,
      accountNumbers: accountsOf('TMO'),
      rateItems: [
        item('Scanner data plan 5 GB', 'TMO-SCAN-5', '15.00'),
        item('Business Unlimited Essentials', 'TMO-ESS', '27.50'),
      ],
    },
    {
      ...base,
      vendorCode: 'ATT',
      contractNumber: 'ATT-MSA-2023-0417',
      name: 'AT&T master services agreement (voice, AVPN, internet)',
      termStart: '2023-05-01',
      termEnd: shiftDays(today, 104),
      noticeDays: 60,
      commitmentKind: 'spend',
      commitmentPeriod: 'annual',
      commitmentAmount: '180000.00',
      accountNumbers: accountsOf('ATT'),
      rateItems: [
        item('Business line (1FB)', '1FB', '42.50'),
        item('Fire/alarm POTS line', '1MB', '38.00'),
        item('AVPN port 100 Mbps', 'AVPN-100M', '950.00'),
        item('Dedicated internet 1 Gbps', 'ADI-1G', '1850.00'),
        item('Install, per circuit', 'NRC-INST', '0.00', {
          chargeKind: 'one_time',
          mrc: null,
          nrc: '500.00',
        }),
      ],
    },
    {
      ...base,
      vendorCode: 'LUMN',
      contractNumber: 'LUMN-ENT-2024-33',
      name: 'Lumen enterprise network and SIP',
      termStart: '2024-07-01',
      termEnd: '2027-06-30',
      noticeDays: 90,
      accountNumbers: accountsOf('LUMN'),
      rateItems: [
        item('SIP trunk, 23 channels', 'SIP-TRK-23', '414.00'),
        item('IP VPN port 50 Mbps', 'IPVPN-50M', '720.00'),
        item('Internet 500 Mbps', 'DIA-500M', '990.00'),
      ],
    },
    {
      ...base,
      vendorCode: 'ZAYO',
      contractNumber: 'ZAYO-DF-2021-009',
      name: 'Zayo dark fiber and wavelength',
      termStart: '2021-12-01',
      termEnd: shiftDays(today, 150),
      noticeDays: 120,
      accountNumbers: accountsOf('ZAYO'),
      rateItems: [
        item('Dark fiber IRU maintenance', 'DF-MAINT', '2400.00'),
        item('10G wavelength Chicago-Milwaukee', 'WAVE-10G', '3100.00'),
      ],
    },
    {
      ...base,
      vendorCode: 'MSFT',
      contractNumber: 'MS-EA-8812345',
      name: 'Microsoft Enterprise Agreement',
      termStart: '2024-01-01',
      termEnd: '2026-12-31',
      noticeDays: 30,
      commitmentKind: 'volume',
      commitmentPeriod: 'annual',
      commitmentVolume: 4,
      accountNumbers: accountsOf('MSFT'),
      rateItems: [
        item('Microsoft 365 E3, per user', 'M365-E3', '36.00', { unit: 'user' }),
        item('Microsoft 365 E5, per user', 'M365-E5', '57.00', { unit: 'user' }),
        item('Teams Phone Standard', 'TEAMS-PHONE', '8.00', { unit: 'user' }),
      ],
    },
    {
      ...base,
      vendorCode: 'AWS',
      contractNumber: 'AWS-EDP-2025',
      name: 'AWS Enterprise Discount Program',
      termStart: '2025-01-01',
      termEnd: '2027-12-31',
      noticeDays: 60,
      commitmentKind: 'spend',
      commitmentPeriod: 'annual',
      commitmentAmount: '1200000.00',
      accountNumbers: accountsOf('AWS'),
      rateItems: [
        item('EDP discount on all usage', '', '0.00', {
          code: null,
          descriptionPattern: '*',
          chargeKind: 'usage',
          mrc: null,
          discountPct: '8',
        }),
      ],
    },
    {
      ...base,
      vendorCode: 'ZOOM',
      contractNumber: 'ZOOM-ENT-5521',
      name: 'Zoom Workplace Enterprise',
      termStart: '2025-02-01',
      termEnd: '2027-01-31',
      autoRenew: true,
      renewalMonths: 12,
      noticeDays: 60,
      accountNumbers: accountsOf('ZOOM'),
      rateItems: [item('Zoom Workplace Enterprise license', 'ZM-ENT', '19.99', { unit: 'license' })],
    },
    {
      ...base,
      vendorCode: 'SFDC',
      contractNumber: 'SFDC-00098812',
      name: 'Salesforce Sales Cloud order form',
      termStart: '2025-09-01',
      termEnd: '2028-08-31',
      noticeDays: 30,
      accountNumbers: accountsOf('SFDC'),
      rateItems: [item('Sales Cloud Enterprise, per user', 'SF-SALES-ENT', '165.00', { unit: 'user' })],
    },
    {
      ...base,
      vendorCode: 'BELL',
      contractNumber: 'BELL-MOB-2025',
      name: 'Bell Mobility business agreement',
      termStart: '2025-04-01',
      termEnd: '2028-03-31',
      noticeDays: 60,
      currency: 'CAD',
      accountNumbers: accountsOf('BELL'),
      rateItems: [item('Bell Business Unlimited 25', 'BELL-BU-25', '45.00')],
    },
  ];
}
