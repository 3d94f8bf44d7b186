/**
 * Carrier CSV/XLSX portal exports read through saved column-mapping profiles.
 * See profile.ts (the profile model), profiles.ts (built-ins), parse.ts (the readers) and
 * preview.ts (the import wizard's first look).
 */

export { type CsvProfileMatch, detectCsvProfile } from './detect.ts';
export { type CarrierOptions, parseCarrierCsv, parseCarrierXlsx } from './parse.ts';
export { type CsvPreview, type PreviewRow, previewCsv } from './preview.ts';
export {
  type AmountColumn,
  type ColumnMap,
  type ColumnRef,
  type CsvEncoding,
  detectProfile,
  type MappingProfile,
  scoreProfile,
  validateProfile,
} from './profile.ts';
export {
  ATT_WIRELINE_DETAIL,
  BUILT_IN_PROFILES,
  TEMOPS_TEMPLATE,
  VERIZON_WIRELESS_SUMMARY,
} from './profiles.ts';
export { sniffDelimiter } from './table.ts';
export { looksLikeZip } from './zip.ts';
