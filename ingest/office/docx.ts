/**
 * A Word document (.docx, WordprocessingML) → pieces for the layout: its
 * paragraphs in order with their heading level (style outline level or a
 * "Heading n"/"Rubrik n" style), their automatic numbers written out as Word
 * shows them ("§ 12", "3.", "b)"), their indent, bold and size; table rows as
 * cells; page breaks where Word put them (explicit ones and the ones it last
 * rendered, so item pages match the printed pages where Word saved them).
 *
 * Read from word/document.xml, word/styles.xml and word/numbering.xml with
 * htmlparser2's XML mode (a forgiving, streaming tokenizer). Deleted text in
 * tracked changes, moved-from text, field codes and the fallback copy of
 * drawings are left out; text boxes, hyperlinks, fields' results and content
 * controls are read as text.
 */
import { type Attrs, formatNumber, type Paragraph, type Piece, walkXml } from './blocks.js';

export const DOCX_PARTS = ['word/document.xml', 'word/styles.xml', 'word/numbering.xml'] as const;

const isOn = (a: Attrs) => !['0', 'false', 'off', 'none'].includes((a['w:val'] ?? 'true').toLowerCase());
const twips = (v: string | undefined) => (v === undefined || !/^-?\d+$/.test(v) ? undefined : Number(v));

interface Indent {
  left?: number;
  hanging?: number;
  firstLine?: number;
}
const readIndent = (a: Attrs): Indent => {
  const out: Indent = {};
  const left = twips(a['w:left'] ?? a['w:start']);
  const hanging = twips(a['w:hanging']);
  const firstLine = twips(a['w:firstLine']);
  if (left !== undefined) out.left = left;
  if (hanging !== undefined) out.hanging = hanging;
  if (firstLine !== undefined) out.firstLine = firstLine;
  return out;
};
/** Where the first line starts, in points. */
const firstLinePt = (ind: Indent) => ((ind.left ?? 0) - (ind.hanging ?? 0) + (ind.firstLine ?? 0)) / 20;

interface Style {
  name?: string;
  basedOn?: string;
  outline?: number;
  numId?: string;
  ilvl?: number;
  indent?: Indent;
  bold?: boolean;
  size?: number;
}

interface Styles {
  byId: Map<string, Style>;
  defaultParagraph: string | null;
  defaultSize: number;
  /** Resolved chains, by style id ("" for the default paragraph style). */
  resolved: Map<string, Style>;
}

function readStyles(xml: string | undefined): Styles {
  const byId = new Map<string, Style>();
  let defaultParagraph: string | null = null;
  let defaultSize = 11;
  if (!xml) return { byId, defaultParagraph, defaultSize, resolved: new Map() };
  let current: Style | null = null;
  let inDefaults = false;
  let inRunProps = false;
  walkXml(xml, {
    open(name, a) {
      if (name === 'w:docDefaults') inDefaults = true;
      else if (name === 'w:style') {
        current = {};
        byId.set(a['w:styleId'] ?? '', current);
        if (a['w:type'] === 'paragraph' && isOn({ 'w:val': a['w:default'] ?? '0' }))
          defaultParagraph = a['w:styleId'] ?? null;
      } else if (name === 'w:rPr') inRunProps = true;
      else if (inDefaults && inRunProps && name === 'w:sz') defaultSize = Number(a['w:val']) / 2 || defaultSize;
      else if (current) {
        const style: Style = current;
        if (name === 'w:name') style.name = a['w:val'] ?? '';
        else if (name === 'w:basedOn') style.basedOn = a['w:val'] ?? '';
        else if (name === 'w:outlineLvl') style.outline = Number(a['w:val']);
        else if (name === 'w:numId') style.numId = a['w:val'] ?? '';
        else if (name === 'w:ilvl') style.ilvl = Number(a['w:val']);
        else if (name === 'w:ind' && !inRunProps) style.indent = readIndent(a);
        else if (inRunProps && name === 'w:b') style.bold = isOn(a);
        else if (inRunProps && name === 'w:sz') style.size = Number(a['w:val']) / 2 || undefined!;
      }
    },
    close(name) {
      if (name === 'w:docDefaults') inDefaults = false;
      else if (name === 'w:style') current = null;
      else if (name === 'w:rPr') inRunProps = false;
    },
  });
  return { byId, defaultParagraph, defaultSize, resolved: new Map() };
}

/** A style's properties with those of the styles it is based on (nearest wins); computed once per style. */
function resolveStyle(styles: Styles, id: string | null | undefined): Style {
  const key = id ?? '';
  let style = styles.resolved.get(key);
  if (!style) {
    style = resolveChain(styles, id);
    styles.resolved.set(key, style);
  }
  return style;
}

function resolveChain(styles: Styles, id: string | null | undefined): Style {
  const chain: Style[] = [];
  let next: string | null | undefined = id ?? styles.defaultParagraph;
  for (let guard = 0; next && guard < 20; guard++) {
    const style = styles.byId.get(next);
    if (!style || chain.includes(style)) break;
    chain.push(style);
    next = style.basedOn;
  }
  const out: Style = {};
  for (const style of chain.reverse())
    Object.assign(out, Object.fromEntries(Object.entries(style).filter(([, v]) => v !== undefined)));
  // The name is the style's own, not its parent's ("Heading 1" based on "Normal").
  const own = chain[chain.length - 1];
  if (own?.name !== undefined) out.name = own.name;
  else delete out.name;
  return out;
}

interface Level {
  start: number;
  format: string;
  text: string;
  suffix: string;
  indent?: Indent;
}

interface Numbering {
  abstract: Map<string, Map<number, Level>>;
  nums: Map<string, { abstract: string; starts: Map<number, number> }>;
}

function readNumbering(xml: string | undefined): Numbering {
  const abstract = new Map<string, Map<number, Level>>();
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  if (!xml) return { abstract, nums };
  let levels: Map<number, Level> | null = null;
  let level: Level | null = null;
  let num: { abstract: string; starts: Map<number, number> } | null = null;
  let overrideLevel: number | null = null;
  walkXml(xml, {
    open(name, a) {
      if (name === 'w:abstractNum') {
        levels = new Map();
        abstract.set(a['w:abstractNumId'] ?? '', levels);
      } else if (name === 'w:lvl' && levels) {
        level = { start: 1, format: 'decimal', text: '', suffix: '\t' };
        levels.set(Number(a['w:ilvl'] ?? 0), level);
      } else if (level) {
        const l: Level = level;
        if (name === 'w:start') l.start = Number(a['w:val'] ?? 1);
        else if (name === 'w:numFmt') l.format = a['w:val'] ?? 'decimal';
        else if (name === 'w:lvlText') l.text = a['w:val'] ?? '';
        else if (name === 'w:suff') l.suffix = a['w:val'] === 'space' ? ' ' : a['w:val'] === 'nothing' ? '' : '\t';
        else if (name === 'w:ind') l.indent = readIndent(a);
      } else if (name === 'w:num') {
        num = { abstract: '', starts: new Map() };
        nums.set(a['w:numId'] ?? '', num);
      } else if (num) {
        const n: { abstract: string; starts: Map<number, number> } = num;
        if (name === 'w:abstractNumId') n.abstract = a['w:val'] ?? '';
        else if (name === 'w:lvlOverride') overrideLevel = Number(a['w:ilvl'] ?? 0);
        else if (name === 'w:startOverride' && overrideLevel !== null) n.starts.set(overrideLevel, Number(a['w:val']));
      }
    },
    close(name) {
      if (name === 'w:abstractNum') levels = null;
      else if (name === 'w:lvl') level = null;
      else if (name === 'w:num') num = null;
      else if (name === 'w:lvlOverride') overrideLevel = null;
    },
  });
  return { abstract, nums };
}

/** Numbers as Word counts them: per list (abstract numbering), deeper levels restart after a shallower one. */
class Counters {
  private readonly counts = new Map<string, number[]>();
  private readonly startedNums = new Set<string>();
  constructor(private readonly numbering: Numbering) {}

  /** The label of the next paragraph in list `numId` at `ilvl` ("§ 12", "2.1", "•"), and what follows it. */
  next(numId: string, ilvl: number): { label: string; suffix: string; indent?: Indent } | null {
    const num = this.numbering.nums.get(numId);
    const levels = num ? this.numbering.abstract.get(num.abstract) : undefined;
    const level = levels?.get(ilvl);
    if (!num || !levels || !level) return null;
    let counts = this.counts.get(num.abstract);
    if (!counts) {
      counts = [];
      this.counts.set(num.abstract, counts);
    }
    const startOf = (l: number) => num.starts.get(l) ?? levels.get(l)?.start ?? 1;
    if (!this.startedNums.has(numId)) {
      this.startedNums.add(numId);
      // A list instance that overrides its start begins again there.
      for (const [l, start] of num.starts) counts[l] = start - 1;
    }
    counts[ilvl] = (counts[ilvl] ?? startOf(ilvl) - 1) + 1;
    counts.length = ilvl + 1;
    if (level.format === 'bullet')
      return { label: '•', suffix: level.suffix, ...(level.indent ? { indent: level.indent } : {}) };
    const label = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const n = counts[l] ?? startOf(l);
      return formatNumber(n, levels.get(l)?.format ?? 'decimal');
    });
    return { label, suffix: level.suffix, ...(level.indent ? { indent: level.indent } : {}) };
  }
}

const HEADING_NAME = /^(?:heading|rubrik|überschrift|otsikko)\s*([1-9])$/i;
const TITLE_NAME = /^(?:title|rubrik|titel)$/i;

/** Outline level 1–9 of a paragraph, or null for body text. */
function headingLevel(own: number | undefined, style: Style): number | null {
  const outline = own ?? style.outline;
  if (outline !== undefined && outline >= 0 && outline < 9) return outline + 1;
  const name = style.name ?? '';
  const m = HEADING_NAME.exec(name);
  if (m) return Number(m[1]);
  return TITLE_NAME.test(name) ? 1 : null;
}

/** Subtrees whose text is not the document's: deleted or moved-away text, old properties, drawing fallbacks. */
const SKIP = new Set(['mc:Fallback', 'w:del', 'w:moveFrom', 'w:pPrChange', 'w:rPrChange', 'w:instrText', 'w:delText']);

interface OpenParagraph {
  lines: string[];
  pStyle?: string;
  numId?: string;
  ilvl?: number;
  outline?: number;
  indent?: Indent;
  text: boolean;
  allBold: boolean;
  size: number | null;
  breakBefore: boolean;
  breakAfter: boolean;
}

export function readDocx(parts: ReadonlyMap<string, Uint8Array>): Piece[] {
  const decode = (name: string) => {
    const bytes = parts.get(name);
    return bytes ? new TextDecoder('utf-8').decode(bytes) : undefined;
  };
  const document = decode('word/document.xml');
  if (document === undefined) throw new Error('word/document.xml saknas');
  const styles = readStyles(decode('word/styles.xml'));
  const counters = new Counters(readNumbering(decode('word/numbering.xml')));
  const pieces: Piece[] = [];

  let skip = 0;
  const paragraphs: OpenParagraph[] = [];
  let inParagraphProps = 0;
  let inRun = false;
  let inRunProps = false;
  let inText = false;
  let run: { bold?: boolean; size?: number; style?: string } = {};
  // Tables: a stack of open cells' text; rows of the outermost table become pieces.
  const tables: { cells: string[]; cell: string[] | null; breakBefore: boolean }[] = [];

  const paragraph = () => paragraphs[paragraphs.length - 1];
  const pageBreak = () => {
    const p = paragraph();
    if (!p) return;
    if (p.text) p.breakAfter = true;
    else p.breakBefore = true;
  };
  const append = (s: string) => {
    const p = paragraph();
    if (!p) return;
    p.lines[p.lines.length - 1] += s;
  };

  const closeParagraph = () => {
    const p = paragraphs.pop();
    if (!p) return;
    const style = resolveStyle(styles, p.pStyle);
    const numId = p.numId ?? style.numId;
    const ilvl = p.ilvl ?? style.ilvl ?? 0;
    const numbered = numId && numId !== '0' && p.text ? counters.next(numId, ilvl) : null;
    if (numbered?.label) p.lines[0] = `${numbered.label}${numbered.suffix}${p.lines[0]}`;
    const indent = p.indent ?? numbered?.indent ?? style.indent ?? {};
    const table = tables[tables.length - 1];
    if (table?.cell) {
      // Inside a table cell: its text joins the cell (a form table's value).
      table.cell.push(p.lines.join(' ').replace(/\t/g, ' '));
      if (p.breakBefore && table.cells.length === 0) table.breakBefore = true;
      return;
    }
    if (p.breakBefore) pieces.push({ type: 'page-break' });
    const piece: Paragraph = {
      type: 'paragraph',
      lines: p.lines,
      heading: headingLevel(p.outline, style),
      bold: p.text && p.allBold,
      size: p.size ?? style.size ?? null,
      indent: firstLinePt(indent),
    };
    pieces.push(piece);
    if (p.breakAfter) pieces.push({ type: 'page-break' });
  };

  walkXml(document, {
    open(name, a) {
      if (skip > 0 || SKIP.has(name)) {
        skip++;
        return;
      }
      switch (name) {
        case 'w:p':
          paragraphs.push({
            lines: [''],
            text: false,
            allBold: true,
            size: null,
            breakBefore: false,
            breakAfter: false,
          });
          return;
        case 'w:pPr':
          inParagraphProps++;
          return;
        case 'w:r':
          inRun = true;
          run = {};
          return;
        case 'w:rPr':
          inRunProps = true;
          return;
        case 'w:tbl':
          tables.push({ cells: [], cell: null, breakBefore: false });
          return;
        case 'w:tc': {
          const table = tables[tables.length - 1];
          if (table) table.cell = [];
          return;
        }
      }
      const p = paragraph();
      if (inParagraphProps > 0 && p && !inRunProps) {
        if (name === 'w:pStyle') p.pStyle = a['w:val'] ?? '';
        else if (name === 'w:numId') p.numId = a['w:val'] ?? '';
        else if (name === 'w:ilvl') p.ilvl = Number(a['w:val'] ?? 0);
        else if (name === 'w:outlineLvl') p.outline = Number(a['w:val']);
        else if (name === 'w:ind') p.indent = readIndent(a);
        else if (name === 'w:pageBreakBefore' && isOn(a)) p.breakBefore = true;
        return;
      }
      if (inRunProps && inRun) {
        if (name === 'w:b') run.bold = isOn(a);
        else if (name === 'w:sz') run.size = Number(a['w:val']) / 2 || undefined!;
        else if (name === 'w:rStyle') run.style = a['w:val'] ?? '';
        return;
      }
      if (!inRun) return;
      if (name === 'w:t') inText = true;
      else if (name === 'w:tab' || name === 'w:ptab') append('\t');
      else if (name === 'w:noBreakHyphen') append('-');
      else if (name === 'w:br' || name === 'w:cr') {
        if (a['w:type'] === 'page') pageBreak();
        else if (a['w:type'] !== 'column') paragraph()?.lines.push('');
      } else if (name === 'w:lastRenderedPageBreak') pageBreak();
    },
    text(text) {
      if (skip > 0 || !inText) return;
      const p = paragraph();
      if (!p) return;
      append(text);
      if (text.trim() !== '') {
        const style = resolveStyle(styles, p.pStyle);
        const runStyle = run.style ? styles.byId.get(run.style) : undefined;
        const bold = run.bold ?? runStyle?.bold ?? style.bold ?? false;
        if (!bold) p.allBold = false;
        if (!p.text) p.size = run.size ?? runStyle?.size ?? style.size ?? null;
        p.text = true;
      }
    },
    close(name) {
      if (skip > 0) {
        skip--;
        return;
      }
      switch (name) {
        case 'w:p':
          closeParagraph();
          return;
        case 'w:pPr':
          inParagraphProps--;
          return;
        case 'w:r':
          inRun = false;
          return;
        case 'w:rPr':
          inRunProps = false;
          return;
        case 'w:t':
          inText = false;
          return;
        case 'w:tc': {
          const table = tables[tables.length - 1];
          if (table?.cell) {
            table.cells.push(table.cell.join(', '));
            table.cell = null;
          }
          return;
        }
        case 'w:tr': {
          const table = tables[tables.length - 1];
          if (!table) return;
          if (tables.length === 1) {
            if (table.breakBefore) pieces.push({ type: 'page-break' });
            pieces.push({ type: 'row', cells: table.cells });
          } else {
            // A table inside a cell: its text joins the outer cell.
            const outer = tables[tables.length - 2]!;
            outer.cell?.push(table.cells.join(' '));
          }
          table.cells = [];
          table.breakBefore = false;
          return;
        }
        case 'w:tbl':
          tables.pop();
          return;
      }
    },
  });
  return pieces;
}

/** The body text size: the document default, or the Normal style's. */
export function docxBodySize(parts: ReadonlyMap<string, Uint8Array>): number {
  const bytes = parts.get('word/styles.xml');
  if (!bytes) return 11;
  const styles = readStyles(new TextDecoder('utf-8').decode(bytes));
  return resolveStyle(styles, null).size ?? styles.defaultSize;
}
