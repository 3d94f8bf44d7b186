import { Title } from '@mantine/core';

export function DataQualityPage() {
  return <Title order={2}>Data quality</Title>;
}
