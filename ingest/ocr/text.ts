/**
 * Pure helpers over Tesseract's output: TSV → page text with its mean word
 * confidence, and the parsing of `pdfimages -list` (which pages carry a
 * page-sized image, i.e. a scan). The text is kept as read: the confusions
 * Tesseract makes at item headings ("KS$1" for "KS § 1") are read back by the
 * layout stage's heading grammar, the one place that knows what a heading is.
 */

export interface OcrText {
  readonly text: string;
  /** Mean confidence of the recognised words, 0-100; null when no word was read. */
  readonly confidence: number | null;
  readonly words: number;
}

/** One paragraph of a Tesseract reading: its lines and where it stands on the page (pixel rows). */
export interface OcrParagraph {
  readonly lines: readonly string[];
  readonly top: number;
}

/** A page's reading as paragraphs in Tesseract's order, with the word boxes' rows and confidences. */
export interface OcrReading {
  readonly paragraphs: readonly OcrParagraph[];
  /** Every word read: its rows (top, bottom) and confidence. */
  readonly words: readonly { top: number; bottom: number; conf: number }[];
}

/** Reads `tesseract … tsv` into paragraphs of lines (words joined by spaces) and word boxes. */
export function readTsv(tsv: string): OcrReading {
  const lines = tsv.split('\n');
  const header = lines[0]?.split('\t') ?? [];
  const col = (name: string) => header.indexOf(name);
  const cols = ['level', 'block_num', 'par_num', 'line_num', 'conf', 'text', 'top', 'height'].map(col);
  const [iLevel, iBlock, iPar, iLine, iConf, iText, iTop, iHeight] = cols as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if ([iLevel, iBlock, iPar, iLine, iConf, iText].some((i) => i < 0)) return { paragraphs: [], words: [] };
  const paragraphs: { lines: string[]; top: number }[] = [];
  const words: { top: number; bottom: number; conf: number }[] = [];
  let lineKey = '';
  let parKey = '';
  for (const row of lines.slice(1)) {
    const cells = row.split('\t');
    if (cells[iLevel] !== '5') continue;
    const word = (cells[iText] ?? '').trim();
    const conf = Number(cells[iConf]);
    if (word === '' || !Number.isFinite(conf) || conf < 0) continue;
    const top = Number(cells[iTop] ?? 0) || 0;
    words.push({ top, bottom: top + (Number(cells[iHeight] ?? 0) || 0), conf });
    const par = `${cells[iBlock]}:${cells[iPar]}`;
    const line = `${par}:${cells[iLine]}`;
    if (par !== parKey) paragraphs.push({ lines: [], top });
    const current = paragraphs[paragraphs.length - 1]!;
    if (line !== lineKey) current.lines.push(word);
    else current.lines[current.lines.length - 1] += ` ${word}`;
    current.top = Math.min(current.top, top);
    lineKey = line;
    parKey = par;
  }
  return { paragraphs, words };
}

/**
 * A page's text from its readings: the whole page's, then those of bands its
 * layout analysis dropped (read again on their own, rows offset to the page),
 * each placed before the first paragraph that stands below it. Lines are joined
 * by newlines, paragraphs by a blank line (so headings stay at the start of
 * their own line for the segmenter); the confidence is the mean over all words.
 */
export function assembleText(page: OcrReading, recovered: readonly OcrReading[] = []): OcrText {
  const paragraphs = [...page.paragraphs];
  for (const extra of recovered)
    for (const p of extra.paragraphs) {
      const at = paragraphs.findIndex((q) => q.top > p.top);
      paragraphs.splice(at < 0 ? paragraphs.length : at, 0, p);
    }
  const words = [...page.words, ...recovered.flatMap((r) => r.words)];
  const confSum = words.reduce((n, w) => n + w.conf, 0);
  return {
    text: paragraphs.map((p) => p.lines.join('\n')).join('\n\n'),
    confidence: words.length > 0 ? Math.round((confSum / words.length) * 10) / 10 : null,
    words: words.length,
  };
}

/** Rebuilds the text from `tesseract … tsv` (see {@link assembleText}). */
export function parseTsv(tsv: string): OcrText {
  return assembleText(readTsv(tsv));
}

/** Letters and digits on a page: how much text a page really has. */
export const substance = (text: string) => (text.match(/[\p{L}\p{N}]/gu) ?? []).length;

/**
 * Pages with a page-sized image, from `pdfimages -list`: the area of each image
 * (pixels / ppi, in square inches) summed per page. A scan of an A4 page is
 * ~97 in², a logo 1-3 in², a cover picture 20-40 in²: half an A4 page or more
 * counts as a scan.
 */
export function scannedPages(list: string, minSquareInches = 45): Set<number> {
  const area = new Map<number, number>();
  for (const row of list.split('\n').slice(2)) {
    const c = row.trim().split(/\s+/);
    if (c.length < 14 || c[2] !== 'image') continue;
    const [page, width, height, xppi, yppi] = [c[0], c[3], c[4], c[12], c[13]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (![page, width, height, xppi, yppi].every(Number.isFinite) || xppi <= 0 || yppi <= 0) continue;
    area.set(page, (area.get(page) ?? 0) + (width / xppi) * (height / yppi));
  }
  return new Set([...area].filter(([, a]) => a >= minSquareInches).map(([p]) => p));
}
