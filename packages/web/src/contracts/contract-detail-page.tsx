import { Title } from '@mantine/core';

export function ContractDetailPage() {
  return <Title order={2}>Contract</Title>;
}
