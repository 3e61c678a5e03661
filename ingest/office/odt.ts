/**
 * An OpenDocument text (.odt, ODF 1.2/1.3) → pieces for the layout: headings
 * (text:h with their outline level), paragraphs, list items with their numbers
 * written out (the number LibreOffice stored in text:number when there is
 * one, else counted from the list style: "1.", "§ 3", "b)"), table rows as
 * cells, and page breaks where the writer last laid the pages out
 * (text:soft-page-break) or a paragraph style asks for one.
 *
 * Read from content.xml and styles.xml with htmlparser2's XML mode. Tracked
 * deletions, annotations and footnote bodies are left out.
 */
import { formatNumber, type Paragraph, type Piece, walkXml } from './blocks.js';

export const ODT_PARTS = ['content.xml', 'styles.xml'] as const;

interface ListLevel {
  format: string;
  prefix: string;
  suffix: string;
  start: number;
  bullet: boolean;
}

interface ParagraphStyle {
  parent?: string;
  bold?: boolean;
  size?: number;
  breakBefore?: boolean;
  outline?: number;
}

interface Styles {
  lists: Map<string, Map<number, ListLevel>>;
  paragraphs: Map<string, ParagraphStyle>;
  bodySize: number;
}

const points = (v: string | undefined) => {
  const m = /^([\d.]+)(pt|cm|mm|in)?$/.exec(v ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'cm' ? n * 28.35 : m[2] === 'mm' ? n * 2.835 : m[2] === 'in' ? n * 72 : n;
};

/** List styles and paragraph styles from styles.xml and content.xml's automatic styles. */
function readStyles(xmls: readonly (string | undefined)[]): Styles {
  const lists = new Map<string, Map<number, ListLevel>>();
  const paragraphs = new Map<string, ParagraphStyle>();
  let bodySize: number | undefined;
  for (const xml of xmls) {
    if (!xml) continue;
    let list: Map<number, ListLevel> | null = null;
    let style: ParagraphStyle | null = null;
    let isDefault = false;
    walkXml(xml, {
      open(name, a) {
        if (name === 'text:list-style' || name === 'text:outline-style') {
          list = new Map();
          lists.set(name === 'text:outline-style' ? '\u0000outline' : (a['style:name'] ?? ''), list);
        } else if (list && (name === 'text:list-level-style-number' || name === 'text:outline-level-style')) {
          list.set(Number(a['text:level'] ?? 1), {
            format: a['style:num-format'] ?? '1',
            prefix: a['style:num-prefix'] ?? '',
            suffix: a['style:num-suffix'] ?? '',
            start: Number(a['text:start-value'] ?? 1),
            bullet: false,
          });
        } else if (list && name === 'text:list-level-style-bullet') {
          list.set(Number(a['text:level'] ?? 1), { format: '', prefix: '', suffix: '', start: 1, bullet: true });
        } else if (name === 'style:style' && a['style:family'] === 'paragraph') {
          style = {};
          const outline = a['style:default-outline-level'];
          if (outline) style.outline = Number(outline);
          if (a['style:parent-style-name']) style.parent = a['style:parent-style-name'];
          paragraphs.set(a['style:name'] ?? '', style);
          isDefault = a['style:name'] === 'Standard';
        } else if (name === 'style:default-style' && a['style:family'] === 'paragraph') {
          style = {};
          isDefault = true;
        } else if (style && name === 'style:text-properties') {
          if (a['fo:font-weight']) style.bold = a['fo:font-weight'] === 'bold' || Number(a['fo:font-weight']) >= 600;
          const size = points(a['fo:font-size']);
          if (size) {
            style.size = size;
            if (isDefault) bodySize = size;
          }
        } else if (style && name === 'style:paragraph-properties') {
          if (a['fo:break-before'] === 'page') style.breakBefore = true;
        }
      },
      close(name) {
        if (name === 'text:list-style' || name === 'text:outline-style') list = null;
        else if (name === 'style:style' || name === 'style:default-style') {
          style = null;
          isDefault = false;
        }
      },
    });
  }
  return { lists, paragraphs, bodySize: bodySize ?? 11 };
}

function resolve(styles: Styles, name: string | undefined): ParagraphStyle {
  const chain: ParagraphStyle[] = [];
  let next = name;
  for (let guard = 0; next && guard < 20; guard++) {
    const s = styles.paragraphs.get(next);
    if (!s || chain.includes(s)) break;
    chain.push(s);
    next = s.parent;
  }
  const out: ParagraphStyle = {};
  for (const s of chain.reverse())
    Object.assign(out, Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)));
  return out;
}

/** Subtrees whose text is not the document's body. */
const SKIP = new Set([
  'text:tracked-changes',
  'office:annotation',
  'text:note',
  'office:automatic-styles',
  'office:font-face-decls',
  'text:sequence-decls',
]);

interface OpenList {
  style: string;
  continued: boolean;
}

export function readOdt(parts: ReadonlyMap<string, Uint8Array>): { pieces: Piece[]; bodySize: number } {
  const decode = (name: string) => {
    const bytes = parts.get(name);
    return bytes ? new TextDecoder('utf-8').decode(bytes) : undefined;
  };
  const content = decode('content.xml');
  if (content === undefined) throw new Error('content.xml saknas');
  const styles = readStyles([decode('styles.xml'), content]);
  const pieces: Piece[] = [];

  let skip = 0;
  let inBody = false;
  const lists: OpenList[] = [];
  /** Counters per list style, by level: a list that continues numbering picks up where the last one stopped. */
  const counts = new Map<string, number[]>();
  let paragraph: {
    lines: string[];
    heading: number | null;
    style: ParagraphStyle;
    number: string | null;
    inNumber: boolean;
    listLevel: number;
    breakBefore: boolean;
    breakAfter: boolean;
    text: boolean;
  } | null = null;
  let depth = 0; // nested paragraphs (a frame's text box inside a paragraph) are read as their own
  const tables: { cells: string[]; cell: string[] | null }[] = [];

  const append = (s: string) => {
    if (!paragraph) return;
    if (paragraph.inNumber) paragraph.number = (paragraph.number ?? '') + s;
    else paragraph.lines[paragraph.lines.length - 1] += s;
  };

  const listLabel = (level: number, heading: boolean): string | null => {
    const list = heading ? undefined : lists[lists.length - 1];
    const key = heading ? '\u0000outline' : (list?.style ?? '');
    const levels = styles.lists.get(key);
    const def = levels?.get(level);
    if (!def) return null;
    if (def.bullet) return '•';
    let c = counts.get(key);
    if (!c) {
      c = [];
      counts.set(key, c);
    }
    c[level] = (c[level] ?? def.start - 1) + 1;
    c.length = level + 1;
    if (def.format === '') return null;
    return `${def.prefix}${formatNumber(c[level]!, def.format)}${def.suffix}`;
  };

  walkXml(content, {
    open(name, a) {
      if (skip > 0 || SKIP.has(name)) {
        skip++;
        return;
      }
      if (name === 'office:text') inBody = true;
      if (!inBody) return;
      switch (name) {
        case 'text:list': {
          const style = a['text:style-name'] ?? lists[lists.length - 1]?.style ?? '';
          const continued = a['text:continue-numbering'] === 'true' || a['text:continue-list'] !== undefined;
          // A new top-level list starts counting again unless it says it continues.
          if (lists.length === 0 && !continued) counts.delete(style);
          lists.push({ style, continued });
          return;
        }
        case 'text:p':
        case 'text:h': {
          depth++;
          if (depth > 1 && paragraph) return; // a text box's paragraph joins the one around it
          const style = resolve(styles, a['text:style-name']);
          const heading = name === 'text:h' ? Number(a['text:outline-level'] ?? style.outline ?? 1) : null;
          paragraph = {
            lines: [''],
            heading,
            style,
            number: null,
            inNumber: false,
            listLevel: name === 'text:h' ? (heading ?? 1) : lists.length,
            breakBefore: style.breakBefore === true,
            breakAfter: false,
            text: false,
          };
          return;
        }
        case 'text:number':
          if (paragraph) paragraph.inNumber = true;
          return;
        case 'text:s':
          append(' '.repeat(Math.min(100, Number(a['text:c'] ?? 1))));
          return;
        case 'text:tab':
          append('\t');
          return;
        case 'text:line-break':
          paragraph?.lines.push('');
          return;
        case 'text:soft-page-break':
          if (paragraph) {
            if (paragraph.text) paragraph.breakAfter = true;
            else paragraph.breakBefore = true;
          } else pieces.push({ type: 'page-break' });
          return;
        case 'table:table':
          tables.push({ cells: [], cell: null });
          return;
        case 'table:table-cell': {
          const table = tables[tables.length - 1];
          if (table) table.cell = [];
          return;
        }
      }
    },
    text(text) {
      if (skip > 0 || !inBody || !paragraph) return;
      // Outside text:s, white space in ODF text is collapsed to one space.
      append(text.replace(/[ \n\r\t]+/g, ' '));
      if (!paragraph.inNumber && text.trim() !== '') paragraph.text = true;
    },
    close(name) {
      if (skip > 0) {
        skip--;
        return;
      }
      if (name === 'office:text') inBody = false;
      if (!inBody) return;
      switch (name) {
        case 'text:list':
          lists.pop();
          return;
        case 'text:number':
          if (paragraph) paragraph.inNumber = false;
          return;
        case 'text:p':
        case 'text:h': {
          depth--;
          if (depth > 0 || !paragraph) return;
          const p = paragraph;
          paragraph = null;
          const inList = p.heading !== null || lists.length > 0;
          const label = p.number?.trim() || (inList && p.text ? listLabel(p.listLevel, p.heading !== null) : null);
          if (label) p.lines[0] = `${label}\t${p.lines[0]!.trimStart()}`;
          const table = tables[tables.length - 1];
          if (table?.cell) {
            table.cell.push(p.lines.join(' ').replace(/\t/g, ' '));
            return;
          }
          if (p.breakBefore) pieces.push({ type: 'page-break' });
          const piece: Paragraph = {
            type: 'paragraph',
            lines: p.lines,
            heading: p.heading,
            bold: p.style.bold === true,
            size: p.style.size ?? null,
            // List items are indented by level as a word processor sets them: level 1 at the margin.
            indent: p.heading === null && lists.length > 0 ? 36 * (lists.length - 1) + 18 : 0,
          };
          pieces.push(piece);
          if (p.breakAfter) pieces.push({ type: 'page-break' });
          return;
        }
        case 'table:table-cell': {
          const table = tables[tables.length - 1];
          if (table?.cell) {
            table.cells.push(table.cell.join(', '));
            table.cell = null;
          }
          return;
        }
        case 'table:table-row': {
          const table = tables[tables.length - 1];
          if (!table) return;
          if (tables.length === 1) pieces.push({ type: 'row', cells: table.cells });
          else tables[tables.length - 2]!.cell?.push(table.cells.join(' '));
          table.cells = [];
          return;
        }
        case 'table:table':
          tables.pop();
          return;
      }
    },
  });
  return { pieces, bodySize: styles.bodySize };
}
