/**
 * Extract: file bytes → pages of text. PDF through pdf.js (the copy pdf-parse 2
 * bundles) page by page, so every span keeps its page; .txt/.md as strict UTF-8
 * (form feeds split pages). Each page keeps two readings: the plain text in
 * pdf.js's content order exactly as pdf-parse joins it (what is searched), and
 * its lines in reading order with position, font size and font (what the layout
 * stage reads: a running header that a meeting system writes last comes first).
 * Every way a file can be unreadable becomes a failure value with a Swedish
 * reason; nothing is thrown past this stage.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { detectKind, failureReason, type FileKind } from '../../domain/file-types.js';
import type { IngestFailure, Page, PageLine, Warning } from '../../domain/schemas.js';
import { ocrMissingText, type OcrHooks, type OcrSettings } from '../ocr/index.js';

export const VERSION = 'extract@4';

export type { FileKind } from '../../domain/file-types.js';
export { detectKind } from '../../domain/file-types.js';

export type ExtractResult =
  | { ok: true; kind: FileKind; pages: Page[]; warnings: Warning[] }
  | { ok: false; kind: IngestFailure['kind']; reason: string };

/** Pages without text in an otherwise readable file (a scanned appendix, an empty page). */
function blankPages(pages: readonly Page[]): Warning[] {
  return pages
    .filter((p) => p.text.trim() === '')
    .map((p) => ({
      code: 'blank-page',
      message: `Sidan ${p.number} saknar text (inskannad eller tom sida); den indexeras inte.`,
      page: p.number,
    }));
}

const failure = (kind: IngestFailure['kind'], reason: string): ExtractResult => ({ ok: false, kind, reason });

function decodeText(bytes: Uint8Array): ExtractResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return failure(
      'bad-encoding',
      'Textfilen är inte UTF-8 (kanske Latin-1 eller Windows-1252). Spara om den som UTF-8 och läs in den igen.',
    );
  }
  if (text.includes('\u0000'))
    return failure('bad-encoding', 'Textfilen innehåller binära data (NUL-tecken) och kan inte läsas som text.');
  const pages = text
    .split('\f')
    .map((t, i) => ({ number: i + 1, text: t, lines: t.split('\n').map((line) => ({ text: line })) }));
  if (pages.every((p) => p.text.trim() === '')) return failure('empty', 'Textfilen är tom.');
  return { ok: true, kind: 'text', pages, warnings: blankPages(pages) };
}

function pdfFailure(error: unknown): ExtractResult {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? String(error);
  // pdf-parse's errors are told apart by name, not instanceof (they cross module copies).
  if (name === 'PasswordException')
    return failure('encrypted', 'PDF-filen är lösenordsskyddad. Spara en version utan lösenord och läs in den igen.');
  if (name === 'InvalidPDFException')
    return failure('corrupt', `PDF-filen är trasig eller ofullständig (${message}). Hämta en ny kopia av filen.`);
  return failure('corrupt', `PDF-filen kunde inte läsas (${name || 'fel'}: ${message}). Hämta en ny kopia av filen.`);
}

/** pdf-parse 2's defaults for joining text items, kept so the searched text does not change. */
const LINE_THRESHOLD = 4.6;
const CELL_THRESHOLD = 7;

/** The page's plain text, joined exactly as pdf-parse's getText does with its default parameters. */
function plainText(items: readonly TextItem[], height: number): string {
  const out: string[] = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  let lineHeight = 0;
  for (const item of items) {
    const x = item.transform[4] as number;
    const y = height - (item.transform[5] as number);
    let str = item.str;
    if (lastY !== undefined && Math.abs(lastY - y) > LINE_THRESHOLD) {
      const last = out[out.length - 1];
      const startsLine = str.startsWith('\n') || (str.trim() === '' && item.hasEOL);
      if (last?.endsWith('\n') === false && !startsLine && Math.abs(lastY - y) - 1 > lineHeight) {
        out.push('\n');
        lineHeight = 0;
      }
    }
    if (
      lastY !== undefined &&
      Math.abs(lastY - y) < LINE_THRESHOLD &&
      lastX !== undefined &&
      Math.abs(lastX - x) > CELL_THRESHOLD
    )
      str = `\t${str}`;
    out.push(str);
    lastX = x + item.width;
    lastY = y;
    lineHeight = Math.max(lineHeight, item.height);
    if (item.hasEOL) out.push('\n');
    if (item.hasEOL || str.endsWith('\n')) lineHeight = 0;
  }
  return out.join('');
}

interface Run {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly end: number;
  readonly size: number;
  readonly font: string;
}

/**
 * The page's lines in reading order: text runs grouped by baseline (top to
 * bottom), each line's runs left to right, a wide gap opening a new cell (the
 * value column of a form table). White-space runs only widen gaps.
 */
function readingLines(items: readonly TextItem[], height: number): PageLine[] {
  const runs: Run[] = [];
  for (const item of items) {
    const t = item.transform as number[];
    const size = Math.round(Math.hypot(t[2]!, t[3]!) * 10) / 10 || Math.round(item.height * 10) / 10;
    if (item.str.trim() === '' || t[0] === 0) continue;
    const x = t[4]!;
    runs.push({ str: item.str, x, y: height - t[5]!, end: x + item.width, size, font: item.fontName });
  }
  runs.sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: Run[][] = [];
  for (const run of runs) {
    const row = rows[rows.length - 1];
    // One baseline within a third of the font size: a value cell set a point lower stays on its label's row.
    if (row && Math.abs(run.y - row[0]!.y) <= Math.max(2, row[0]!.size * 0.35)) row.push(run);
    else rows.push([run]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const cells: string[] = [];
    let cell = '';
    let prevEnd = -Infinity;
    let main = row[0]!;
    for (const run of row) {
      const gap = run.x - prevEnd;
      if (cell && gap > Math.max(10, run.size * 1.5)) {
        cells.push(cell.trim());
        cell = run.str;
      } else {
        // Words set apart by position rather than by a space character.
        const joinSpace = cell && gap > run.size * 0.15 && !/\s$/.test(cell) && !/^\s/.test(run.str);
        cell += (joinSpace ? ' ' : '') + run.str;
      }
      prevEnd = Math.max(prevEnd, run.end);
      if (run.str.length > main.str.length) main = run;
    }
    cells.push(cell.trim());
    const kept = cells.filter(Boolean);
    const line: PageLine = {
      text: kept.join('\t'),
      x: Math.round(row[0]!.x * 10) / 10,
      y: Math.round(row[0]!.y * 10) / 10,
      size: main.size,
      font: main.font,
    };
    return kept.length > 1 ? { ...line, cells: kept } : line;
  });
}

/** Set when the caller gave up on a parse: the page loop stops and the document is released. */
interface Cancel {
  cancelled: boolean;
}

/**
 * pdf.js, loaded on the first PDF: ~25 MB resident once imported, which a
 * process that only orchestrates (the worker's main process, the API, which read
 * this module's VERSION for the content hash) should not pay.
 */
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<Pdfjs> | undefined;
// The minified builds of the same release: the same code, but each process keeps a
// module's source as a string, and the unminified worker alone is 4 MB of heap.
// Specifiers in variables: the minified files ship without type declarations.
const PDFJS = 'pdfjs-dist/legacy/build/pdf.min.mjs';
const PDFJS_WORKER = 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';
const loadPdfjs = () =>
  (pdfjsModule ??= (async () => {
    const nativePush = Array.prototype.push;
    const [pdfjs, worker] = await Promise.all([
      import(PDFJS) as Promise<Pdfjs>,
      import(PDFJS_WORKER) as Promise<{ WorkerMessageHandler: unknown }>,
    ]);
    // The legacy builds (the ones Node 20 can run) carry core-js, which replaces Array.prototype.push
    // for the whole process: V8 does not throw on a push to an array whose length is read-only, a
    // case neither pdf.js nor this code meets. Its replacement is a JavaScript function, ~10× slower
    // than V8's own, and every push in the process went through it: pdf.js's text items and every
    // stage after it (~8 ms of a typical protocol's ~60). The builtins core-js only adds (Set
    // methods, Promise.withResolvers, Uint8Array's base64) stay: pdf.js uses them.
    if (Array.prototype.push !== nativePush)
      Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true });
    // In Node pdf.js runs its worker in this thread; handing it the handler keeps it from importing the unminified worker file.
    (globalThis as { pdfjsWorker?: { WorkerMessageHandler: unknown } }).pdfjsWorker = worker;
    return pdfjs;
  })());

async function readPdf(bytes: Uint8Array, cancel: Cancel): Promise<Page[]> {
  const pdfjs = await loadPdfjs();
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: pdfjs.VerbosityLevel.ERRORS }).promise;
  try {
    const pages: Page[] = [];
    for (let n = 1; n <= doc.numPages && !cancel.cancelled; n++) {
      const page = await doc.getPage(n);
      const height = page.getViewport({ scale: 1 }).height;
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is TextItem => 'str' in i);
      pages.push({
        number: n,
        text: plainText(items, height),
        lines: readingLines(items, height),
        height: Math.round(height),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

async function extractPdf(bytes: Uint8Array, timeoutMs: number): Promise<ExtractResult> {
  if (bytes.length < 5 || new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    return failure('corrupt', 'Filen har ändelsen .pdf men är ingen PDF (rubriken %PDF saknas).');
  }
  // The timer below only catches a parse that stalls between its asynchronous steps;
  // a parse that spins synchronously is stopped by IngestPool terminating its thread.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const started = performance.now();
  const cancel: Cancel = { cancelled: false };
  const reading = readPdf(bytes, cancel);
  // A parse abandoned at the timeout still settles later; its rejection is not this file's concern.
  reading.catch(() => undefined);
  try {
    const result = await Promise.race([reading, timeout]);
    // A parse that never yields to the event loop outruns the timer: measure it as well.
    if (result === 'timeout' || performance.now() - started > timeoutMs) {
      return failure('timeout', failureReason('timeout', { seconds: Math.round(timeoutMs / 1000) }));
    }
    const pages = result;
    if (pages.length === 0) return failure('empty', 'PDF-filen har inga sidor.');
    return { ok: true, kind: 'pdf', pages, warnings: [] };
  } catch (error) {
    return pdfFailure(error);
  } finally {
    clearTimeout(timer);
    cancel.cancelled = true;
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
export async function extractPages(
  bytes: Uint8Array,
  filename: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const kind = detectKind(filename);
  if (kind === null) return failure('unsupported-type', failureReason('unsupported-type'));
  if (bytes.length === 0) return failure('empty', failureReason('empty'));
  if (kind === 'text') return decodeText(bytes);
  // Word and OpenDocument: pages with layout lines as a PDF gives them (ingest/office).
  if (kind === 'docx' || kind === 'odt') {
    // Loaded here, not with the module: every ingest process loads extract, few read a Word file.
    const { extractOffice } = await import('../office/index.js');
    const office = extractOffice(bytes, kind);
    return office.ok ? { ok: true, kind, pages: office.pages, warnings: [] } : office;
  }
  const extracted = await extractPdf(bytes, options.timeoutMs ?? 60_000);
  return extracted.ok ? withOcr(bytes, extracted.pages, options) : extracted;
}
