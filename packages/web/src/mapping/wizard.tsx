import { Alert, Button, Group, List, Loader, Paper, Stack, Stepper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api.ts';
import { UploadCard } from '../imports/upload-card.tsx';
import { useUploads } from '../imports/use-uploads.ts';
import { useTenantSlug } from '../shell/tenant.tsx';
import {
  addSkipPrefix,
  type Draft,
  draftFromProfile,
  emptyDraft,
  guessFormats,
  problems,
  toProfile,
} from './draft.ts';
import { MapStep, type Update } from './map-step.tsx';
import { PreviewResults } from './preview-results.tsx';
import { previewFile, profilesKey, saveProfile, useProfiles } from './requests.ts';
import { FileDrop, FileFacts, SampleTable } from './sample.tsx';
import { SaveSummary } from './save-summary.tsx';
import { COLUMN_FIELDS, isBuiltInId, type MappingProfile, type Preview, type SavedProfile } from './types.ts';

export interface WizardStart {
  key: number;
  /** a sample file to start with (e.g. from a rejected import) */
  file: File | null;
  /** a profile to edit (saved) or to start from (`copy`, always for built-in ones) */
  profile: MappingProfile | null;
  copy: boolean;
}

interface BasedOn {
  id: string;
  name: string;
  /** editing a saved profile in place, rather than starting a new one from it */
  editing: boolean;
}

const basedOnOf = (p: MappingProfile, copy: boolean): BasedOn => ({
  id: p.id,
  name: p.name,
  editing: !copy && !isBuiltInId(p.id),
});

function Problems({ items }: { items: string[] }) {
  if (items.length === 0) return null;
  return (
    <Alert color="orange" variant="light" p="sm" title="Still to do" data-testid="mapping-problems">
      <List size="sm" spacing={2}>
        {items.map((p) => (
          <List.Item key={p}>{p}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function DetectedProfile({
  preview,
  basedOn,
  onUse,
}: {
  preview: Preview;
  basedOn: BasedOn | null;
  onUse: (p: MappingProfile) => void;
}) {
  const p = preview.detectedProfile;
  if (!p)
    return (
      <Text size="sm" c="dimmed" data-testid="mapping-detected">
        No saved or built-in mapping recognises these headers: map its columns in the next step.
      </Text>
    );
  if (basedOn && basedOn.id === p.id)
    return (
      <Alert color="green" variant="light" p="sm" data-testid="mapping-detected">
        This file is recognised by “{p.name}”, the mapping you are working on.
      </Alert>
    );
  const builtIn = isBuiltInId(p.id);
  return (
    <Alert color="blue" variant="light" p="sm" data-testid="mapping-detected">
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm">
          These headers match the {builtIn ? 'built-in' : 'saved'} mapping <b>{p.name}</b>
          {p.vendorName ? ` (${p.vendorName})` : ''}, so imports already read this file with it.
          {builtIn ? ' Start from a copy to adjust it.' : ' You can adjust it.'}
        </Text>
        <Button
          size="xs"
          variant="light"
          onClick={() => onUse(p)}
          style={{ flexShrink: 0 }}
          data-testid="mapping-use-detected"
        >
          {builtIn ? 'Start from a copy' : 'Edit this mapping'}
        </Button>
      </Group>
    </Alert>
  );
}

/** Choose a sample file → map its columns and preview the charges → save (and import). */
export function MappingWizard({ start, onReset }: { start: WizardStart; onReset: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const profiles = useProfiles(slug);
  const top = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [filePreview, setFilePreview] = useState<Preview | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [loadingFile, setLoadingFile] = useState(false);
  const [draft, setDraft] = useState<Draft>(() =>
    start.profile ? draftFromProfile(start.profile, start.copy) : emptyDraft(),
  );
  const [basedOn, setBasedOn] = useState<BasedOn | null>(() =>
    start.profile ? basedOnOf(start.profile, start.copy) : null,
  );
  const [charges, setCharges] = useState<{ preview: Preview; json: string } | null>(null);
  const [chargesError, setChargesError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saved, setSaved] = useState<SavedProfile | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { uploads, add, resolve } = useUploads(slug);
  const request = useRef(0);

  const update: Update = useCallback(
    (patch) => setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })),
    [],
  );

  const go = (step: number) => {
    setActive(step);
    const el = top.current;
    if (el && el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' });
  };

  const loadFile = useCallback(
    async (f: File, guess: boolean) => {
      const mine = ++request.current;
      setFile(f);
      setFilePreview(null);
      setFileError(null);
      setCharges(null);
      setChargesError(null);
      setLoadingFile(true);
      try {
        const p = await previewFile(slug, f);
        if (mine !== request.current) return;
        setFilePreview(p);
        if (guess) update(guessFormats(p));
      } catch (err) {
        if (mine === request.current) setFileError(errorMessage(err));
      } finally {
        if (mine === request.current) setLoadingFile(false);
      }
    },
    [slug, update],
  );

  // A file handed over by the Imports page (a rejected CSV) is read right away.
  const startFile = start.file;
  const startGuess = !start.profile;
  useEffect(() => {
    if (startFile) void loadFile(startFile, startGuess);
  }, [startFile, startGuess, loadFile]);

  const headers = filePreview?.headers ?? [];
  const profile = toProfile(draft, headers);
  const json = JSON.stringify(profile);
  const previewProblems = problems(draft, headers, false);
  const saveProblems = problems(draft, headers, true);
  const stale = charges !== null && charges.json !== json;
  const pristine = !basedOn && COLUMN_FIELDS.every((f) => draft.columns[f] === undefined);

  const chooseFile = (f: File) => void loadFile(f, pristine);

  const startFromDetected = (p: MappingProfile) => {
    setDraft(draftFromProfile(p));
    setBasedOn(basedOnOf(p, false));
    setCharges(null);
    go(1);
  };

  async function runPreview() {
    if (!file || previewProblems.length) return;
    setPreviewing(true);
    setChargesError(null);
    try {
      const trial = { ...profile, name: profile.name || 'Unsaved mapping' };
      const p = await previewFile(slug, file, trial);
      setCharges({ preview: p, json });
    } catch (err) {
      setChargesError(errorMessage(err));
      setCharges(null);
    } finally {
      setPreviewing(false);
    }
  }

  async function save() {
    if (saveProblems.length) return;
    setSaving(true);
    setSaveError(null);
    try {
      const s = await saveProfile(slug, profile);
      setSaved(s);
      setBasedOn(basedOnOf(s, false));
      update({ id: s.id, idTouched: true, detectHeaders: s.detectHeaders, detectTouched: true });
      await qc.invalidateQueries({ queryKey: profilesKey(slug) });
      go(3);
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const replaces =
    (!basedOn?.editing || basedOn.id !== profile.id) &&
    (profiles.data ?? []).some((p) => !p.builtIn && p.id === profile.id);
  const importing = uploads.some((u) => u.phase === 'uploading' || u.phase === 'importing');

  return (
    <Paper withBorder p="md" ref={top} data-testid="mapping-wizard">
      {basedOn && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="mapping-based-on">
          {basedOn.editing ? 'Editing' : 'Starting from a copy of'} <b>{basedOn.name}</b>
        </Text>
      )}
      <Stepper
        active={active}
        onStepClick={(s) => s < active && active < 3 && setActive(s)}
        size="sm"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label="Sample file" description="What the export looks like">
          <Stack gap="md">
            {basedOn && !file && (
              <Text size="sm">
                Choose a sample of this export to check the mapping against it, or continue without one.
              </Text>
            )}
            <FileDrop file={file} onFile={chooseFile} />
            {loadingFile && (
              <Group gap="xs">
                <Loader size="sm" />
                <Text size="sm" c="dimmed">
                  Reading {file?.name} …
                </Text>
              </Group>
            )}
            {fileError && (
              <Alert
                color="red"
                variant="light"
                title="The file could not be read"
                data-testid="mapping-file-error"
              >
                {fileError}
              </Alert>
            )}
            {filePreview && (
              <>
                <FileFacts p={filePreview} />
                <DetectedProfile preview={filePreview} basedOn={basedOn} onUse={startFromDetected} />
                <SampleTable preview={filePreview} />
              </>
            )}
            <Group justify="flex-end">
              {basedOn && !file && (
                <Button variant="default" onClick={() => go(1)} data-testid="mapping-skip-file">
                  Continue without a file
                </Button>
              )}
              <Button disabled={!filePreview} onClick={() => go(1)} data-testid="mapping-next">
                Map columns
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Map columns" description="Fields, kinds, formats">
          <Stack gap="md">
            <MapStep draft={draft} update={update} preview={filePreview} />
            <Problems items={previewProblems} />
            <Paper withBorder p="sm" bg="gray.0">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">
                    {file
                      ? `Preview the charges this mapping makes of the first rows of ${file.name}. Nothing is saved.`
                      : 'Choose a sample file in step 1 to preview charges.'}
                  </Text>
                  <Button
                    variant={charges && !stale ? 'light' : 'filled'}
                    onClick={runPreview}
                    loading={previewing}
                    disabled={!file || previewProblems.length > 0}
                    data-testid="mapping-preview"
                  >
                    {charges ? 'Preview again' : 'Preview charges'}
                  </Button>
                </Group>
                {chargesError && (
                  <Alert color="red" variant="light" data-testid="mapping-preview-error">
                    {chargesError}
                  </Alert>
                )}
                {stale && (
                  <Text size="sm" c="orange.8" data-testid="mapping-preview-stale">
                    The mapping changed since this preview; preview again to see its effect.
                  </Text>
                )}
                {charges && (
                  <div style={{ opacity: stale ? 0.6 : 1 }}>
                    <PreviewResults
                      preview={charges.preview}
                      currency={profile.currency ?? ''}
                      onSkipLike={(first) =>
                        update((d) => ({ skipRowsMatching: addSkipPrefix(d.skipRowsMatching, first) }))
                      }
                    />
                  </div>
                )}
              </Stack>
            </Paper>
            <Group justify="space-between">
              <Button variant="default" onClick={() => go(0)} data-testid="mapping-back">
                Back
              </Button>
              <Button disabled={previewProblems.length > 0} onClick={() => go(2)} data-testid="mapping-next">
                Review and save
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Save" description="And import">
          <Stack gap="md">
            <SaveSummary profile={profile} />
            {charges && !stale && charges.preview.charges.some((r) => r.error) && (
              <Alert color="orange" variant="light" data-testid="mapping-save-warning">
                Some sample rows do not map; importing this file would be refused until the mapping handles
                them.
              </Alert>
            )}
            {replaces && (
              <Alert color="yellow" variant="light" data-testid="mapping-replaces">
                A saved mapping with the id <b>{profile.id}</b> exists; saving replaces it.
              </Alert>
            )}
            <Problems items={saveProblems} />
            {saveError && (
              <Alert color="red" variant="light" title="Not saved" data-testid="mapping-save-error">
                {saveError}
              </Alert>
            )}
            <Group justify="space-between">
              <Button variant="default" onClick={() => go(1)} data-testid="mapping-back">
                Back
              </Button>
              <Button
                onClick={save}
                loading={saving}
                disabled={saveProblems.length > 0}
                data-testid="mapping-save"
              >
                Save mapping
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Completed>
          {saved && (
            <Stack gap="md">
              <Alert color="green" variant="light" title="Mapping saved" data-testid="mapping-saved">
                <Text size="sm">
                  “{saved.name}” (<code>{saved.id}</code>) is saved. Imports now read files whose header row
                  has {saved.detectHeaders.map((h) => `“${h}”`).join(', ')} with it.
                </Text>
              </Alert>
              <Group gap="sm">
                {file && (
                  <Button
                    onClick={() => add([file], null)}
                    loading={importing}
                    disabled={
                      uploads.length > 0 && !importing && uploads[0]?.job?.result?.status === 'imported'
                    }
                    data-testid="mapping-import-now"
                  >
                    Import {file.name} now
                  </Button>
                )}
                <Button
                  component={Link}
                  to={`/t/${slug}/imports`}
                  variant="default"
                  data-testid="mapping-go-imports"
                >
                  Go to Imports
                </Button>
                <Button variant="subtle" onClick={() => go(1)} data-testid="mapping-edit-again">
                  Change the mapping
                </Button>
                <Button variant="subtle" onClick={onReset} data-testid="mapping-new">
                  Map another export
                </Button>
              </Group>
              {uploads.length > 0 && (
                <Stack gap="xs" data-testid="import-results">
                  {uploads.map((u) => (
                    <UploadCard key={u.key} u={u} slug={slug} onResolve={resolve} />
                  ))}
                </Stack>
              )}
            </Stack>
          )}
        </Stepper.Completed>
      </Stepper>
    </Paper>
  );
}
