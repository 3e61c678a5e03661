/**
 * Synthetic corpus generator.
 *
 *   npm run bench:generate -- --count 1000 --seed 7 --out bench/out/corpus-1000 [--format pdf|txt|both]
 *
 * Writes N protocols (see corpus.ts for how they are made) one file at a time,
 * streamed to disk: the corpus is never held in memory. Same seed, same files
 * (byte for byte: the PDFs carry a fixed creation date). Output goes under
 * bench/out/ (git-ignored); nothing generated at scale is committed.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { generateProtocol, renderText, type GeneratedProtocol } from './corpus.js';

export type Format = 'pdf' | 'txt' | 'both';

export interface GenerateOptions {
  count: number;
  seed: number;
  out: string;
  format?: Format;
  /** First protocol index (so a corpus can be extended). */
  from?: number;
  onFile?: (file: string, index: number) => void;
}

export interface GenerateSummary {
  files: number;
  bytes: number;
  seconds: number;
}

const MARGIN_X = 64;
const TOP = 96;
const BOTTOM = 84;

/** Renders one protocol as an A4 PDF with a letterhead and footer on every page; resolves with its size. */
export function writePdf(protocol: GeneratedProtocol, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: TOP, bottom: BOTTOM, left: MARGIN_X, right: MARGIN_X },
      // Fixed metadata keeps the bytes deterministic for a seed.
      info: { Title: `${protocol.docType} ${protocol.body} ${protocol.date}`, Author: 'Protokollsök bench', CreationDate: new Date(Date.UTC(2025, 0, 1)) },
      autoFirstPage: false,
      // One protocol's pages are buffered so every footer can say how many pages there are.
      bufferPages: true,
    });
    // The letterhead is drawn as each page starts (first in the page's text order);
    // the footer is added after the body, as word processors emit it (last in text order).
    doc.on('pageAdded', () => {
      const { x, y } = doc;
      const width = doc.page.width - 2 * MARGIN_X;
      doc.font('Helvetica').fontSize(8).fillColor('#444');
      protocol.letterhead.forEach((line, i) => doc.text(line, MARGIN_X, 36 + i * 11, { width, lineBreak: false }));
      doc.moveTo(MARGIN_X, 74).lineTo(doc.page.width - MARGIN_X, 74).strokeColor('#999').lineWidth(0.5).stroke();
      doc.fillColor('black').font('Helvetica').fontSize(10.5);
      doc.x = x;
      doc.y = y;
    });
    const drawFooters = () => {
      const range = doc.bufferedPageRange();
      for (let n = range.start; n < range.start + range.count; n++) {
        doc.switchToPage(n);
        const width = doc.page.width - 2 * MARGIN_X;
        // The footer sits inside the bottom margin: lift the margin while drawing so pdfkit adds no page.
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        const footY = doc.page.height - 62;
        doc.font('Helvetica').fontSize(8).fillColor('#444');
        protocol.footer.forEach((line, i) => doc.text(line, MARGIN_X, footY + i * 10, { width, lineBreak: false }));
        doc.text(`Sida ${n + 1} (${range.count})`, MARGIN_X, footY + 24, { width, align: 'right', lineBreak: false });
        doc.page.margins.bottom = bottom;
      }
    };
    const stream = createWriteStream(file);
    doc.pipe(stream);
    stream.on('finish', () => resolve(stream.bytesWritten));
    stream.on('error', reject);
    doc.on('error', reject);

    doc.addPage();
    doc.x = MARGIN_X;
    doc.y = TOP;
    const width = doc.page.width - 2 * MARGIN_X;
    for (const line of protocol.lines) {
      switch (line.kind) {
        case 'title':
          doc.font('Helvetica-Bold').fontSize(14).text(line.text, MARGIN_X, doc.y, { width });
          doc.font('Helvetica').fontSize(10.5);
          break;
        case 'heading':
          if (doc.y > doc.page.height - BOTTOM - 60) doc.addPage();
          doc.font('Helvetica-Bold').fontSize(11.5).text(line.text, MARGIN_X, doc.y, { width });
          doc.font('Helvetica').fontSize(10.5);
          break;
        case 'row': {
          if (doc.y > doc.page.height - BOTTOM - 14) doc.addPage();
          const y = doc.y;
          doc.text(line.left, MARGIN_X, y, { width: 190, lineBreak: false });
          doc.text(line.right, MARGIN_X + 200, y, { width: width - 200 });
          break;
        }
        case 'text':
          doc.text(line.text, MARGIN_X, doc.y, { width });
          break;
        case 'blank':
          doc.moveDown(0.6);
      }
    }
    drawFooters();
    doc.end();
  });
}

/** Generates the corpus into `out`, one file at a time. */
export async function generateCorpus(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const format = options.format ?? 'pdf';
  mkdirSync(options.out, { recursive: true });
  let files = 0;
  let bytes = 0;
  const from = options.from ?? 0;
  for (let i = from; i < from + options.count; i++) {
    const protocol = generateProtocol(options.seed, i);
    if (format === 'txt' || format === 'both') {
      const file = path.join(options.out, `${protocol.name}.txt`);
      const text = renderText(protocol);
      writeFileSync(file, text);
      bytes += Buffer.byteLength(text);
      files++;
      options.onFile?.(file, i);
    }
    if (format === 'pdf' || format === 'both') {
      const file = path.join(options.out, `${protocol.name}.pdf`);
      bytes += await writePdf(protocol, file);
      files++;
      options.onFile?.(file, i);
    }
  }
  return { files, bytes, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/out/corpus' },
      format: { type: 'string', default: 'pdf' },
      from: { type: 'string', default: '0' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const from = Number(values.from);
  const format = values.format;
  if (!Number.isInteger(count) || count < 0) throw new Error('--count must be a whole number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  if (format !== 'pdf' && format !== 'txt' && format !== 'both') throw new Error('--format must be pdf, txt or both');
  let done = 0;
  const summary = await generateCorpus({
    count,
    seed,
    out: values.out,
    format,
    from,
    onFile: () => {
      done++;
      if (done % 500 === 0) process.stderr.write(`  ${done} files…\n`);
    },
  });
  console.log(`Wrote ${summary.files} files (${(summary.bytes / 1e6).toFixed(1)} MB) to ${values.out} in ${summary.seconds.toFixed(1)} s (seed ${seed}).`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
}
