import { Title } from '@mantine/core';

export function DiscoveryPage() {
  return <Title order={2}>Discovered services</Title>;
}
