export * from './canonical.ts';
export type { MappingProfile } from './csv/index.ts';
export {
  type AmountColumn,
  BUILT_IN_PROFILES,
  type ColumnMap,
  type ColumnRef,
  type CsvEncoding,
  type CsvPreview,
  type PreviewRow,
  previewCsv,
  validateProfile,
} from './csv/index.ts';
export { type Detected, detectFormat } from './detect.ts';
export { bufferSource, fileSource, readAll } from './source.ts';
