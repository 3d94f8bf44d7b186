import { Title } from '@mantine/core';

export function ContractsPage() {
  return <Title order={2}>Contracts</Title>;
}
