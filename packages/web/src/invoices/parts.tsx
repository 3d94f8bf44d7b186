import { Badge, Group, Text, type TextProps } from '@mantine/core';
import { formatDate } from '../meta.ts';
import { amountSign, formatAmount } from '../money.ts';
import type { Invoice } from './types.ts';

/** "1 line", "3 lines" */
export const count = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** An exact decimal string shown with separators and currency; negatives in red, missing as "—". */
export function Money({
  value,
  currency,
  ...rest
}: { value: string | null | undefined; currency?: string | null } & TextProps) {
  const sign = amountSign(value);
  return (
    <Text
      span
      fz="sm"
      ff="monospace"
      c={sign === null ? 'gray.5' : sign < 0 ? 'red.7' : undefined}
      style={{ whiteSpace: 'nowrap' }}
      {...rest}
    >
      {formatAmount(value, sign === null ? null : currency)}
    </Text>
  );
}

/** A calendar date ("2024-03-01") read as that day everywhere, not as UTC midnight shifted locally. */
export function formatDay(v: string | null | undefined): string {
  const m = v ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!m) return formatDate(v);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

const dayOf = (v: string | null) => {
  const m = v ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
};
const rangeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A billing period as compact as the locale allows: "Mar 1 – 31, 2024". */
export function period(a: string | null, b: string | null): string {
  const from = dayOf(a);
  const to = dayOf(b);
  if (from && to && from <= to) return rangeFormat.formatRange(from, to);
  return a || b ? `${formatDay(a) || '?'} – ${formatDay(b) || '?'}` : '—';
}

export const STATUS_COLORS: Record<string, string> = {
  received: 'blue',
  approved: 'green',
  paid: 'teal',
  disputed: 'orange',
  superseded: 'gray',
};

/** Credit note, control difference and warning markers shared by the list and the detail page. */
export function InvoiceFlags({ inv, wrap = false }: { inv: Invoice; wrap?: boolean }) {
  const differs = (amountSign(inv.controlDifference) ?? 0) !== 0;
  return (
    <Group gap={4} wrap={wrap ? 'wrap' : 'nowrap'}>
      {inv.isCredit && (
        <Badge size="sm" variant="light" color="green" miw="max-content" data-testid="badge-credit">
          credit
        </Badge>
      )}
      {differs && (
        <Badge
          size="sm"
          variant="light"
          color="red"
          miw="max-content"
          title={`Stated and computed current charges differ by ${formatAmount(inv.controlDifference)}`}
          data-testid="badge-totals-differ"
        >
          totals differ
        </Badge>
      )}
      {inv.warnings.length > 0 && (
        <Badge
          size="sm"
          variant="light"
          color="yellow"
          miw="max-content"
          title={inv.warnings.map((w) => w.message).join('\n')}
          data-testid="badge-warnings"
        >
          {inv.warnings.length} warning{inv.warnings.length === 1 ? '' : 's'}
        </Badge>
      )}
      {inv.supersedesId && (
        <Badge size="sm" variant="light" color="grape" miw="max-content">
          correction
        </Badge>
      )}
    </Group>
  );
}
