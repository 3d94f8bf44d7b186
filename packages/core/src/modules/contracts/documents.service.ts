import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Source } from '@temops/formats';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { fileNameOf, mediaTypeOf } from '../../shared/uploaded-file.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { recordChange } from '../audit-log/record.ts';
import { type FileStore, FileTooLargeError } from '../imports/file-store.ts';
import { deleteDocumentRow, documentRows, getDocumentRow, insertDocument } from './contracts.queries.ts';
import { contractRow } from './lookup.ts';

export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/**
 * Where contract documents are kept, by content hash. The store's `kind` is written on every
 * document row, so a deployment can move to another backend (an S3-compatible bucket, say) and
 * still tell which rows it can serve.
 */
export interface DocumentStore {
  readonly kind: string;
  put(source: Source, limit: number): Promise<{ sha256: string; size: number }>;
  /** The stored bytes; null when this store does not hold them. */
  open(sha256: string): Promise<Readable | null>;
}

/** Documents in the same content-addressed directory as imported bills: the same file is kept once. */
export function localDocumentStore(files: FileStore): DocumentStore {
  return {
    kind: 'local',
    async put(source, limit) {
      const { sha256, size } = await files.put(source, limit);
      return { sha256, size };
    },
    async open(sha256) {
      const file = files.path(sha256);
      const found = await fs.stat(file).catch(() => null);
      return found?.isFile() ? createReadStream(file, { highWaterMark: 1 << 20 }) : null;
    },
  };
}

type DocumentRow = Awaited<ReturnType<typeof documentRows>>[number];

export const documentDto = (d: DocumentRow) => ({
  id: d.id,
  contractId: d.contract_id,
  fileName: d.file_name,
  contentType: d.content_type,
  size: d.size,
  sha256: d.file_sha256,
  storage: d.storage,
  uploadedBy: d.uploaded_by,
  createdAt: d.created_at,
});
export type DocumentDto = ReturnType<typeof documentDto>;

export async function listDocuments(ctx: Ctx, contractId: string) {
  authorize(ctx.actor, 'contract.read');
  await contractRow(ctx, contractId);
  const rows = await documentRows(ctx.db, ctx.tenantId, contractId);
  const names = await actorNamesOf(
    ctx,
    rows.map((r) => r.uploaded_by),
  );
  return rows.map((r) => ({ ...documentDto(r), uploadedByName: names.get(r.uploaded_by) ?? r.uploaded_by }));
}

/** Keeps the bytes in the store (once per content), then records the document on the contract. */
export async function addDocument(
  ctx: Ctx,
  store: DocumentStore,
  contractId: string,
  input: { source: Source; contentType?: string | null; limit?: number },
): Promise<DocumentDto> {
  authorize(ctx.actor, 'contract.write');
  const fileName = fileNameOf(input.source.fileName);
  await contractRow(ctx, contractId);
  const limit = Math.min(input.limit ?? MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES);
  let kept: { sha256: string; size: number };
  try {
    kept = await store.put(input.source, limit);
  } catch (err) {
    if (err instanceof FileTooLargeError)
      throw new AppError('payload_too_large', `${fileName}: documents are limited to ${limit} bytes`);
    throw err;
  }
  if (kept.size === 0) throw invalid(`${fileName}: the file is empty`);
  return inTransaction(ctx, async (tx) => {
    await contractRow(tx, contractId);
    const row = {
      id: newId(),
      tenant_id: tx.tenantId,
      contract_id: contractId,
      file_sha256: kept.sha256,
      file_name: fileName,
      content_type: mediaTypeOf(input.contentType),
      size: kept.size,
      storage: store.kind,
      uploaded_by: actorLabel(tx.actor),
      created_at: isoNow(tx.clock),
    };
    await insertDocument(tx.db, row);
    await recordChange(tx, {
      entity: 'contract_document',
      entityId: row.id,
      action: 'create',
      after: { contractId, fileName, sha256: kept.sha256, size: kept.size, contentType: row.content_type },
    });
    return documentDto(row);
  });
}

/** A document's description and its bytes, for download. */
export async function openDocument(ctx: Ctx, store: DocumentStore, contractId: string, id: string) {
  authorize(ctx.actor, 'contract.read');
  const row = await getDocumentRow(ctx.db, ctx.tenantId, contractId, id);
  if (!row) throw notFound('Document', id);
  const body = row.storage === store.kind ? await store.open(row.file_sha256) : null;
  if (!body)
    throw new AppError('not_found', `The file of document ${row.file_name} is not in this server's store`);
  return { document: documentDto(row), body };
}

/** Forgets a document; its bytes stay in the store, where other rows may share them. */
export async function deleteDocument(ctx: Ctx, contractId: string, id: string): Promise<void> {
  authorize(ctx.actor, 'contract.write');
  await inTransaction(ctx, async (tx) => {
    const row = await getDocumentRow(tx.db, tx.tenantId, contractId, id);
    if (!row) throw notFound('Document', id);
    await deleteDocumentRow(tx.db, tx.tenantId, id);
    await recordChange(tx, {
      entity: 'contract_document',
      entityId: id,
      action: 'delete',
      before: { contractId, fileName: row.file_name, sha256: row.file_sha256 },
    });
  });
}
