import { NumberInput, Select, TextInput } from '@mantine/core';
import { type FieldMeta, humanize, REQUIRED } from '../meta.ts';
import { RefSelect } from './ref-select.tsx';

export type FormValue = string | number | null;

interface Props {
  field: FieldMeta;
  value: FormValue;
  onChange: (value: FormValue) => void;
  error?: string | undefined;
  readOnly: boolean;
  /** Display key of the current reference, so the picker needn't look it up. */
  refLabel?: string | null;
}

function hint(f: FieldMeta): string | undefined {
  if (f.type === 'int' && f.min !== undefined && f.max !== undefined) return `${f.min}–${f.max}`;
  if (f.type === 'currency') return 'ISO 4217 code, e.g. USD';
  return undefined;
}

export function FieldInput({ field: f, value, onChange, error, readOnly, refLabel }: Props) {
  const common = {
    label: f.label,
    name: f.name,
    error,
    labelProps: f.required ? REQUIRED : undefined,
    description: hint(f),
    // Hints go under the input so labels and inputs stay aligned across the two-column grid.
    inputWrapperOrder: ['label', 'input', 'description', 'error'] as (
      | 'label'
      | 'input'
      | 'description'
      | 'error'
    )[],
    readOnly,
  };
  const text = value === null ? '' : String(value);
  switch (f.type) {
    case 'int':
      return (
        <NumberInput
          {...common}
          value={value ?? ''}
          onChange={(v) => onChange(v === '' ? null : v)}
          allowDecimal={false}
          min={f.min}
          max={f.max}
          clampBehavior="none"
          hideControls
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          value={value === null ? null : String(value)}
          onChange={(v) => onChange(v)}
          data={(f.values ?? []).map((v) => ({ value: v, label: humanize(v) }))}
          clearable={!f.required}
          allowDeselect={!f.required}
        />
      );
    case 'ref':
      return (
        <RefSelect
          {...common}
          refPlural={f.refPlural ?? ''}
          value={value === null ? null : String(value)}
          valueLabel={refLabel ?? null}
          onChange={(v) => onChange(v)}
          clearable={!f.required}
          placeholder="Type to search"
        />
      );
    case 'date':
      return (
        <TextInput {...common} type="date" value={text} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case 'currency':
      return (
        <TextInput
          {...common}
          value={text}
          maxLength={3}
          onChange={(e) => onChange(e.currentTarget.value.toUpperCase())}
          w={160}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={f.type === 'email' ? 'email' : 'text'}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

/** Client-side checks mirroring the server's, so most mistakes show before a round trip. */
export function checkField(f: FieldMeta, raw: FormValue): string | null {
  const v = typeof raw === 'string' ? raw.trim() : raw;
  if (v === null || v === '') return f.required ? 'Required' : null;
  switch (f.type) {
    case 'int': {
      const n = Number(v);
      if (!Number.isInteger(n)) return 'Must be a whole number';
      if (f.min !== undefined && n < f.min) return `Must be at least ${f.min}`;
      if (f.max !== undefined && n > f.max) return `Must be at most ${f.max}`;
      return null;
    }
    case 'text':
      return f.max !== undefined && String(v).length > f.max ? `At most ${f.max} characters` : null;
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(v)) ? null : 'Not a valid e-mail address';
    case 'currency':
      return /^[A-Z]{3}$/.test(String(v)) ? null : 'Three-letter code, e.g. USD';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? null : 'Use YYYY-MM-DD';
    default:
      return null;
  }
}

/** Form value → API value: blanks become null, numbers become numbers. */
export function toApi(f: FieldMeta, raw: FormValue): string | number | null {
  const v = typeof raw === 'string' ? raw.trim() : raw;
  if (v === null || v === '') return null;
  return f.type === 'int' ? Number(v) : v;
}
