import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { type EntityMeta, formatDateTime, type Item, keyText, labelField, lower } from '../meta.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { checkField, FieldInput, type FormValue, toApi } from './field-input.tsx';

interface Props {
  entity: EntityMeta;
  /** null for a new record */
  item: Item | null;
  onClose: () => void;
}

function initialValues(entity: EntityMeta, item: Item | null): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const f of entity.fields) {
    const v = item ? item[f.name] : f.default;
    if (typeof v === 'number' || typeof v === 'string') out[f.name] = v;
    // A required enum always has an answer; the first value is the spec's usual default.
    else out[f.name] = !item && f.type === 'enum' && f.required ? (f.values?.[0] ?? null) : null;
  }
  return out;
}

/** Create/edit modal generated from the entity's field metadata. Mount it only while open. */
export function EntityForm({ entity, item, onClose }: Props) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const writable = useCan()(`${entity.name}.write`);
  const [values, setValues] = useState(() => initialValues(entity, item));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const base = tenantApi(slug, entity.plural);

  const done = async () => {
    await qc.invalidateQueries({ queryKey: ['list', slug, entity.plural] });
    await qc.invalidateQueries({ queryKey: ['options', slug, entity.plural] });
    onClose();
  };

  const fail = (err: unknown) => {
    const fieldErrs = err instanceof ApiError ? err.fieldErrors() : {};
    const known = Object.fromEntries(Object.entries(fieldErrs).filter(([k]) => k in values));
    setErrors(known);
    // Field errors get shown under their inputs; anything else (conflicts, rules) goes on top.
    const shownAll =
      Object.keys(known).length > 0 && Object.keys(known).length === Object.keys(fieldErrs).length;
    setGeneral(shownAll ? null : errorMessage(err));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    for (const f of entity.fields) {
      const msg = checkField(f, values[f.name] ?? null);
      if (msg) errs[f.name] = msg;
    }
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    const body: Record<string, unknown> = {};
    for (const f of entity.fields) {
      const v = toApi(f, values[f.name] ?? null);
      // PATCH carries only what changed, so concurrent edits to other fields survive.
      if (!item || v !== toApi(f, initialValues(entity, item)[f.name] ?? null)) body[f.name] = v;
    }
    if (item && Object.keys(body).length === 0) return onClose();
    setBusy(true);
    try {
      await api(item ? `${base}/${item.id}` : base, { method: item ? 'PATCH' : 'POST', body });
      await done();
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  }

  async function remove() {
    if (!item) return;
    setBusy(true);
    setGeneral(null);
    try {
      await api(`${base}/${item.id}`, { method: 'DELETE' });
      await done();
    } catch (err) {
      fail(err);
      setConfirmDelete(false);
      setBusy(false);
    }
  }

  const title = item ? `${entity.label} ${keyText(entity, item)}` : `New ${lower(entity.label)}`;
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg">
      <form onSubmit={submit} noValidate data-testid="entity-form">
        <Stack gap="sm">
          {general && (
            <Alert color="red" variant="light" data-testid="form-error">
              {general}
            </Alert>
          )}
          {!writable && (
            <Alert color="gray" variant="light">
              Your role can view but not change {lower(entity.label)} records.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            {entity.fields.map((f) => (
              <FieldInput
                key={f.name}
                field={f}
                value={values[f.name] ?? null}
                onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))}
                error={errors[f.name]}
                readOnly={!writable}
                refLabel={item ? (item[labelField(f.name)] as string | null | undefined) : null}
              />
            ))}
          </SimpleGrid>
          {item && (
            <Text size="xs" c="dimmed">
              Created {formatDateTime(item.createdAt)} · Updated {formatDateTime(item.updatedAt)}
            </Text>
          )}
          <Group justify="space-between" mt="xs">
            <Group gap="xs">
              {item && writable && !confirmDelete && (
                <Button
                  color="red"
                  variant="subtle"
                  onClick={() => setConfirmDelete(true)}
                  data-testid="delete-entity"
                >
                  Delete
                </Button>
              )}
              {confirmDelete && (
                <>
                  <Text size="sm">Delete this {lower(entity.label)}?</Text>
                  <Button color="red" size="xs" loading={busy} onClick={remove} data-testid="confirm-delete">
                    Yes, delete
                  </Button>
                  <Button variant="default" size="xs" onClick={() => setConfirmDelete(false)}>
                    Keep
                  </Button>
                </>
              )}
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {writable ? 'Cancel' : 'Close'}
              </Button>
              {writable && (
                <Button type="submit" loading={busy} data-testid="save-entity">
                  {item ? 'Save changes' : `Create ${lower(entity.label)}`}
                </Button>
              )}
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
