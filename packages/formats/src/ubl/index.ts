/**
 * UBL 2.1 / Peppol BIS Billing 3.0 reader: one Invoice or CreditNote per file → one ParsedInvoice.
 *
 * Safety: the whole text is checked before fast-xml-parser sees it — size cap, strict UTF-8, and
 * any <!DOCTYPE / <!ENTITY refused with its line (so entity expansion and XXE cannot happen even
 * if the parser had a bug); entity processing is off in the parser too, nesting is capped, and
 * the XML must be well-formed (XMLValidator gives the line of the first error).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError, type ParsedInvoice, type Parser, type Source } from '../canonical.ts';
import { readAll } from '../source.ts';
import { mapDocument } from './map.ts';
import { decodeXml, Lines, refuseDtd } from './xml.ts';

/** e-invoices are small; 20 MB is far above any real Peppol document (attachments included) */
export const UBL_MAX_BYTES = 20 * 1024 * 1024;
const MAX_DEPTH = 64;
const NS = 'urn:oasis:names:specification:ubl:schema:xsd:';
const REPEATED = new Set([
  'InvoiceLine',
  'CreditNoteLine',
  'TaxSubtotal',
  'TaxTotal',
  'AllowanceCharge',
  'PaymentMeans',
]);

/** True when the first bytes look like a UBL Invoice or CreditNote (root element + namespace). */
export function sniffUbl(head: string): boolean {
  const root = /<(?:[\w.-]+:)?(Invoice|CreditNote)[\s>]/.exec(head);
  return root !== null && head.includes(`${NS}${root[1]}-2`);
}

async function read(source: Source): Promise<Buffer> {
  const tooBig = () =>
    new FormatError(
      'too_large',
      `${source.fileName}: larger than ${UBL_MAX_BYTES} bytes, refused as a UBL document`,
    );
  if (source.size > UBL_MAX_BYTES) throw tooBig();
  try {
    return await readAll(source, UBL_MAX_BYTES);
  } catch (err) {
    if (err instanceof Error && err.message.includes('larger than')) throw tooBig();
    throw err;
  }
}

/** Parses already-decoded UBL text; exported for tests and for callers that hold the text. */
export function parseUblText(xml: string, fileName: string): ParsedInvoice {
  const lines = new Lines(xml);
  refuseDtd(xml, lines, fileName);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, msg } = valid.err;
    throw new FormatError('xml_malformed', `${fileName}: line ${line}: ${msg}`, line);
  }
  const parser = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    removeNSPrefix: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
    maxNestedTags: MAX_DEPTH,
    isArray: (name) => REPEATED.has(name),
  });
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    // the validator passed, so this is a limit (nesting depth) or a parser stack overflow
    const message = err instanceof Error ? err.message : String(err);
    throw new FormatError(
      /nested/i.test(message) ? 'xml_too_deep' : 'xml_refused',
      `${fileName}: ${message}`,
    );
  }
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol; // typed as the Symbol wrapper
  const lineOf = (node: unknown): number | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const m = (node as Record<symbol, { startIndex?: number } | undefined>)[meta];
    return m?.startIndex === undefined ? undefined : lines.at(m.startIndex);
  };
  const roots = Object.keys(tree);
  const root = roots[0];
  if (roots.length !== 1 || (root !== 'Invoice' && root !== 'CreditNote')) {
    throw new FormatError(
      'not_ubl',
      `${fileName}: root element <${roots.join(', ')}> is not a UBL Invoice or CreditNote`,
    );
  }
  if (!xml.includes(`${NS}${root}-2`)) {
    throw new FormatError('not_ubl', `${fileName}: <${root}> is not in the UBL 2.1 namespace ${NS}${root}-2`);
  }
  return mapDocument(root, tree[root], { fileName, lineOf });
}

export const parseUbl: Parser = async function* parseUbl(source, opts) {
  const bytes = await read(source);
  opts?.onProgress?.(bytes.length);
  yield parseUblText(decodeXml(bytes, source.fileName), source.fileName);
};
