import type { Source } from '@temops/formats';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { fileNameOf, mediaTypeOf } from '../../shared/uploaded-file.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { recordChange } from '../audit-log/record.ts';
import type { DocumentStore } from '../contracts/documents.service.ts';
import { FileTooLargeError } from '../imports/file-store.ts';
import { attachmentDto } from './dto.ts';
import { attachmentRow, findingForUpdate, insertAttachment } from './exceptions.queries.ts';

/** Evidence files (a carrier's reply, a screenshot) are bounded like contract documents. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** Keeps the file's bytes in the store (once per content) and lists it on the exception. */
export async function addAttachment(
  ctx: Ctx,
  store: DocumentStore,
  findingId: string,
  input: { source: Source; contentType?: string | null; limit?: number },
) {
  authorize(ctx.actor, 'exception.work');
  const fileName = fileNameOf(input.source.fileName);
  if (!(await findingForUpdate(ctx.db, ctx.engine, ctx.tenantId, findingId)))
    throw notFound('Exception', findingId);
  const limit = Math.min(input.limit ?? MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES);
  let kept: { sha256: string; size: number };
  try {
    kept = await store.put(input.source, limit);
  } catch (err) {
    if (err instanceof FileTooLargeError)
      throw new AppError('payload_too_large', `${fileName}: attachments are limited to ${limit} bytes`);
    throw err;
  }
  if (kept.size === 0) throw invalid(`${fileName}: the file is empty`);
  const row = await inTransaction(ctx, async (tx) => {
    if (!(await findingForUpdate(tx.db, tx.engine, tx.tenantId, findingId)))
      throw notFound('Exception', findingId);
    const attachment = {
      id: newId(),
      tenant_id: tx.tenantId,
      finding_id: findingId,
      file_sha256: kept.sha256,
      file_name: fileName,
      content_type: mediaTypeOf(input.contentType),
      size: kept.size,
      uploaded_by: actorLabel(tx.actor),
      created_at: isoNow(tx.clock),
    };
    await insertAttachment(tx.db, attachment);
    await recordChange(tx, {
      entity: 'finding',
      entityId: findingId,
      action: 'attach',
      after: { attachmentId: attachment.id, fileName, sha256: kept.sha256, size: kept.size },
    });
    return attachment;
  });
  const names = await actorNamesOf(ctx, [row.uploaded_by]);
  return { ...attachmentDto(row), uploadedBy: names.get(row.uploaded_by) ?? row.uploaded_by };
}

/** An attachment's description and its bytes, for download. */
export async function openAttachment(ctx: Ctx, store: DocumentStore, findingId: string, id: string) {
  authorize(ctx.actor, 'exception.read');
  const row = await attachmentRow(ctx.db, ctx.tenantId, findingId, id);
  if (!row) throw notFound('Attachment', id);
  const body = await store.open(row.file_sha256);
  if (!body) throw new AppError('not_found', `The file ${row.file_name} is not in this server's store`);
  return { attachment: attachmentDto(row), body };
}
