import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { REQUIRED, useRoles } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

interface Created {
  id: string;
  name: string;
  role: string;
  prefix: string;
  token: string;
}

/** The secret is only ever in this component's state: it is shown once and dropped on close. */
export function CreateTokenModal({ onClose }: { onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const { data: roles } = useRoles();
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(null);
    if (!name.trim()) return setErrors({ name: 'Required' });
    setErrors({});
    setBusy(true);
    try {
      const body = role ? { name: name.trim(), role } : { name: name.trim() };
      setCreated(await api<Created>(tenantApi(slug, 'tokens'), { method: 'POST', body }));
      await qc.invalidateQueries({ queryKey: ['tenant', slug, 'tokens'] });
    } catch (err) {
      const f = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(f);
      if (!Object.keys(f).length) setGeneral(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{created ? 'Token created' : 'Create API token'}</Text>}
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack gap="sm">
          <Alert color="orange" variant="light" title="Copy the token now">
            This is the only time the secret is shown. Store it in your secrets manager; if it is lost, revoke
            the token and create a new one.
          </Alert>
          <Code block data-testid="token-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.token}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? 'teal' : 'blue'}
                  onClick={copy}
                  data-testid="copy-token"
                >
                  {copied ? 'Copied' : 'Copy to clipboard'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {general && (
              <Alert color="red" variant="light" data-testid="form-error">
                {general}
              </Alert>
            )}
            <TextInput
              label="Name"
              name="name"
              labelProps={REQUIRED}
              placeholder="e.g. ERP nightly sync"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              data-autofocus
            />
            <Select
              label="Role"
              name="role"
              clearable
              placeholder="Same as mine"
              description="A token can never have more rights than its owner"
              data={(roles ?? []).map((r) => ({ value: r.role, label: r.label }))}
              value={role}
              onChange={setRole}
              error={errors.role}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-testid="save-token">
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
