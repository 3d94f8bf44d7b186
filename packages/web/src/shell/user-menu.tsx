import { Avatar, Button, Group, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useSignOut, useUser } from '../auth.tsx';
import { ChangePasswordModal } from './change-password.tsx';

const initials = (name: string, email: string) =>
  (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');

export function UserMenu() {
  const { user } = useUser();
  const signOut = useSignOut();
  const [pwOpen, pw] = useDisclosure();
  return (
    <>
      <Menu position="bottom-end" width={220} shadow="md">
        <Menu.Target>
          <Button variant="subtle" color="gray" px="xs" data-testid="user-menu">
            <Group gap={8} wrap="nowrap">
              <Avatar size={26} color="blue" radius="xl">
                {initials(user.name, user.email)}
              </Avatar>
              <Text size="sm" visibleFrom="md" truncate maw={160}>
                {user.name || user.email}
              </Text>
            </Group>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{user.email}</Menu.Label>
          <Menu.Item onClick={pw.open} data-testid="change-password">
            Change password
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => void signOut()} data-testid="sign-out">
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={pwOpen} onClose={pw.close} />
    </>
  );
}
