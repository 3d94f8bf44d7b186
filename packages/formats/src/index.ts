export * from './canonical.ts';
export type { MappingProfile } from './csv/index.ts';
export {
  BUILT_IN_PROFILES,
  type CsvPreview,
  previewCsv,
  validateProfile,
} from './csv/index.ts';
export { type Detected, detectFormat } from './detect.ts';
export { bufferSource, fileSource, readAll } from './source.ts';
