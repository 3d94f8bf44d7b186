import { Badge, Group, Table, Text } from '@mantine/core';
import { FileDropZone } from '../file-drop-zone.tsx';
import { formatBytes } from '../imports/upload-card.tsx';
import { delimiterName, type Preview } from './types.ts';

export const ACCEPT = '.csv,.txt,.tsv,.xlsx,.xls,text/csv,text/plain';

/** One sample file: drop it, or choose it. */
export function FileDrop({ file, onFile }: { file: File | null; onFile: (f: File) => void }) {
  return (
    <FileDropZone
      onFiles={([f]) => f && onFile(f)}
      accept={ACCEPT}
      padding="lg"
      testId="mapping-dropzone"
      inputTestId="mapping-file-input"
      buttonTestId="mapping-choose"
      buttonLabel={file ? 'Choose another file' : 'Choose a file'}
    >
      {file ? (
        <Text fw={600} mb={4}>
          {file.name}{' '}
          <Text span size="sm" c="dimmed" fw={400}>
            ({formatBytes(file.size)})
          </Text>
        </Text>
      ) : (
        <Text fw={600} mb={4}>
          Drop a carrier export here
        </Text>
      )}
      <Text size="sm" c="dimmed" mb="sm">
        A CSV (any delimiter, UTF-8, UTF-16 or Windows-1252) or XLSX portal export. Only its first rows are
        read; nothing is imported yet.
      </Text>
    </FileDropZone>
  );
}

/** Format, encoding, delimiter and header row as read from the file. */
export function FileFacts({ p }: { p: Preview }) {
  return (
    <Group gap="xs" data-testid="mapping-file-facts">
      <Badge variant="light" color="gray">
        format {p.format.toUpperCase()}
      </Badge>
      {p.format === 'csv' && (
        <>
          <Badge variant="light" color="gray">
            encoding {p.encoding ?? '—'}
          </Badge>
          <Badge variant="light" color="gray">
            delimiter {delimiterName(p.delimiter)}
          </Badge>
        </>
      )}
      <Badge variant="light" color="gray">
        header on {p.format === 'csv' ? 'line' : 'row'} {p.headerRow ?? '—'}
      </Badge>
      <Badge variant="light" color="gray">
        {p.headers.filter((h) => h.trim()).length} columns
      </Badge>
    </Group>
  );
}

interface SampleProps {
  preview: Preview;
  rows?: number;
  /** column index → the fields mapped to it, shown above the header */
  mapped?: Map<number, string[]>;
  testId?: string;
}

/** The header row and the first rows of the file, as the server read them. */
export function SampleTable({ preview, rows = 8, mapped, testId = 'mapping-headers' }: SampleProps) {
  const width = Math.max(preview.headers.length, ...preview.sampleRows.map((r) => r.cells.length));
  const cols = Array.from({ length: width }, (_, i) => i);
  return (
    <Table.ScrollContainer minWidth={Math.min(width * 80, 1000)} type="native">
      <Table
        withTableBorder
        withColumnBorders
        fz="xs"
        verticalSpacing={4}
        horizontalSpacing={8}
        data-testid={testId}
      >
        <Table.Thead bg="gray.0">
          {mapped && (
            <Table.Tr>
              <Table.Th />
              {cols.map((i) => (
                <Table.Th key={i} style={{ verticalAlign: 'bottom' }}>
                  <Group gap={2}>
                    {(mapped.get(i) ?? []).map((f) => (
                      <Badge
                        key={f}
                        size="xs"
                        variant="filled"
                        color="blue"
                        miw="max-content"
                        style={{ textTransform: 'none' }}
                      >
                        {f}
                      </Badge>
                    ))}
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th w={44} c="dimmed">
              {preview.headerRow ?? ''}
            </Table.Th>
            {cols.map((i) => (
              <Table.Th key={i} style={{ whiteSpace: 'nowrap' }} data-testid="mapping-header">
                {preview.headers[i] ?? ''}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.sampleRows.slice(0, rows).map((r) => (
            <Table.Tr key={r.line}>
              <Table.Td c="dimmed">{r.line}</Table.Td>
              {cols.map((i) => (
                <Table.Td key={i} style={{ whiteSpace: 'nowrap', maxWidth: 260 }}>
                  <Text span size="xs" truncate="end" display="block" title={r.cells[i]}>
                    {r.cells[i] ?? ''}
                  </Text>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {preview.sampleRows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={width + 1}>
                <Text size="sm" c="dimmed" ta="center">
                  No rows below the header.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
