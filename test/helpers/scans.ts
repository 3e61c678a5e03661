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
import { crc32, deflateSync } from 'node:zlib';
import { parsePgm, rotate } from '../../ingest/ocr/image.js';
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

// --- A kommun protocol in the shape real ones have, and a degraded scan of it.

/** The 13 § items of {@link kommunProtocolPdf}, numbered KS § 41 … KS § 53. */
export const KOMMUN_ITEMS = [
  'Val av justerare',
  'Godkännande av dagordningen',
  'Budgetuppföljning per mars 2010',
  'Motion om cykelbanor längs Bergsvägen',
  'Detaljplan för kvarteret Eken',
  'Riktlinjer för hemtjänst',
  'Avgifter inom äldreomsorgen 2011',
  'Samverkansavtal om psykisk hälsa',
  'Försäljning av fastigheten Skogen 1:12',
  'Redovisning av delegationsbeslut',
  'Meddelanden',
  'Revisionsrapport om intern kontroll',
  'Val av ersättare i kommunala pensionärsrådet',
].map((title, i) => ({ number: `KS § ${41 + i}`, title }));

const PROSE = [
  'Kommunledningskontoret har berett ärendet och redovisar ett förslag i en tjänsteskrivelse daterad den 14 april 2010.',
  'Ärendet har behandlats av arbetsutskottet, som föreslår att kommunstyrelsen ställer sig bakom förslaget.',
  'Under överläggningen yttrar sig ordföranden och flera ledamöter om ärendets ekonomiska konsekvenser.',
];

/**
 * A kommun protocol as kommuner write them: a cover page with a form table
 * (Plats och tid, Beslutande, Utses att justera, Justeringens plats och tid,
 * Paragrafer) and an ANSLAG/BEVIS box, then two § items a page under a
 * running header ("KARLSKOGA KOMMUN  SAMMANTRÄDESPROTOKOLL  Sida n(8)",
 * "Kommunstyrelsen  Sammanträdesdatum 2010-05-04", "KS § n") and a footer
 * ("Justerandes sign", "Utdragsbestyrkande"). Met on 2010-05-04.
 */
export function kommunProtocolPdf(): Promise<Buffer> {
  const pages = 1 + Math.ceil(KOMMUN_ITEMS.length / 2);
  return makePdf(
    (doc) => {
      const header = (page: number, first?: string) => {
        doc.font('Helvetica-Bold').fontSize(12).text('KARLSKOGA KOMMUN', 56, 40);
        doc.font('Helvetica').fontSize(10).text('SAMMANTRÄDESPROTOKOLL', 300, 40);
        doc.text(`Sida ${page}(${pages})`, 480, 40);
        doc.text('Kommunstyrelsen', 300, 56).text('Sammanträdesdatum 2010-05-04', 300, 70);
        if (first) doc.font('Helvetica-Bold').text(first, 480, 70);
      };
      const footer = () => {
        doc.font('Helvetica').fontSize(9).text('Justerandes sign', 56, 790).text('Utdragsbestyrkande', 400, 790);
      };
      header(1);
      doc.font('Helvetica-Bold').fontSize(16).text('Kommunstyrelsen', 56, 110);
      const rows: [string, string][] = [
        ['Plats och tid', 'Stadshuset, tisdagen den 4 maj 2010 kl 13.00–16.30'],
        ['Beslutande', 'Anna Berg (S), ordförande\nPer Ek (M)\nLisa Holm (C)\nKarl Lund (S)\nEva Nord (V)'],
        ['Övriga deltagare', 'Maria Lind, kommunsekreterare\nOlle Sten, kommundirektör'],
        ['Utses att justera', 'Per Ek'],
        ['Justeringens plats och tid', 'Kommunledningskontoret 2010-05-11'],
        ['Underskrifter', 'Sekreterare  Maria Lind            Paragrafer 41–53'],
      ];
      let y = 150;
      for (const [label, value] of rows) {
        doc.font('Helvetica').fontSize(10).text(label, 56, y);
        doc.font('Times-Roman').fontSize(11).text(value, 210, y, { width: 330 });
        y = doc.y + 12;
      }
      doc.rect(50, y + 10, 500, 120).stroke();
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text('ANSLAG/BEVIS', 60, y + 20);
      doc.font('Helvetica').fontSize(9);
      const bevis: [string, string][] = [
        ['Organ', 'Kommunstyrelsen'],
        ['Sammanträdesdatum', '2010-05-04'],
        ['Datum för anslags uppsättande', '2010-05-12'],
        ['Datum för anslags nedtagande', '2010-06-03'],
        ['Förvaringsplats för protokollet', 'Kommunledningskontoret'],
      ];
      bevis.forEach(([label, value], i) => {
        doc.text(label, 60, y + 40 + i * 16).text(value, 260, y + 40 + i * 16);
      });
      footer();
      KOMMUN_ITEMS.forEach((item, i) => {
        if (i % 2 === 0) {
          doc.addPage();
          header(2 + i / 2, item.number);
          doc.y = 110;
        }
        doc.moveDown(1.2);
        doc
          .font('Helvetica-Bold')
          .fontSize(11)
          .text(`${item.number}`, 56, doc.y, { continued: true })
          .font('Helvetica')
          .text(`          Dnr KS 2010/${100 + i}`);
        doc
          .font('Helvetica-Bold')
          .fontSize(12)
          .text(item.title, 56, doc.y + 4);
        doc
          .font('Times-Roman')
          .fontSize(11)
          .text(`${PROSE[i % 3]} ${PROSE[(i + 1) % 3]}`, 56, doc.y + 6, { width: 480 });
        doc
          .font('Helvetica-Bold')
          .fontSize(11)
          .text('Beslut', 56, doc.y + 8);
        doc
          .font('Times-Roman')
          .fontSize(11)
          .text('Kommunstyrelsen beslutar att godkänna förslaget.', 56, doc.y + 2, { width: 480 });
        if (i % 2 === 1 || i === KOMMUN_ITEMS.length - 1) footer();
      });
    },
    { margin: 40 },
  );
}

/** An 8-bit grayscale raster (as ingest/ocr/image.ts reads them). */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The pages of a PDF as grayscale rasters at `dpi`, through pdftoppm (PGM). */
export async function rasterPages(pdf: Uint8Array, dpi: number): Promise<Raster[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'protokollsok-raster-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-gray', path.join(dir, 'in.pdf'), path.join(dir, 'p')]);
    const names = (await readdir(dir)).filter((n) => n.endsWith('.pgm')).sort();
    return Promise.all(names.map(async (n) => parsePgm(await readFile(path.join(dir, n)))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A seeded pseudo-random source (mulberry32), so a degraded scan is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Degradation {
  /** Rotation in degrees (positive: counter-clockwise). */
  readonly skew: number;
  /** Passes of a [1 2 1]/4 blur, each way. */
  readonly blur: number;
  /** Standard deviation of the Gaussian noise, in gray levels. */
  readonly noise: number;
  /** Share of pixels turned into dark or light specks. */
  readonly specks: number;
  readonly seed: number;
}

/** The scan an office scanner and a worn page make of a clean raster: paper gray, skew, blur, noise and specks. */
export function degrade(page: Raster, d: Degradation): Raster {
  const { width, height } = page;
  // Ink never quite black, paper never quite white.
  let data: Uint8Array = Uint8Array.from(page.data, (v) => Math.round(35 + (v / 255) * (232 - 35)));
  data = rotate({ width, height, data }, d.skew, 232).data;
  for (let pass = 0; pass < d.blur; pass++) {
    const tmp = new Uint8Array(data.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const l = data[x > 0 ? i - 1 : i]!;
        const r = data[x + 1 < width ? i + 1 : i]!;
        tmp[i] = (l + 2 * data[i]! + r) >> 2;
      }
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const u = tmp[y > 0 ? i - width : i]!;
        const b = tmp[y + 1 < height ? i + width : i]!;
        data[i] = (u + 2 * tmp[i]! + b) >> 2;
      }
  }
  const next = random(d.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
  for (let i = 0; i < data.length; i++) {
    let v = data[i]! + gauss() * d.noise;
    const r = next();
    if (r < d.specks / 2) v = 30 + next() * 60;
    else if (r < d.specks) v = 240;
    data[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  return { width, height, data };
}

/** A grayscale PNG of a raster (for pdfkit, and to look at). */
export function toPng(image: Raster): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([len, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((image.width + 1) * image.height);
  for (let y = 0; y < image.height; y++)
    raw.set(image.data.subarray(y * image.width, (y + 1) * image.width), y * (image.width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A typical worn office scan: 1.5° skew, one blur pass, noise and specks. */
export const WORN_SCAN: Degradation = { skew: 1.5, blur: 1, noise: 14, specks: 0.004, seed: 20100504 };

/** An image-only PDF of `pdf` as a degraded 150-dpi scan: what a scanned protocol in an archive looks like. */
export async function degradedScanPdf(pdf: Uint8Array, d: Degradation = WORN_SCAN, dpi = 150): Promise<Buffer> {
  const pages = (await rasterPages(pdf, dpi)).map((p, i) => toPng(degrade(p, { ...d, seed: d.seed + i })));
  return makePdf(
    (doc) => {
      pages.forEach((png, i) => {
        if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
        drawScan(doc, png);
      });
    },
    { margin: 0 },
  );
}
