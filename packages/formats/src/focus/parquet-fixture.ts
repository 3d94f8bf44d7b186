/**
 * Writes a FOCUS CSV as Parquet with realistic physical types, for tests: BilledCost as
 * DECIMAL(38,11) in 16 fixed bytes, EffectiveCost as DECIMAL(18,11) in INT64, the other metrics
 * as DOUBLE, ListUnitPrice as FLOAT, the four periods as TIMESTAMP, Id as INT64, the rest as
 * STRING; `NULL`/empty → null. Regenerate the committed fixture with
 * `npx tsx packages/formats/src/focus/parquet-fixture.ts <in.csv> <out.parquet>`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
// the writer bundles its own hyparquet; its SchemaElement type is the one it accepts
import {
  type ColumnSource,
  parquetWriteFile,
  type SchemaElement,
  schemaFromColumnData,
} from 'hyparquet-writer';
import { DATE_COLUMNS, DECIMAL_COLUMNS, FOCUS_COLUMNS, type FocusColumn } from './columns.ts';
import { isNullToken, parseDecimal, parseTimestamp } from './values.ts';

const KNOWN = new Set<string>(FOCUS_COLUMNS);
const SCALE = 11;

export function writeFocusParquet(csvText: string, outFile: string, rowGroupSize = 400): void {
  const [header, ...rows] = parse(csvText, { bom: true }) as string[][];
  if (!header) throw new Error('no header');
  const cell = (r: string[], i: number) => {
    const v = r[i] ?? '';
    return isNullToken(v.trim()) ? null : v;
  };
  const columnData: ColumnSource[] = [];
  const overrides: Record<string, SchemaElement> = {};
  header.forEach((name, i) => {
    const col = KNOWN.has(name) ? (name as FocusColumn) : null;
    const values = rows.map((r) => cell(r, i));
    if (name === 'BilledCost' || name === 'EffectiveCost') {
      const wide = name === 'BilledCost';
      overrides[name] = {
        name,
        repetition_type: 'OPTIONAL',
        type: wide ? 'FIXED_LEN_BYTE_ARRAY' : 'INT64',
        type_length: wide ? 16 : undefined,
        converted_type: 'DECIMAL',
        scale: SCALE,
        precision: wide ? 38 : 18,
      };
      columnData.push({ name, data: values.map((v) => (v === null ? null : unscaled(v))) });
    } else if (name === 'ListUnitPrice') {
      columnData.push({ name, type: 'FLOAT', data: values.map((v) => (v === null ? null : Number(v))) });
    } else if (col && DECIMAL_COLUMNS.has(col)) {
      columnData.push({ name, type: 'DOUBLE', data: values.map((v) => (v === null ? null : Number(v))) });
    } else if (col && DATE_COLUMNS.has(col)) {
      const dates = values.map((v) => (v === null ? null : new Date(parseTimestamp(v) ?? Number.NaN)));
      columnData.push({ name, type: 'TIMESTAMP', data: dates });
    } else if (name === 'Id') {
      columnData.push({ name, type: 'INT64', data: values.map((v) => (v === null ? null : BigInt(v))) });
    } else {
      columnData.push({ name, type: 'STRING', data: values });
    }
  });
  const schema = schemaFromColumnData({ columnData, schemaOverrides: overrides });
  // the writer takes either per-column types or a schema; the schema carries the types now
  const data = columnData.map(({ name, data }) => ({ name, data }));
  parquetWriteFile({ filename: outFile, columnData: data, schema, rowGroupSize });
}

/** "0.00000080000" → 80000n at scale 11, exactly (no float). */
function unscaled(v: string): bigint {
  const d = parseDecimal(v);
  if (d === null) throw new Error(`not a decimal: ${v}`);
  const [int = '0', frac = ''] = d.replace('-', '').split('.');
  const n = BigInt(int + frac.padEnd(SCALE, '0').slice(0, SCALE));
  return d.startsWith('-') ? -n : n;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: parquet-fixture.ts <in.csv> <out.parquet>');
  writeFocusParquet(readFileSync(input, 'utf8'), output);
}
