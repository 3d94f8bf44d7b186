import { Card, Table, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAmount } from '../money.ts';

export interface ServiceCharges {
  monthly: { month: string; amount: string; currency: string }[];
  latest: {
    invoiceId: string;
    invoiceNumber: string;
    invoiceDate: string | null;
    lineNo: number;
    kind: string;
    description: string | null;
    amount: string;
    currency: string;
  }[];
}

/** Billed amount per month as bars; the bar height is a float, the labels keep the exact string. */
export function ChargesChart({ data }: { data: ServiceCharges }) {
  const rows = data.monthly.map((m) => ({ ...m, value: Number(m.amount) }));
  return (
    <Card withBorder data-testid="service-charges">
      <Title order={4} mb="sm">
        Charges over time
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">No charges billed under this identifier yet.</Text>
      ) : (
        <div style={{ width: '100%', height: 240 }}>
          <ResponsiveContainer>
            <BarChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis />
              <Tooltip
                formatter={(_v, _n, item) => formatAmount(item.payload.amount, item.payload.currency)}
              />
              <Bar dataKey="value" name="Billed" fill="var(--mantine-color-blue-6)" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {data.latest.length > 0 && (
        <Table mt="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.latest.map((c) => (
              <Table.Tr key={`${c.invoiceId}-${c.lineNo}`}>
                <Table.Td>{c.invoiceNumber}</Table.Td>
                <Table.Td>{c.invoiceDate}</Table.Td>
                <Table.Td>{c.kind}</Table.Td>
                <Table.Td>{c.description}</Table.Td>
                <Table.Td ta="right">{formatAmount(c.amount, c.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
