import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { OwnerSelect } from './members.tsx';

export interface Assignment {
  ownerUserId: string | null;
  queue: string | null;
  dueOn?: string;
}

interface Props {
  count: number;
  initial: { ownerUserId: string | null; queue: string | null; dueOn: string | null };
  /** bulk assignment keeps each finding's own due date */
  withDue: boolean;
  busy: boolean;
  error: string | null;
  onSubmit: (a: Assignment) => void;
  onClose: () => void;
}

/** Owner, queue and (for one finding) a new due date. */
export function AssignModal({ count, initial, withDue, busy, error, onSubmit, onClose }: Props) {
  const [owner, setOwner] = useState(initial.ownerUserId);
  const [queue, setQueue] = useState(initial.queue ?? '');
  const [due, setDue] = useState(initial.dueOn ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a: Assignment = { ownerUserId: owner, queue: queue.trim() || null };
    if (withDue && due && due !== initial.dueOn) a.dueOn = due;
    onSubmit(a);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{count === 1 ? 'Assign exception' : `Assign ${count} exceptions`}</Text>}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="assign-modal">
          <OwnerSelect label="Owner" value={owner} onChange={setOwner} data-testid="assign-owner" />
          <TextInput
            label="Queue"
            description="Work queue for exceptions nobody owns yet"
            value={queue}
            onChange={(e) => setQueue(e.currentTarget.value)}
            data-testid="assign-queue"
          />
          {withDue && (
            <TextInput
              label="Due on"
              type="date"
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              data-testid="assign-due"
            />
          )}
          {error && (
            <Alert color="red" variant="light" data-testid="assign-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="assign-submit">
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
