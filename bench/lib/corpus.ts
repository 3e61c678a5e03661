/**
 * A synthetic corpus model: realistic protocols made by recombining the agenda
 * items and attendance lists of the five real seed protocols
 * (test/fixtures/seed/*.txt) under varied bodies, dates (2015–2026), numbering
 * styles and letterheads.
 *
 * Deterministic: protocol `i` of seed `s` depends only on (s, i), so the first
 * 100 protocols of a 10,000 corpus are the 100-protocol corpus. `writeCorpus`
 * renders them to disk one file at a time (PDF via pdfkit, or .txt).
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import path from 'node:path';
import { projectRoot } from '../../domain/paths.js';
import { MUNICIPALITIES } from '../../domain/schemas.js';
import { SWEDISH_MONTHS } from '../../domain/dates.js';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes the corpus seed and a protocol index into one 32-bit seed. */
function mix(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** `k` distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.min(k, copy.length));
  }
}

/** One line of a rendered protocol. */
export type Line =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string; markdown: string }
  | { kind: 'row'; left: string; right: string }
  | { kind: 'text'; text: string }
  | { kind: 'blank' };

export type NumberingStyle = 'dot' | 'markdown' | 'paragraph' | 'bare';

export interface GeneratedProtocol {
  index: number;
  /** File name without extension, unique in the corpus. */
  name: string;
  body: string;
  docType: 'Protokoll' | 'Minnesanteckningar' | 'Mötesanteckningar';
  date: string;
  style: NumberingStyle;
  itemTitles: string[];
  /** Letterhead and footer lines repeated on every PDF page. */
  letterhead: string[];
  footer: string[];
  lines: Line[];
}

interface SeedItem {
  title: string;
  body: string[];
}

interface SeedPools {
  routineOpen: SeedItem[];
  routineClose: SeedItem[];
  substantive: SeedItem[];
  people: string[];
  regionRoles: string[];
}

const ROUTINE =
  /^(inledning|mötet öppnades|mötets öppnande|val av justerare|godkännande av dagordning|dagens agenda|föregående (möte|protokoll|minnesanteckningar)|övriga frågor|avslut|mötets avslutande|kort utvärdering)/i;
const OPENER_KINDS = [
  /^(inledning|mötet öppnades|mötets öppnande)/i,
  /^val av justerare/i,
  /^(godkännande av dagordning|dagens agenda)/i,
  /^föregående/i,
];
const CLOSING = /^(övriga frågor|avslut|mötets avslutande|kort utvärdering|nästa möte)/i;

function cleanLine(line: string): string {
  return line
    .replace(/<\/?del>/g, '')
    .replace(/\*\*/g, '')
    .replace(/^#{1,6}\s*/, '')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/\s+$/, '');
}

/** Splits a seed text into its numbered agenda items (top-level sequence only). */
function seedItems(text: string): SeedItem[] {
  const lines = text.split('\n');
  const headLines = new Set(
    lines
      .slice(0, 14)
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
  const items: SeedItem[] = [];
  let expected: number | null = null;
  let current: SeedItem | null = null;
  let inFooter = false;
  for (const raw of lines) {
    const trimmed = raw.trim();
    if (/^Postadress\b/.test(trimmed)) inFooter = true;
    if (inFooter) {
      if (/^Organisationsnummer/.test(trimmed)) inFooter = false;
      continue;
    }
    const m = trimmed.match(/^(?:#{1,4}\s*)?(\d{1,2})\.\s+(\S.*)$/);
    if (m) {
      const n = Number(m[1]);
      const title = cleanLine(m[2]!).replace(/\*\*/g, '').trim();
      if ((expected === null && n <= 5) || n === expected) {
        // A long heading line carries its first paragraph: keep the title short.
        const cut =
          title.length > 90
            ? title.slice(0, title.search(/[.–-]\s/) > 10 ? title.search(/[.–-]\s/) : 90).trim()
            : title;
        current = {
          title: cut,
          body:
            cut === title
              ? []
              : [
                  title
                    .slice(cut.length)
                    .trim()
                    .replace(/^[.–-]\s*/, ''),
                ],
        };
        items.push(current);
        expected = n + 1;
        continue;
      }
    }
    if (!current || headLines.has(trimmed)) continue;
    current.body.push(cleanLine(raw));
  }
  for (const item of items) {
    while (item.body.length > 0 && item.body[0]!.trim() === '') item.body.shift();
    while (item.body.length > 0 && item.body[item.body.length - 1]!.trim() === '') item.body.pop();
  }
  return items.filter((i) => i.title.length >= 3);
}

let pools: SeedPools | null = null;

/** Reads and splits the five seed protocols once. */
export function loadSeedPools(dir = path.join(projectRoot, 'test/fixtures/seed')): SeedPools {
  if (pools) return pools;
  const routineOpen: SeedItem[] = [];
  const routineClose: SeedItem[] = [];
  const substantive: SeedItem[] = [];
  const people = new Set<string>();
  const regionRoles = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const item of seedItems(text)) {
      if (CLOSING.test(item.title)) routineClose.push(item);
      else if (ROUTINE.test(item.title)) routineOpen.push(item);
      else substantive.push(item);
    }
    for (const line of text.split('\n')) {
      const row = cleanLine(line).match(/^([A-ZÅÄÖ][\p{L}-]+(?: [A-ZÅÄÖ][\p{L}-]+){1,3})\t(.+)$/u);
      if (!row) continue;
      people.add(row[1]!);
      const org = row[2]!.trim();
      if (!/region örebro län|^[A-ZÅÄÖ][a-zåäö]+( \(|$)/.test(org) && org.length < 60 && !org.includes('-----'))
        regionRoles.add(org);
    }
  }
  pools = { routineOpen, routineClose, substantive, people: [...people].sort(), regionRoles: [...regionRoles].sort() };
  return pools;
}

const WEEKDAYS = ['Söndag', 'Måndag', 'Tisdag', 'Onsdag', 'Torsdag', 'Fredag', 'Lördag'];
const PLACES = [
  'Digitalt via Zoom',
  'Digitalt',
  'Teams',
  'Regionhuset, Örebro',
  'Eklundavägen 1, Örebro',
  'Båsenberga hotell och konferens, Vingåker',
  'Kommunhuset',
  'Sessionssalen',
  'Konferensrum Ängen',
];

const REGIONAL_BODIES = [
  'Chefsgrupp för samverkan social välfärd samt vård och omsorg',
  'Chefsgrupp folkhälsa',
  'Specifika samverkansrådet för social välfärd samt vård och omsorg',
  'Specifika samverkansrådet för folkhälsa',
  'Specifika samverkansrådet för barn och unga',
  'Styrgrupp samverkan barn och unga i Örebro län',
  'Styrgrupp nära vård i samverkan',
  'Styrgrupp för psykisk hälsa',
];
const NAMNDER = [
  'Socialnämnden',
  'Vård- och omsorgsnämnden',
  'Kommunstyrelsen',
  'Social- och arbetsmarknadsnämnden',
  'Barn- och utbildningsnämnden',
];
const PARTIES = ['S', 'M', 'C', 'V', 'KD', 'L', 'MP', 'SD'];

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

function numberLabel(style: NumberingStyle, n: number): { text: string; markdown: string } {
  switch (style) {
    case 'dot':
      return { text: `${n}.`, markdown: `${n}.` };
    case 'markdown':
      return { text: `${n}.`, markdown: `### ${n}.` };
    case 'paragraph':
      return { text: `§ ${n}`, markdown: `§ ${n}` };
    case 'bare':
      return { text: `${n}`, markdown: `${n}` };
  }
}

/** Protocol number `index` of the corpus with seed `seed`. */
export function generateProtocol(seed: number, index: number): GeneratedProtocol {
  const rng = new Rng(mulberry32(mix(seed, index)));
  const p = loadSeedPools();

  const kommun = rng.pick(MUNICIPALITIES);
  const isNamnd = rng.chance(0.35);
  const body = isNamnd ? `${rng.pick(NAMNDER)} ${kommun} kommun` : rng.pick(REGIONAL_BODIES);
  const year = rng.int(2015, 2026);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const date = iso(year, month, day);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  const docType = isNamnd
    ? 'Protokoll'
    : rng.pick(['Protokoll', 'Protokoll', 'Minnesanteckningar', 'Mötesanteckningar'] as const);
  const style: NumberingStyle = isNamnd
    ? rng.chance(0.85)
      ? 'paragraph'
      : 'dot'
    : rng.pick(['dot', 'dot', 'markdown', 'bare', 'paragraph'] as const);
  const start = style === 'paragraph' ? rng.int(1, 180) : 1;
  const hours = rng.pick(['09.00-12.00', '13.00-16.00', '08.30-11.30', '09:30-12:00', '13.15-15.00']);
  const place = isNamnd ? rng.pick(['Kommunhuset', 'Sessionssalen', 'Stadshuset', 'Digitalt']) : rng.pick(PLACES);
  const secretary = rng.pick(p.people);
  const chair = rng.pick(p.people);
  const adjuster = rng.pick(p.people.filter((n) => n !== chair));

  const lines: Line[] = [];
  const text = (t: string) => lines.push({ kind: 'text', text: t });
  const blank = () => lines.push({ kind: 'blank' });

  // Head: the shapes of the seeds' first pages.
  const head = rng.int(0, 2);
  if (isNamnd) {
    lines.push({ kind: 'title', text: body.replace(` ${kommun} kommun`, '') });
    text(`${kommun} kommun`);
    blank();
    text('Sammanträdesprotokoll');
    text(`Sammanträdesdatum ${date}`);
    blank();
    text(`Plats och tid: ${place}, kl ${hours}`);
  } else if (head === 0) {
    lines.push({ kind: 'title', text: `${docType} ${body.charAt(0).toLowerCase()}${body.slice(1)}` });
    blank();
    text(`Tid: ${weekday} den ${day} ${SWEDISH_MONTHS[month - 1]} ${year} kl ${hours}`);
    blank();
    text(`Plats: ${place}`);
  } else if (head === 1) {
    text('Datum');
    text(date);
    blank();
    text('Beteckning');
    text(docType);
    blank();
    lines.push({
      kind: 'title',
      text: `${docType} ${body.charAt(0).toLowerCase()}${body.slice(1)} den ${day} ${SWEDISH_MONTHS[month - 1]} ${year}`,
    });
    blank();
    text(`Plats: ${place}`);
  } else {
    lines.push({ kind: 'title', text: `${docType} ${body}` });
    blank();
    text(`Tid: ${date} klockan ${hours}`);
    blank();
    text(`Plats: ${place}`);
  }
  blank();
  text(`Sekreterare: ${secretary}`);
  text(`Ordförande: ${chair}`);
  text(`Justerare: ${adjuster}`);
  blank();

  // Attendance.
  const absent: string[] = [];
  if (isNamnd) {
    text('Närvarande ledamöter:');
    for (const name of rng.sample(p.people, rng.int(7, 11)))
      lines.push({ kind: 'row', left: name, right: `(${rng.pick(PARTIES)})${name === chair ? ', ordförande' : ''}` });
    blank();
    text('Tjänstepersoner:');
    for (const name of rng.sample(p.people, rng.int(1, 3)))
      lines.push({
        kind: 'row',
        left: name,
        right: rng.pick(['socialchef', 'förvaltningschef', 'nämndsekreterare', 'verksamhetschef']),
      });
  } else {
    text(rng.chance(0.5) ? 'Närvarande ledamöter:' : 'Närvarande:');
    const names = rng.sample(p.people, 12 + 4);
    MUNICIPALITIES.forEach((m, i) => {
      const name = names[i]!;
      if (rng.chance(0.1)) absent.push(name);
      else lines.push({ kind: 'row', left: name, right: m });
    });
    blank();
    for (const name of names.slice(12, 12 + rng.int(1, 4))) {
      lines.push({
        kind: 'row',
        left: name,
        right: rng.chance(0.5) ? 'Region Örebro län' : `${rng.pick(p.regionRoles)}`,
      });
    }
  }
  blank();

  // Items: routine openers, a sample of substantive items, a closer.
  // Openers in the usual order, at most one of each kind.
  const openers = OPENER_KINDS.flatMap((kind) => {
    const candidates = p.routineOpen.filter((item) => kind.test(item.title));
    return candidates.length > 0 && rng.chance(0.6) ? [rng.pick(candidates)] : [];
  });
  const items: SeedItem[] = [
    ...openers,
    ...rng.sample(p.substantive, rng.int(3, 10)),
    ...(rng.chance(0.7) ? rng.sample(p.routineClose, 1) : []),
  ];
  const itemTitles: string[] = [];
  items.forEach((item, i) => {
    const label = numberLabel(style, start + i);
    const title = item.title;
    itemTitles.push(title);
    lines.push({ kind: 'heading', text: `${label.text} ${title}`, markdown: `${label.markdown} ${title}` });
    blank();
    let bodyLines = item.body;
    if (i === 0 && absent.length > 0) bodyLines = [`${absent.join(', ')} har anmält frånvaro.`, '', ...bodyLines];
    // Long seed items are cut at a paragraph boundary now and then, for varied lengths.
    if (bodyLines.length > 30 && rng.chance(0.5)) {
      const cut = bodyLines.findIndex((l, j) => j >= 20 && l.trim() === '');
      if (cut > 0) bodyLines = bodyLines.slice(0, cut);
    }
    if (bodyLines.length === 0)
      bodyLines = [rng.pick(['Informationen noterades.', 'Ärendet lades till handlingarna.', 'Inget att rapportera.'])];
    for (const l of bodyLines)
      if (l.trim() === '') blank();
      else text(l);
    if (isNamnd && !ROUTINE.test(title)) {
      blank();
      text(`${body.split(' ')[0]} beslutar`);
      text(
        rng.pick([
          'att lägga informationen till handlingarna.',
          'att godkänna förslaget.',
          'att uppdra åt förvaltningen att återkomma med en redovisning.',
        ]),
      );
    }
    blank();
  });

  const letterhead = isNamnd
    ? [`${kommun.toUpperCase()} KOMMUN`, `${body.split(' ')[0]}`, `Sammanträdesdatum ${date}`]
    : ['Region Örebro län', 'Förvaltningen för regional utveckling', `${docType} ${date}`];
  const footer = isNamnd
    ? [`${kommun} kommun · ${body.split(' ')[0]} · Justerandes signatur`]
    : [
        'Postadress Region Örebro län, Box 1613, 701 16 Örebro · Besöksadress Eklundavägen 1, Örebro',
        'Tel: 019-602 70 00 · E-post: regionen@regionorebrolan.se · Organisationsnummer: 232100-0164',
      ];

  const name = `${String(index).padStart(6, '0')}_${slug(body)}_${date}`;
  return { index, name, body, docType, date, style, itemTitles, letterhead, footer, lines };
}

/** The protocol as a .txt file (markdown-ish, like the seed texts). */
export function renderText(protocol: GeneratedProtocol): string {
  const out: string[] = [...protocol.letterhead, ''];
  for (const line of protocol.lines) {
    switch (line.kind) {
      case 'title':
        out.push(line.text);
        break;
      case 'heading':
        out.push(line.markdown);
        break;
      case 'row':
        out.push(`${line.left}\t${line.right}`);
        break;
      case 'text':
        out.push(line.text);
        break;
      case 'blank':
        out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/* ------------------------------------------------------------ files */

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
      info: {
        Title: `${protocol.docType} ${protocol.body} ${protocol.date}`,
        Author: 'Protokollsök bench',
        CreationDate: new Date(Date.UTC(2025, 0, 1)),
      },
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
      for (const [i, line] of protocol.letterhead.entries())
        doc.text(line, MARGIN_X, 36 + i * 11, { width, lineBreak: false });
      doc
        .moveTo(MARGIN_X, 74)
        .lineTo(doc.page.width - MARGIN_X, 74)
        .strokeColor('#999')
        .lineWidth(0.5)
        .stroke();
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
        for (const [i, line] of protocol.footer.entries())
          doc.text(line, MARGIN_X, footY + i * 10, { width, lineBreak: false });
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
export async function writeCorpus(options: GenerateOptions): Promise<GenerateSummary> {
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
