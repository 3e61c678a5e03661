#!/usr/bin/env node
// OCR of scanned PDF pages needs Tesseract with its Swedish model and poppler's
// pdftoppm/pdfimages (Debian: tesseract-ocr, tesseract-ocr-swe, poppler-utils).
// Install them with apt when missing; never fail the caller when apt cannot run.
import { execFileSync } from 'node:child_process';

const has = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).toString();
  } catch (error) {
    return error?.code === 'ENOENT' ? null : String(error?.stdout ?? '') + String(error?.stderr ?? '');
  }
};
const langs = has('tesseract', ['--list-langs']);
const missing = [
  ...(langs === null ? ['tesseract-ocr'] : []),
  ...(langs !== null && /^swe$/m.test(langs) ? [] : ['tesseract-ocr-swe']),
  ...(has('pdftoppm', ['-v']) === null || has('pdfimages', ['-v']) === null ? ['poppler-utils'] : []),
];
if (missing.length === 0) process.exit(0);
if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.warn(
    `[protokollsok] OCR tools missing (${missing.join(', ')}); install them (apt-get install -y ${missing.join(' ')}) to read scanned PDFs and run the OCR tests.`,
  );
  process.exit(0);
}
console.log(`[protokollsok] Installing ${missing.join(' ')} for OCR of scanned PDF pages…`);
const run = (args) =>
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  try {
    run(['install', '-y', '--no-install-recommends', ...missing]);
  } catch {
    run(['update']);
    run(['install', '-y', '--no-install-recommends', ...missing]);
  }
} catch (error) {
  console.warn(
    `[protokollsok] apt-get could not install ${missing.join(' ')} (${error.message}); OCR stays unavailable.`,
  );
}
