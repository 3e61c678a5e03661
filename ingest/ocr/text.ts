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

/**
 * Rebuilds the text from `tesseract … tsv`: words joined by spaces within a line,
 * lines by newlines, blocks and paragraphs by a blank line (so headings stay at
 * the start of their own line for the segmenter).
 */
export function parseTsv(tsv: string): OcrText {
  const lines = tsv.split('\n');
  const header = lines[0]?.split('\t') ?? [];
  const col = (name: string) => header.indexOf(name);
  const [iLevel, iBlock, iPar, iLine, iConf, iText] = ['level', 'block_num', 'par_num', 'line_num', 'conf', 'text'].map(
    col,
  ) as [number, number, number, number, number, number];
  if ([iLevel, iBlock, iPar, iLine, iConf, iText].some((i) => i < 0)) return { text: '', confidence: null, words: 0 };
  const out: string[] = [];
  let current: string[] = [];
  let lineKey = '';
  let parKey = '';
  let confSum = 0;
  let words = 0;
  const flushLine = () => {
    if (current.length > 0) out.push(current.join(' '));
    current = [];
  };
  for (const row of lines.slice(1)) {
    const cells = row.split('\t');
    if (cells[iLevel] !== '5') continue;
    const word = (cells[iText] ?? '').trim();
    const conf = Number(cells[iConf]);
    if (word === '' || !Number.isFinite(conf) || conf < 0) continue;
    const par = `${cells[iBlock]}:${cells[iPar]}`;
    const line = `${par}:${cells[iLine]}`;
    if (line !== lineKey) {
      flushLine();
      if (par !== parKey && out.length > 0) out.push('');
      lineKey = line;
      parKey = par;
    }
    current.push(word);
    confSum += conf;
    words++;
  }
  flushLine();
  return {
    text: out.join('\n'),
    confidence: words > 0 ? Math.round((confSum / words) * 10) / 10 : null,
    words,
  };
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
