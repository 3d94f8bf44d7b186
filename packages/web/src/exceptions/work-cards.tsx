import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorFromBody, errorMessage, getCsrfToken } from '../api.ts';
import { useUser } from '../auth.tsx';
import { FileDropZone } from '../file-drop-zone.tsx';
import { formatDateTime } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { labelOf } from './evidence.tsx';
import { type Member, memberName, useMembers } from './members.tsx';
import type { ExceptionAttachment, ExceptionComment, ExceptionDetail, HistoryEvent } from './types.ts';
import { STATE_LABELS } from './types.ts';

const base = (slug: string, id: string) => tenantApi(slug, `exceptions/${encodeURIComponent(id)}`);

export function CommentsCard({
  e,
  canWork,
  onChanged,
}: {
  e: ExceptionDetail;
  canWork: boolean;
  onChanged: () => void;
}) {
  const slug = useTenantSlug();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api<ExceptionComment>(`${base(slug, e.id)}/comments`, { method: 'POST', body: { body: body.trim() } }),
    onSuccess: () => {
      setBody('');
      onChanged();
    },
  });
  return (
    <Card withBorder padding="md" data-testid="exception-comments">
      <Title order={4} mb="xs">
        Comments
      </Title>
      <Stack gap="sm">
        {e.comments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No comments yet.
          </Text>
        ) : (
          e.comments.map((c) => (
            <div key={c.id} data-testid="comment">
              <Group gap={6} justify="space-between">
                <Text size="sm" fw={600}>
                  {c.author}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(c.createdAt)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="comment-body">
                {c.body}
              </Text>
            </div>
          ))
        )}
        {canWork && (
          <>
            <Textarea
              aria-label="New comment"
              placeholder="Add a comment: what you checked, who you asked"
              autosize
              minRows={2}
              value={body}
              onChange={(ev) => setBody(ev.currentTarget.value)}
              data-testid="comment-input"
            />
            <Group justify="flex-end">
              <Button
                size="xs"
                onClick={() => add.mutate()}
                disabled={body.trim() === ''}
                loading={add.isPending}
                data-testid="comment-add"
              >
                Add comment
              </Button>
            </Group>
          </>
        )}
        {add.error && (
          <Alert color="red" variant="light">
            {errorMessage(add.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

/** Multipart upload: `api()` sends JSON or raw bodies, and FormData needs the browser's boundary. */
async function upload(url: string, file: File): Promise<ExceptionAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const text = await res.text();
  if (!res.ok) throw errorFromBody(res.status, res.statusText, text);
  return JSON.parse(text) as ExceptionAttachment;
}

export function AttachmentsCard({
  e,
  canWork,
  onChanged,
}: {
  e: ExceptionDetail;
  canWork: boolean;
  onChanged: () => void;
}) {
  const slug = useTenantSlug();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `${base(slug, e.id)}/attachments`;
  async function take(files: File[]) {
    setError(null);
    for (const file of files) {
      setBusy(file.name);
      try {
        await upload(url, file);
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
      }
    }
    setBusy(null);
    onChanged();
  }
  return (
    <Card withBorder padding="md" data-testid="exception-attachments">
      <Title order={4} mb="xs">
        Attachments
      </Title>
      <Stack gap="sm">
        {e.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No attachments.
          </Text>
        ) : (
          // Stacked, not a table: the column is narrow and file names are long.
          <Stack gap={6}>
            {e.attachments.map((a) => (
              <div key={a.id} data-testid="attachment-row">
                <Anchor
                  href={`${url}/${a.id}`}
                  download={a.fileName}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                  data-testid="attachment-download"
                >
                  {a.fileName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {size(a.size)} · {a.uploadedBy} · {formatDateTime(a.createdAt)}
                </Text>
              </div>
            ))}
          </Stack>
        )}
        {error && (
          <Alert color="red" variant="light" data-testid="attachment-error">
            {error}
          </Alert>
        )}
        {canWork && (
          <FileDropZone
            onFiles={take}
            multiple
            testId="attachment-upload"
            inputTestId="attachment-upload-input"
            buttonTestId="attachment-upload-button"
            buttonLabel={busy ? `Uploading ${busy}…` : 'Choose files'}
            padding="lg"
          >
            <Text size="sm" c="dimmed" mb="xs">
              Drop vendor replies, credit memos or screenshots here (up to 25 MB each)
            </Text>
          </FileDropZone>
        )}
      </Stack>
    </Card>
  );
}

const USER_KEYS = new Set(['ownerUserId', 'owner_user_id', 'escalateToUserId']);

/** A changed value as a reader knows it: state labels, people by name, long text cut. */
const short = (key: string, v: unknown, members: Member[]) => {
  if (v === null || v === undefined) return '—';
  if (USER_KEYS.has(key) && typeof v === 'string') return memberName(members, v) ?? v;
  const s = typeof v === 'string' ? (STATE_LABELS[v] ?? v) : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/** Fields an event changed, as "field: before → after"; a creation lists nothing. */
function changes(ev: HistoryEvent): { key: string; from: unknown; to: unknown }[] {
  const b = (ev.before ?? {}) as Record<string, unknown>;
  const a = (ev.after ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || typeof a !== 'object' || !ev.before) return [];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ key: k, from: b[k], to: a[k] }));
}

export function HistoryCard({ history }: { history: HistoryEvent[] }) {
  const { user } = useUser();
  const listed = useMembers();
  const members = listed.some((m) => m.id === user.id) ? listed : [...listed, { ...user, role: '' }];
  // Newest first: the last thing that happened is what a reader wants.
  const events = [...history].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
  return (
    <Card withBorder padding="md" data-testid="exception-history">
      <Title order={4} mb="sm">
        History
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          No history.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={events.length}>
          {events.map((ev, i) => (
            <Timeline.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: two events can share a timestamp
              key={`${ev.at}-${i}`}
              title={
                <Text size="sm" fw={600}>
                  {labelOf(ev.action)}
                </Text>
              }
              data-testid="history-event"
            >
              <Text size="xs" c="dimmed">
                {ev.actor} · {formatDateTime(ev.at)}
              </Text>
              {changes(ev)
                .slice(0, 6)
                .map((c) => (
                  <Text size="xs" key={c.key}>
                    <Code fz="xs">{c.key}</Code> {short(c.key, c.from, members)} →{' '}
                    {short(c.key, c.to, members)}
                  </Text>
                ))}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
