import { Group, Pagination, Select, Text } from '@mantine/core';

export const PAGE_SIZES = ['25', '50', '100'];

interface Props {
  total: number;
  page: number;
  pageSize: number;
  onChange: (next: { page?: number; pageSize?: string }) => void;
  /** test hook of the "1–50 of 1,234" text */
  rangeTestId: string;
  empty: string;
}

/** "1–50 of 1,234", page buttons and rows per page, under every server-paged table. */
export function PagingFooter({ total, page, pageSize, onChange, rangeTestId, empty }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid={rangeTestId}>
        {total ? `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()}` : empty}
      </Text>
      <Group gap="sm">
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => onChange({ page: p })}
          size="sm"
        />
        <Select
          aria-label="Rows per page"
          data-testid="page-size"
          data={PAGE_SIZES.map((s) => ({ value: s, label: `${s} / page` }))}
          value={String(pageSize)}
          onChange={(v) => v && onChange({ pageSize: v })}
          allowDeselect={false}
          size="xs"
          w={110}
        />
      </Group>
    </Group>
  );
}
