/**
 * "Scanned" PDFs for OCR tests: pages of a real PDF rendered to images with
 * poppler's pdftoppm and put back together by pdfkit as an image-only PDF, the
 * way a scanner or a "print to image" produces them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makePdf } from './pdfs.js';

const run = promisify(execFile);

/** The pages of a PDF as grayscale PNGs at `dpi` (1-based page numbers → PNG bytes). */
export async function renderPages(pdf: Uint8Array, dpi = 150, lastPage?: number): Promise<Map<number, Buffer>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'protokollsok-scan-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    const range = lastPage === undefined ? [] : ['-l', String(lastPage)];
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', ...range, path.join(dir, 'in.pdf'), path.join(dir, 'p')]);
    const out = new Map<number, Buffer>();
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.png'))) {
      out.set(Number(/-(\d+)\.png$/.exec(name)![1]), await readFile(path.join(dir, name)));
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Draws one page image over a whole A4 page. */
export function drawScan(doc: PDFKit.PDFDocument, png: Buffer): void {
  doc.image(png, 0, 0, { width: doc.page.width, height: doc.page.height });
}

/** An image-only PDF of the pages of `pdf` (all, or up to `lastPage`), with no text layer at all. */
export async function imageOnlyPdf(pdf: Uint8Array, dpi = 150, lastPage?: number): Promise<Buffer> {
  const images = [...(await renderPages(pdf, dpi, lastPage))].sort(([a], [b]) => a - b);
  return makePdf(
    (doc) => {
      images.forEach(([, png], i) => {
        if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
        drawScan(doc, png);
      });
    },
    { margin: 0 },
  );
}
