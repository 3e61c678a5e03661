/**
 * Word (.docx) and OpenDocument (.odt) protocols → pages with layout lines,
 * as the PDF extraction gives them (see blocks.ts), or a failure value with a
 * Swedish reason. Bounded: only the few XML parts needed are inflated, within
 * the zip limits (zip.ts); the ingest child's memory and time caps apply too.
 */
import type { IngestFailure, Page } from '../../domain/schemas.js';
import { toPages } from './blocks.js';
import { DOCX_PARTS, docxBodySize, readDocx } from './docx.js';
import { ODT_PARTS, readOdt } from './odt.js';
import { DEFAULT_ZIP_LIMITS, looksLikeZip, readParts, type ZipLimits } from './zip.js';

export type OfficeKind = 'docx' | 'odt';

export type OfficeResult = { ok: true; pages: Page[] } | { ok: false; kind: IngestFailure['kind']; reason: string };

const NAME: Record<OfficeKind, string> = { docx: 'Word-filen', odt: 'OpenDocument-filen' };

/** An OLE compound file: an encrypted OOXML package, or an old binary .doc under a new name. */
const isCompoundFile = (b: Uint8Array) =>
  b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

export function extractOffice(
  bytes: Uint8Array,
  kind: OfficeKind,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): OfficeResult {
  const name = NAME[kind];
  if (isCompoundFile(bytes))
    return {
      ok: false,
      kind: 'encrypted',
      reason: `${name} är lösenordsskyddad eller i det gamla binära formatet (.doc). Spara den utan lösenord som .docx eller PDF och läs in den igen.`,
    };
  if (!looksLikeZip(bytes))
    return {
      ok: false,
      kind: 'corrupt',
      reason: `${name} är trasig eller ingen ${kind === 'docx' ? 'Word' : 'OpenDocument'}-fil (den är inget zip-paket). Hämta en ny kopia eller spara om den.`,
    };
  const read = readParts(bytes, kind === 'docx' ? DOCX_PARTS : ODT_PARTS, limits);
  if (!read.ok)
    return read.kind === 'too-complex'
      ? {
          ok: false,
          kind: 'too-complex',
          reason: `${name} packas upp till orimligt mycket (${read.detail}; troligen en komprimeringsbomb) och lades åt sidan.`,
        }
      : {
          ok: false,
          kind: 'corrupt',
          reason: `${name} är trasig (${read.detail}). Hämta en ny kopia eller spara om den.`,
        };
  let pages: Page[];
  try {
    if (kind === 'docx') pages = toPages(readDocx(read.parts), docxBodySize(read.parts));
    else {
      const { pieces, bodySize } = readOdt(read.parts);
      pages = toPages(pieces, bodySize);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      kind: 'corrupt',
      reason: `${name} kunde inte läsas (${detail}). Spara om den och försök igen.`,
    };
  }
  if (pages.every((p) => p.text.trim() === ''))
    return { ok: false, kind: 'empty', reason: `${name} innehåller ingen text.` };
  return { ok: true, pages };
}
