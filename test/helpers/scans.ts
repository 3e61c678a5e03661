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
    await run('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-png',
      ...range,
      path.join(dir, 'in.pdf'),
      path.join(dir, 'p'),
    ]);
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

/** A born-digital protocol (text pages 1-2) with a scanned attachment as page 3. */
export async function mixedPdf(scan: Buffer): Promise<Buffer> {
  return makePdf((doc) => {
    doc.fontSize(16).text('Protokoll Socialnämnden');
    doc.fontSize(11).text('Sammanträdesdatum 2023-04-12\nPlats: Kommunhuset, sammanträdesrum Norr\n\n');
    doc.text(
      '§ 1 Mötets öppnande\nOrdföranden förklarade mötet öppnat och hälsade alla välkomna till sammanträdet.\n\n',
    );
    doc.text(
      '§ 2 Val av justerare\nNämnden beslutade att utse Anna Berg att jämte ordföranden justera dagens protokoll.\n',
    );
    doc.addPage();
    doc.text(
      '§ 3 Folkhälsoarbete i länet\nFörvaltningen redovisade förslaget om hälsofrämjande insatser i primärvården, se bilaga.\n\nBeslut\nNämnden beslutade att ställa sig bakom förslaget.\n',
    );
    doc.addPage({ size: 'A4', margin: 0 });
    drawScan(doc, scan);
  });
}
