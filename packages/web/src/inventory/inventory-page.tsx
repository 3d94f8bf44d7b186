import { Title } from '@mantine/core';

export function InventoryPage() {
  return <Title order={2}>Inventory</Title>;
}
