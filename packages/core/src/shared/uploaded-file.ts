import { invalid } from './errors.ts';

/** A plain file name: no folders, no control characters. */
export function fileNameOf(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  if (
    base === '' ||
    base.length > 255 ||
    [...base].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  )
    throw invalid('file: a file name of 1 to 255 printable characters', {
      fields: [{ path: 'file', message: 'a file name of 1 to 255 printable characters' }],
    });
  return base;
}

/** The media type without parameters; anything malformed is served back as plain bytes. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(t) ? t : 'application/octet-stream';
}
