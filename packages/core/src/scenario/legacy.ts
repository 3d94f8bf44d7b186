/**
 * Expired agreements some lines are still priced by: each contract's term has ended while the
 * services below point at its rate item (a contract_expiry error). Their bills charge the old
 * price, under a code the master agreement does not know.
 */
export interface Legacy {
  vendorCode: string;
  contractNumber: string;
  itemCode: string;
  itemName: string;
  mrc: string;
  serviceType: string;
  services: number;
  /** days before the scenario's today the term ended */
  endedDaysAgo: [number, number];
}

export const LEGACY: Legacy[] = [
  {
    vendorCode: 'KSW',
    contractNumber: 'KSW-LEGACY-2021',
    itemCode: 'LEG-UNL',
    itemName: 'Legacy unlimited',
    mrc: '39.99',
    serviceType: 'wireless',
    services: 2,
    endedDaysAgo: [15, 120],
  },
  {
    vendorCode: 'SMM',
    contractNumber: 'SMM-LEGACY-2022',
    itemCode: 'LEG-ESS',
    itemName: 'Legacy essentials',
    mrc: '24.99',
    serviceType: 'wireless',
    services: 2,
    endedDaysAgo: [15, 120],
  },
  {
    vendorCode: 'NSTL',
    contractNumber: 'NSTL-LEGACY-POTS',
    itemCode: 'LEG-1FB',
    itemName: 'Legacy business line',
    mrc: '39.00',
    serviceType: 'wireline',
    services: 1,
    endedDaysAgo: [15, 120],
  },
  {
    vendorCode: 'PBL',
    contractNumber: 'PBL-CENTREX-2019',
    itemCode: 'LEG-CTX',
    itemName: 'Legacy centrex line',
    mrc: '29.00',
    serviceType: 'wireline',
    services: 1,
    endedDaysAgo: [15, 120],
  },
  {
    vendorCode: 'CLRC',
    contractNumber: 'CLRC-PILOT-2024',
    itemCode: 'LEG-SIP',
    itemName: 'Pilot SIP trunk',
    mrc: '350.00',
    serviceType: 'sip_ucaas',
    services: 1,
    endedDaysAgo: [15, 120],
  },
];
