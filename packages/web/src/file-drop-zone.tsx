import { Button, Paper } from '@mantine/core';
import { type DragEvent, type ReactNode, useRef, useState } from 'react';

interface Props {
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  accept?: string;
  /** test hooks of the zone, its hidden file input and its button */
  testId: string;
  inputTestId: string;
  buttonTestId: string;
  buttonLabel: string;
  padding?: 'lg' | 'xl';
  children: ReactNode;
}

/** A dashed drop target with a "choose" button; used for bill uploads and mapping samples. */
export function FileDropZone(p: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])];
    if (files.length) p.onFiles(p.multiple ? files : files.slice(0, 1));
  };
  return (
    <Paper
      withBorder
      p={p.padding ?? 'xl'}
      bg={over ? 'blue.0' : 'white'}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-color-blue-5)' : undefined,
        textAlign: 'center',
      }}
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
      data-testid={p.testId}
    >
      <input
        ref={input}
        type="file"
        multiple={p.multiple}
        accept={p.accept}
        hidden
        data-testid={p.inputTestId}
        onChange={(e) => {
          const files = e.currentTarget.files;
          take(files);
          e.currentTarget.value = '';
        }}
      />
      {p.children}
      <Button variant="default" onClick={() => input.current?.click()} data-testid={p.buttonTestId}>
        {p.buttonLabel}
      </Button>
    </Paper>
  );
}
