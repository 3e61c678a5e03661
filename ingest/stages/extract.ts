/**
 * Extract: file bytes → pages of text. PDF through pdf-parse 2 page by page (so
 * every span keeps its page), .txt/.md as strict UTF-8 (form feeds split pages).
 * Every way a file can be unreadable becomes a failure value with a Swedish
 * reason; nothing is thrown past this stage.
 */
import { PDFParse } from 'pdf-parse';
import { detectKind, failureReason, type FileKind } from '../../src/domain/file-types.js';
import type { IngestFailure, Page, Warning } from '../../src/domain/schemas.js';
import { ocrMissingText, type OcrHooks, type OcrSettings } from '../ocr/index.js';

export const VERSION = 'extract@3';

export type { FileKind } from '../../src/domain/file-types.js';
export { detectKind } from '../../src/domain/file-types.js';

export type ExtractResult =
  | { ok: true; kind: FileKind; pages: Page[]; warnings: Warning[] }
  | { ok: false; kind: IngestFailure['kind']; reason: string };


/** Pages without text in an otherwise readable file (a scanned appendix, an empty page). */
function blankPages(pages: readonly Page[]): Warning[] {
  return pages
    .filter((p) => p.text.trim() === '')
    .map((p) => ({ code: 'blank-page', message: `Sidan ${p.number} saknar text (inskannad eller tom sida); den indexeras inte.`, page: p.number }));
}

const failure = (kind: IngestFailure['kind'], reason: string): ExtractResult => ({ ok: false, kind, reason });

function decodeText(bytes: Uint8Array): ExtractResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return failure('bad-encoding', 'Textfilen är inte UTF-8 (kanske Latin-1 eller Windows-1252). Spara om den som UTF-8 och läs in den igen.');
  }
  if (text.includes('\u0000')) return failure('bad-encoding', 'Textfilen innehåller binära data (NUL-tecken) och kan inte läsas som text.');
  const pages = text.split('\f').map((t, i) => ({ number: i + 1, text: t }));
  if (pages.every((p) => p.text.trim() === '')) return failure('empty', 'Textfilen är tom.');
  return { ok: true, kind: 'text', pages, warnings: blankPages(pages) };
}

function pdfFailure(error: unknown): ExtractResult {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? String(error);
  // pdf-parse's errors are told apart by name, not instanceof (they cross module copies).
  if (name === 'PasswordException') return failure('encrypted', 'PDF-filen är lösenordsskyddad. Spara en version utan lösenord och läs in den igen.');
  if (name === 'InvalidPDFException') return failure('corrupt', `PDF-filen är trasig eller ofullständig (${message}). Hämta en ny kopia av filen.`);
  return failure('corrupt', `PDF-filen kunde inte läsas (${name || 'fel'}: ${message}). Hämta en ny kopia av filen.`);
}

async function extractPdf(bytes: Uint8Array, timeoutMs: number): Promise<ExtractResult> {
  if (bytes.length < 5 || new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    return failure('corrupt', 'Filen har ändelsen .pdf men är ingen PDF (rubriken %PDF saknas).');
  }
  // pdf.js takes ownership of the buffer it is given: hand it a copy. The timer
  // below only catches a parse that stalls between its asynchronous steps; a
  // parse that spins synchronously is stopped by IngestPool terminating its thread.
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const started = performance.now();
  try {
    const result = await Promise.race([parser.getText(), timeout]);
    // A parse that never yields to the event loop outruns the timer: measure it as well.
    if (result === 'timeout' || performance.now() - started > timeoutMs) {
      return failure('timeout', failureReason('timeout', { seconds: Math.round(timeoutMs / 1000) }));
    }
    const pages: Page[] = result.pages.map((p) => ({ number: p.num, text: p.text }));
    if (pages.length === 0) return failure('empty', 'PDF-filen har inga sidor.');
    return { ok: true, kind: 'pdf', pages, warnings: [] };
  } catch (error) {
    return pdfFailure(error);
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
  }
}

// --- OCR hook (ingest/ocr): pages without a text layer are read from their image.
async function withOcr(bytes: Uint8Array, pages: readonly Page[], options: ExtractOptions): Promise<ExtractResult> {
  const ocr = await ocrMissingText(bytes, pages, options.ocr, options.ocrHooks);
  if (ocr.pages.every((p) => p.text.trim() === '')) {
    return failure(
      'no-text-layer',
      ocr.reason === null
        ? 'PDF-filen saknar textlager och textigenkänningen (OCR) hittade ingen text på sidorna (en bild eller ritning utan text?).'
        : `PDF-filen saknar textlager (inskannad bild?). ${ocr.reason}`,
    );
  }
  return { ok: true, kind: 'pdf', pages: ocr.pages, warnings: [...ocr.warnings, ...blankPages(ocr.pages)] };
}

export interface ExtractOptions {
  timeoutMs?: number;
  /** OCR of pages without a text layer; defaults to on with the default limits. */
  ocr?: OcrSettings;
  ocrHooks?: OcrHooks;
}

/** Extracts the pages of one file, or says why it cannot be read. */
export async function extractPages(bytes: Uint8Array, filename: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const kind = detectKind(filename);
  if (kind === null) return failure('unsupported-type', failureReason('unsupported-type'));
  if (bytes.length === 0) return failure('empty', failureReason('empty'));
  if (kind === 'text') return decodeText(bytes);
  const extracted = await extractPdf(bytes, options.timeoutMs ?? 60_000);
  return extracted.ok ? withOcr(bytes, extracted.pages, options) : extracted;
}
