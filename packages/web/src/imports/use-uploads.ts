import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorFromBody, errorMessage, getCsrfToken, loginUrl, refreshCsrf } from '../api.ts';
import { tenantApi } from '../shell/tenant.tsx';
import type { ImportJob, OnConflict } from './types.ts';

export type Phase = 'uploading' | 'importing' | 'done' | 'failed';

export interface Upload {
  key: number;
  file: File;
  vendor: string | null;
  onConflict: OnConflict | null;
  phase: Phase;
  /** bytes of the file sent so far (upload phase) */
  sent: number;
  job: ImportJob | null;
  error: string | null;
}

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs the file as the raw body with XMLHttpRequest, which (unlike fetch) reports upload progress. */
function send(url: string, file: File, onProgress: (sent: number) => void): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportJob);
        } catch {
          reject(new Error('The server sent an unreadable answer'));
        }
      } else reject(errorFromBody(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(new Error('Network error while uploading'));
    xhr.onabort = () => reject(new Error('Upload cancelled'));
    xhr.send(file);
  });
}

async function upload(url: string, file: File, onProgress: (sent: number) => void): Promise<ImportJob> {
  try {
    return await send(url, file, onProgress);
  } catch (err) {
    const status = (err as { status?: number }).status;
    const code = (err as { code?: string }).code;
    if (status === 401) {
      window.location.assign(loginUrl());
      return new Promise<ImportJob>(() => {});
    }
    // A stale CSRF token (e.g. after signing in from another tab) is recoverable once.
    if (status === 403 && code === 'csrf_failed' && (await refreshCsrf())) return send(url, file, onProgress);
    throw err;
  }
}

/** Files being uploaded and imported on this page, each followed until its job has finished. */
export function useUploads(slug: string) {
  const qc = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextKey = useRef(1);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const patch = useCallback((key: number, p: Partial<Upload>) => {
    if (alive.current) setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...p } : u)));
  }, []);

  const run = useCallback(
    async (u: Upload) => {
      patch(u.key, { phase: 'uploading', sent: 0, job: null, error: null, onConflict: u.onConflict });
      const query = new URLSearchParams({ file: u.file.name });
      if (u.vendor) query.set('vendor', u.vendor);
      if (u.onConflict) query.set('onConflict', u.onConflict);
      try {
        let job = await upload(`${tenantApi(slug, 'imports')}?${query}`, u.file, (sent) =>
          patch(u.key, { sent }),
        );
        patch(u.key, { phase: 'importing', sent: u.file.size, job });
        while (job.state === 'running' && alive.current) {
          await sleep(POLL_MS);
          job = await api<ImportJob>(tenantApi(slug, `imports/jobs/${encodeURIComponent(job.id)}`));
          patch(u.key, { job });
        }
        patch(u.key, {
          phase: job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : 'importing',
          error: job.state === 'failed' ? (job.error ?? 'The import failed') : null,
        });
      } catch (err) {
        patch(u.key, { phase: 'failed', error: errorMessage(err) });
      } finally {
        void qc.invalidateQueries({ queryKey: ['tenant', slug, 'imports'] });
        void qc.invalidateQueries({ queryKey: ['tenant', slug, 'invoices'] });
      }
    },
    [slug, patch, qc],
  );

  const add = useCallback(
    (files: File[], vendor: string | null) => {
      const fresh: Upload[] = files.map((file) => ({
        key: nextKey.current++,
        file,
        vendor,
        onConflict: null,
        phase: 'uploading',
        sent: 0,
        job: null,
        error: null,
      }));
      setUploads((list) => [...[...fresh].reverse(), ...list]);
      for (const u of fresh) void run(u);
    },
    [run],
  );

  /** Sends the same file again, this time saying what to do with the invoices it conflicts with. */
  const resolve = useCallback((u: Upload, onConflict: OnConflict) => void run({ ...u, onConflict }), [run]);

  const clear = useCallback(
    () => setUploads((list) => list.filter((u) => u.phase === 'uploading' || u.phase === 'importing')),
    [],
  );

  return { uploads, add, resolve, clear };
}
