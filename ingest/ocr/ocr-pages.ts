/**
 * OCR for the pages of a PDF that have no text layer: a whole scanned protocol,
 * or scanned attachment pages inside a born-digital one. Each such page is
 * rendered by pdftoppm to a grayscale PNG and read by Tesseract's Swedish model,
 * one page at a time in child processes (async: the ingest thread stays free),
 * each page bounded in time and memory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page, Warning } from '../../domain/schemas.js';
import { OCR_LANGUAGE, ocrAvailability } from './availability.js';
import { runChild } from './child.js';
import { cropRows, type Gray, missedTextBands, parsePgm, prepareScan, toPgm } from './image.js';
import { DEFAULT_OCR_SETTINGS, OCR_DPI, OCR_MEMORY_MB, type OcrSettings } from './settings.js';
import { assembleText, type OcrReading, type OcrText, readTsv, scannedPages, substance } from './text.js';

/** Letters and digits an OCR reading must add to a page's own text layer to replace it. */
const RICHER_BY = 10;

/** Below this many letters and digits a page counts as (nearly) empty: at most a stamp or a page number. */
export const NEARLY_EMPTY = 100;

export type OcrStatus =
  /** No page needed OCR. */
  | 'not-needed'
  /** Pages needed OCR and it ran (some may still have found nothing). */
  | 'done'
  | 'disabled'
  | 'unavailable';

export interface OcrResult {
  /** The pages, OCR'd ones replaced by their recognised text (marked `ocr`, `confidence`). */
  readonly pages: Page[];
  readonly warnings: Warning[];
  readonly status: OcrStatus;
  /** Swedish: why OCR did not run (for a file that has no text at all), or null. */
  readonly reason: string | null;
}

export interface OcrHooks {
  /** Called before each page is OCR'd (the pool extends the file's time limit by one page's). */
  readonly onPage?: (page: number) => void;
}

const DISABLED_REASON =
  'Textigenkänning (OCR) är avstängd (OCR_ENABLED=false). Installera tesseract-ocr och tesseract-ocr-swe (apt-get install -y tesseract-ocr tesseract-ocr-swe poppler-utils), sätt OCR_ENABLED=true och läs in filen igen.';

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

type PageOutcome = { ok: true; read: OcrText } | { ok: false; why: string };

async function ocrOnePage(file: string, page: number, timeoutMs: number): Promise<PageOutcome> {
  const deadline = performance.now() + timeoutMs;
  // A grayscale PGM on stdout: the format the image step reads and Tesseract takes back.
  const render = await runChild(
    'pdftoppm',
    ['-r', String(OCR_DPI), '-gray', '-f', String(page), '-l', String(page), file],
    {
      timeoutMs,
      memoryMb: OCR_MEMORY_MB,
      maxOutputBytes: 256 * 1024 * 1024,
    },
  );
  if (!render.ok || render.stdout.length === 0)
    return { ok: false, why: render.failure === 'timeout' ? 'timeout' : `render: ${render.failure ?? 'no image'}` };
  let prepared: Gray;
  try {
    // Specks out and the page turned straight before Tesseract reads it (ingest/ocr/image.ts).
    prepared = prepareScan(parsePgm(render.stdout)).image;
  } catch (error) {
    return { ok: false, why: `image: ${(error as Error).message}` };
  }
  const read = await tesseract(toPgm(prepared), '3', deadline);
  if (!read.ok) return read;
  const whole = readTsv(read.tsv);
  // Lines of text the page's layout analysis dropped (a worn heading block), read again on their own
  // as one block each, while the page's time lasts; a band that reads as noise is left out.
  const recovered: OcrReading[] = [];
  for (const band of missedTextBands(prepared, whole.words, OCR_DPI).slice(0, MAX_RECOVERED_BANDS)) {
    const again = await tesseract(toPgm(cropRows(prepared, band)), '6', deadline);
    if (!again.ok) break;
    const extra = readTsv(again.tsv);
    const mean = extra.words.reduce((n, w) => n + w.conf, 0) / Math.max(1, extra.words.length);
    if (extra.words.length === 0 || mean < MIN_RECOVERED_CONFIDENCE) continue;
    recovered.push({
      paragraphs: extra.paragraphs.map((p) => ({ ...p, top: p.top + band.top })),
      words: extra.words.map((w) => ({ ...w, top: w.top + band.top, bottom: w.bottom + band.top })),
    });
  }
  return { ok: true, read: assembleText(whole, recovered) };
}

/** Bands of a page read again at most, and the mean word confidence a band's reading needs to count. */
const MAX_RECOVERED_BANDS = 6;
const MIN_RECOVERED_CONFIDENCE = 60;

/** Tesseract's Swedish reading of a PGM as TSV, in page segmentation mode `psm`, within the page's deadline. */
async function tesseract(
  image: Buffer,
  psm: '3' | '6',
  deadline: number,
): Promise<{ ok: true; tsv: string } | { ok: false; why: string }> {
  const left = deadline - performance.now();
  if (left <= 0) return { ok: false, why: 'timeout' };
  // No inverted-text pass (white on black is rare in protocols): 30-45 % faster a page, measured here.
  const read = await runChild(
    'tesseract',
    [
      'stdin',
      'stdout',
      '-l',
      OCR_LANGUAGE,
      '--psm',
      psm,
      '--dpi',
      String(OCR_DPI),
      '-c',
      'tessedit_do_invert=0',
      'tsv',
    ],
    {
      timeoutMs: left,
      memoryMb: OCR_MEMORY_MB,
      stdin: image,
      maxOutputBytes: 32 * 1024 * 1024,
    },
  );
  if (!read.ok) return { ok: false, why: read.failure === 'timeout' ? 'timeout' : `tesseract: ${read.failure}` };
  return { ok: true, tsv: read.stdout.toString('utf8') };
}

/** Which pages to OCR: empty ones, and nearly empty ones that carry a page-sized image (a scan under a stamp). */
async function candidates(file: string, pages: readonly Page[], timeoutMs: number): Promise<number[]> {
  const thin = pages.filter((p) => substance(p.text) < NEARLY_EMPTY);
  if (thin.every((p) => substance(p.text) === 0)) return thin.map((p) => p.number);
  const list = await runChild('pdfimages', ['-list', file], {
    timeoutMs,
    memoryMb: OCR_MEMORY_MB,
    maxOutputBytes: 8 * 1024 * 1024,
  });
  const scans = list.ok ? scannedPages(list.stdout.toString('utf8')) : new Set<number>();
  return thin.filter((p) => substance(p.text) === 0 || scans.has(p.number)).map((p) => p.number);
}

/**
 * Fills the (nearly) empty pages of a PDF with OCR text. A page keeps its text
 * layer when OCR reads no more than it; pages OCR finds nothing on stay as they
 * were (the blank-page warning stays). Never throws.
 */
export async function ocrMissingText(
  pdf: Uint8Array,
  pages: readonly Page[],
  settings: OcrSettings = DEFAULT_OCR_SETTINGS,
  hooks: OcrHooks = {},
): Promise<OcrResult> {
  const unchanged = (status: OcrStatus, reason: string | null): OcrResult => ({
    pages: [...pages],
    warnings: [],
    status,
    reason,
  });
  if (!pages.some((p) => substance(p.text) < NEARLY_EMPTY)) return unchanged('not-needed', null);
  if (!settings.enabled) return unchanged('disabled', DISABLED_REASON);
  const availability = await ocrAvailability();
  if (!availability.available) return unchanged('unavailable', availability.message);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'protokollsok-ocr-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const wanted = await candidates(file, pages, settings.pageTimeoutMs);
    if (wanted.length === 0) return unchanged('not-needed', null);
    const warnings: Warning[] = [];
    const todo = wanted.slice(0, settings.maxPages);
    if (wanted.length > todo.length) {
      warnings.push({
        code: 'ocr-page-cap',
        message: `${wanted.length} sidor saknar textlager; textigenkänning (OCR) kördes på de första ${todo.length} (OCR_MAX_PAGES). Sida ${wanted[todo.length]} och framåt indexeras inte.`,
      });
    }
    const byNumber = new Map(pages.map((p) => [p.number, p]));
    for (const number of todo) {
      hooks.onPage?.(number);
      const outcome = await ocrOnePage(file, number, settings.pageTimeoutMs);
      const layer = byNumber.get(number)!;
      if (!outcome.ok) {
        const message =
          outcome.why === 'timeout'
            ? `Textigenkänningen (OCR) av sidan ${number} tog längre tid än ${duration(settings.pageTimeoutMs)} och avbröts (OCR_PAGE_TIMEOUT_MS).`
            : `Textigenkänningen (OCR) av sidan ${number} misslyckades (${outcome.why}).`;
        warnings.push({ code: 'ocr-failed', message, page: number });
        continue;
      }
      const { text, confidence } = outcome.read;
      // A stamp layer ("Bilaga … § 13") over a scan: OCR reads the stamp too, so the richer text wins; a reading
      // that adds only a few characters (the stamp's "§" read as "5") is no richer than the exact layer.
      if (confidence === null || substance(text) <= substance(layer.text) + RICHER_BY) continue;
      byNumber.set(number, { number, text, ocr: true, confidence: Math.round(confidence) });
      warnings.push({
        code: 'ocr-page',
        message: `Sidan ${number} saknar textlager och lästes med textigenkänning (OCR), säkerhet ${Math.round(confidence)} %.`,
        page: number,
      });
    }
    const failed = warnings.find((w) => w.code === 'ocr-failed');
    const readAny = [...byNumber.values()].some((p) => p.ocr === true);
    // Said when the file has no text at all, so a person can tell "nothing there" from "OCR gave up".
    const reason = !readAny && failed ? failed.message : null;
    return { pages: pages.map((p) => byNumber.get(p.number)!), warnings, status: 'done', reason };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
