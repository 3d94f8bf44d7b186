/**
 * A first guess at the service type of an identifier seen on bills, from what the bill said
 * (charges.service_type) and, when it said nothing useful, the shape of the identifier and the
 * kind of vendor. The analyst confirms or changes it when accepting.
 */
export function guessServiceType(chargeType: string | null, identifier: string, vendorKind: string): string {
  switch (chargeType) {
    case 'phone':
      return vendorKind === 'wireless' ? 'wireless' : 'wireline';
    case 'circuit':
      return 'data_circuit';
    case 'cloud_resource':
    case 'account':
      return 'cloud_account';
    case 'subscription':
      return 'saas';
  }
  if (/^\+\d{8,15}$/.test(identifier)) return vendorKind === 'wireless' ? 'wireless' : 'wireline';
  if (vendorKind === 'wireless') return 'wireless';
  if (vendorKind === 'cloud') return 'cloud_account';
  if (vendorKind === 'saas') return 'saas';
  return 'other';
}
