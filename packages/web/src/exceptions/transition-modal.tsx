import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { REQUIRED } from '../meta.ts';
import { STATE_LABELS, transitionLabel } from './types.ts';

interface Props {
  /** the current state when every finding shares it, for the button wording */
  from: string | null;
  /** states offered; the first one is preselected */
  targets: string[];
  /** how many findings change, when more than one */
  count?: number;
  busy: boolean;
  error: string | null;
  onSubmit: (to: string, reason: string) => void;
  onClose: () => void;
}

/** Moves findings to another state; every transition needs a reason for the audit trail. */
export function TransitionModal({ from, targets, count, busy, error, onSubmit, onClose }: Props) {
  const [to, setTo] = useState<string | null>(targets[0] ?? null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (to && !missing) onSubmit(to, reason.trim());
  };
  const title =
    targets.length === 1 && to
      ? transitionLabel(from ?? '', to)
      : `Change the state of ${count ?? 1} exception${count === 1 ? '' : 's'}`;
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{title}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="transition-modal">
          {targets.length > 1 && (
            <Select
              label="New state"
              labelProps={REQUIRED}
              data={targets.map((t) => ({ value: t, label: STATE_LABELS[t] ?? t }))}
              value={to}
              onChange={setTo}
              allowDeselect={false}
              data-testid="transition-to"
            />
          )}
          {targets.length === 1 && to && (
            <Text size="sm">
              The exception becomes <b>{STATE_LABELS[to] ?? to}</b>.
            </Text>
          )}
          <Textarea
            label="Reason"
            labelProps={REQUIRED}
            description="Kept in the exception's history"
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={touched && missing ? 'A reason is required' : undefined}
            data-autofocus
            data-testid="transition-reason"
          />
          {error && (
            <Alert color="red" variant="light" data-testid="transition-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="transition-submit">
              {count && count > 1 ? `Apply to ${count}` : 'Confirm'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
