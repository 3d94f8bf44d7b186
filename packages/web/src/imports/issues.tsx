import { Badge, List, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { type ImportError, type ImportIssue, where } from './types.ts';

/** The reason a file was rejected, with the line or segment it was found at. */
export function ErrorText({ error }: { error: ImportError }) {
  return (
    <Text size="sm" c="red.8" data-testid="import-error">
      {error.line ? <b>Line {error.line}: </b> : null}
      {error.message}{' '}
      <Text span size="xs" c="dimmed">
        ({error.code})
      </Text>
    </Text>
  );
}

/** "N warnings" that opens into the list of them. */
export function Warnings({ warnings }: { warnings: ImportIssue[] }) {
  const [open, setOpen] = useState(false);
  if (warnings.length === 0) return null;
  return (
    <div>
      <UnstyledButton onClick={() => setOpen((o) => !o)} data-testid="import-warnings-toggle">
        <Badge color="yellow" variant="light" size="sm" style={{ cursor: 'pointer' }}>
          {open ? '▾' : '▸'} {warnings.length} warning{warnings.length === 1 ? '' : 's'}
        </Badge>
      </UnstyledButton>
      {open && (
        <List size="xs" mt={4} spacing={2} data-testid="import-warnings">
          {warnings.map((w, i) => (
            // Warnings have no identity of their own; their order is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <List.Item key={i}>
              {where(w) && <b>{where(w)}: </b>}
              {w.message}{' '}
              <Text span size="xs" c="dimmed">
                ({w.code})
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
