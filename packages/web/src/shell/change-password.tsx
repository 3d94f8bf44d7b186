import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';

const MIN_LENGTH = 10;

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  function close() {
    setCurrent('');
    setNext('');
    setConfirm('');
    setErrors({});
    setGeneral(null);
    setDone(false);
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!current) errs.currentPassword = 'Required';
    if (next.length < MIN_LENGTH) errs.newPassword = `At least ${MIN_LENGTH} characters`;
    else if (next !== confirm) errs.confirm = 'Does not match the new password';
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await api('/api/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
        allow401: true,
      });
      setDone(true);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      if (Object.keys(fields).length) setErrors(fields);
      else setGeneral(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Change password</Text>} size="sm">
      {done ? (
        <Stack>
          <Alert color="green">Your password has been changed.</Alert>
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {general && <Alert color="red">{general}</Alert>}
            <PasswordInput
              label="Current password"
              name="currentPassword"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={errors.currentPassword}
              data-autofocus
            />
            <PasswordInput
              label="New password"
              name="newPassword"
              autoComplete="new-password"
              description={`At least ${MIN_LENGTH} characters`}
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={errors.newPassword}
            />
            <PasswordInput
              label="Repeat to confirm"
              name="confirmPassword"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={errors.confirm}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-testid="save-password">
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
