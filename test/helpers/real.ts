/**
 * The hand labels of the real protocols in test/fixtures/real (labels.json) and
 * their scoring: date, body and agenda items (number and a lenient title match).
 * Test code only: ingest code never reads labels.
 */
import { readFileSync } from 'node:fs';

export interface RealLabel {
  file: string;
  body: string;
  meeting_date: string;
  items: { number: string; title: string }[];
}

export const realDir = new URL('../fixtures/real/', import.meta.url);
export const realLabels = (
  JSON.parse(readFileSync(new URL('labels.json', realDir), 'utf8')) as { documents: RealLabel[] }
).documents;

const fold = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[–—‒−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
const tokens = (s: string) =>
  fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** An item number compared without its sign and spacing: "39 §", "§ 39" and "39" are one. */
export const sameNumber = (a: string, b: string) =>
  a.replace(/[§\s.]/g, '').toLowerCase() === b.replace(/[§\s.]/g, '').toLowerCase();

/**
 * Titles match when one's tokens are mostly (≥ 0.8) found in the other, a token
 * matching its own prefix of five letters or more ("välfärdsområde" ~ "välfärdsområdet").
 */
export function similarTitle(got: string, want: string): boolean {
  const a = tokens(got);
  const b = tokens(want);
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  const match = (x: string, ys: string[]) =>
    ys.some((y) => x === y || (Math.min(x.length, y.length) >= 5 && (x.startsWith(y) || y.startsWith(x))));
  const recall = b.filter((t) => match(t, a)).length / b.length;
  const precision = a.filter((t) => match(t, b)).length / a.length;
  return Math.min(recall, precision) >= 0.8;
}

/** A body compared case-folded, the label's "(Organisation)" optional. */
export function sameBody(got: string | null, organisation: string | null, want: string): boolean {
  if (!got) return false;
  const w = fold(want);
  return (
    fold(got) === w ||
    fold(got) === fold(want.replace(/\s*\([^)]*\)\s*$/, '')) ||
    (organisation !== null && fold(`${got} (${organisation})`) === w)
  );
}

export interface ItemScore {
  tp: number;
  fp: number;
  fn: number;
}

/** Items matched in order-free one-to-one fashion by number and lenient title. */
export function scoreItems(
  got: readonly { number: string; title: string }[],
  want: readonly { number: string; title: string }[],
): ItemScore {
  const used = new Set<number>();
  let tp = 0;
  for (const w of want) {
    const i = got.findIndex((g, k) => !used.has(k) && sameNumber(g.number, w.number) && similarTitle(g.title, w.title));
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fp: got.length - tp, fn: want.length - tp };
}

export const f1 = (s: ItemScore) => (s.tp === 0 ? 0 : (2 * s.tp) / (2 * s.tp + s.fp + s.fn));
