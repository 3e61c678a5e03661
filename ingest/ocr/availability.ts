/**
 * Which OCR tools this machine has: Tesseract 5 with its Swedish model and
 * poppler's pdftoppm. Detected once per process (thread) and cached; the
 * result says in Swedish and English what is missing and how to install it.
 */
import { runChild } from './child.js';

export interface OcrAvailability {
  readonly available: boolean;
  /** First line of `tesseract --version`, e.g. "tesseract 5.3.0"; null when missing. */
  readonly tesseract: string | null;
  /** Languages `tesseract --list-langs` reports. */
  readonly languages: readonly string[];
  /** First line of `pdftoppm -v`, e.g. "pdftoppm version 22.12.0"; null when missing. */
  readonly pdftoppm: string | null;
  /** Debian packages to install for OCR to work; empty when available. */
  readonly missing: readonly string[];
  /** Swedish, for failure reasons and the UI. */
  readonly message: string;
  /** English, for the start-up log line. */
  readonly messageEn: string;
}

/** The Tesseract model OCR reads with. */
export const OCR_LANGUAGE = 'swe';

const PROBE = { timeoutMs: 10_000, memoryMb: 1024, maxOutputBytes: 1024 * 1024 } as const;

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? null;

async function detect(): Promise<OcrAvailability> {
  const [version, langs, poppler] = await Promise.all([
    runChild('tesseract', ['--version'], PROBE),
    runChild('tesseract', ['--list-langs'], PROBE),
    runChild('pdftoppm', ['-v'], PROBE),
  ]);
  // Tesseract 4 printed its version on stderr, 5 on stdout; pdftoppm prints on stderr.
  const tesseract = version.ok ? firstLine(version.stdout.toString('utf8') || version.stderr) : null;
  const languages = langs.ok
    ? langs.stdout
        .toString('utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => /^[a-z_]+$/i.test(l))
    : [];
  const pdftoppm = poppler.failure === 'spawn' ? null : firstLine(poppler.stderr || poppler.stdout.toString('utf8'));
  const missing = [
    ...(tesseract === null ? ['tesseract-ocr'] : []),
    ...(languages.includes(OCR_LANGUAGE) ? [] : ['tesseract-ocr-swe']),
    ...(pdftoppm === null ? ['poppler-utils'] : []),
  ];
  return describe({ tesseract, languages, pdftoppm, missing });
}

/** Builds the availability value with its messages (exported for tests of the wording). */
export function describe(
  found: Pick<OcrAvailability, 'tesseract' | 'languages' | 'pdftoppm' | 'missing'>,
): OcrAvailability {
  const available = found.missing.length === 0;
  const install = `apt-get install -y ${found.missing.join(' ')}`;
  return {
    ...found,
    available,
    message: available
      ? `Textigenkänning (OCR) är tillgänglig: ${found.tesseract} (${OCR_LANGUAGE}).`
      : `Textigenkänning (OCR) är inte tillgänglig: ${found.missing.join(', ')} saknas. Installera tesseract-ocr och tesseract-ocr-swe (${install}) och läs in filen igen.`,
    messageEn: available
      ? `OCR available: ${found.tesseract} (${OCR_LANGUAGE}), ${found.pdftoppm}.`
      : `OCR unavailable: missing ${found.missing.join(', ')} (install with: ${install}); PDFs without a text layer are set aside.`,
  };
}

let cached: Promise<OcrAvailability> | null = null;

/** What OCR this process can run; detected on first call, then cached. */
export function ocrAvailability(): Promise<OcrAvailability> {
  cached ??= detect();
  return cached;
}
