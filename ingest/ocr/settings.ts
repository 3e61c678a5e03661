/**
 * OCR settings (from OCR_ENABLED, OCR_PAGE_TIMEOUT_MS, OCR_MAX_PAGES) and the
 * fingerprint that goes into the content hash: what OCR would do to a file
 * depends on whether the engine is there, its version and language model, and
 * these settings, so a change to any of them must re-ingest PDFs.
 */
import type { Config } from '../../domain/config.js';
import { OCR_LANGUAGE, ocrAvailability, type OcrAvailability } from './availability.js';

export interface OcrSettings {
  readonly enabled: boolean;
  /** Render plus recognition of one page; past it both are killed and the page stays blank. */
  readonly pageTimeoutMs: number;
  /** Pages OCR'd per file at most; the rest stay blank, with a warning. */
  readonly maxPages: number;
}

export const DEFAULT_OCR_SETTINGS: OcrSettings = Object.freeze({ enabled: true, pageTimeoutMs: 60_000, maxPages: 50 });

/** Rendering resolution: Tesseract reads body text best at 200-300 dpi; 200 is ~2 s a page here. */
export const OCR_DPI = 200;
/** Address-space limit per OCR child process (Tesseract on an A4 page at 200 dpi needs ~150 MB). */
export const OCR_MEMORY_MB = 1024;

/** Version of our OCR step (page selection, text assembly, normalisation): part of the fingerprint. */
export const OCR_VERSION = 'ocr@3';

export function ocrSettingsFrom(
  config: Pick<Config, 'OCR_ENABLED' | 'OCR_PAGE_TIMEOUT_MS' | 'OCR_MAX_PAGES'>,
): OcrSettings {
  return Object.freeze({
    enabled: config.OCR_ENABLED,
    pageTimeoutMs: config.OCR_PAGE_TIMEOUT_MS,
    maxPages: config.OCR_MAX_PAGES,
  });
}

/**
 * The OCR part of the content hash, e.g.
 * "ocr@3;tesseract 5.3.0;eng,osd,swe;pdftoppm version 22.12.0;200dpi;max50" or "ocr@3;disabled".
 * The page time limit is left out on purpose: raising it should not re-ingest a corpus.
 */
export function ocrFingerprint(settings: OcrSettings, availability: OcrAvailability): string {
  if (!settings.enabled) return `${OCR_VERSION};disabled`;
  if (!availability.available) return `${OCR_VERSION};unavailable:${availability.missing.join(',')}`;
  return [
    OCR_VERSION,
    availability.tesseract,
    [...availability.languages].sort().join(','),
    availability.pdftoppm,
    `${OCR_DPI}dpi`,
    `max${settings.maxPages}`,
  ].join(';');
}

/** {@link ocrFingerprint} for this machine (detects the tools once). */
export async function currentOcrFingerprint(settings: OcrSettings = DEFAULT_OCR_SETTINGS): Promise<string> {
  return settings.enabled
    ? ocrFingerprint(settings, await ocrAvailability())
    : ocrFingerprint(settings, {
        available: false,
        missing: [],
        languages: [OCR_LANGUAGE],
        tesseract: null,
        pdftoppm: null,
        message: '',
        messageEn: '',
      });
}
