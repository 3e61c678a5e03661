/**
 * The hand labels of matters (test/fixtures/seed-matters.json, real-matters.json:
 * assignments, report-backs, proposal approvals, case numbers) and how the
 * pipeline's output is scored against them. Test code only.
 *
 * Spans are compared as text a broken font may have garbled: both sides are
 * reduced to lower-case letters and digits, and compared by their character
 * trigrams. An extracted sentence matches a labelled span of the same item
 * when most of it lies inside the span (≥ 0.6 of its trigrams), or when it
 * holds most of the span (≥ 0.6) without being much longer (≤ 2.5×).
 * Matching is one-to-one. A proposal approval holds its proposal when the
 * decision record (decision and proposal text) contains every keyword,
 * allowing a third of a keyword's letters to differ (broken fonts print
 * "arretsgrruuen" for "arbetsgruppen"). A decision record matches a labelled
 * approval when it holds ≥ 0.6 of the approval's trigrams (a record may hold
 * the other points of its decision too); the closest in length wins.
 */
import { readFileSync } from 'node:fs';
import type { ItemDocument } from '../../domain/schemas.js';
import { sameNumber } from './real.js';

export interface LabelledAssignment {
  file: string;
  itemNumber: string;
  sentence: string;
  giver: string | null;
  assignee: string | null;
  task: string;
  due: string | null;
}
export interface LabelledReportBack {
  file: string;
  itemNumber: string;
  sentence: string;
  answers: { file: string; itemNumber: string } | null;
}
export interface LabelledApproval {
  file: string;
  itemNumber: string;
  decision: string;
  proposal: string;
  keywords: string[];
}
export interface MatterLabels {
  assignments: LabelledAssignment[];
  reportBacks: LabelledReportBack[];
  proposalApprovals: LabelledApproval[];
  caseNumbers: { file: string; itemNumber: string; caseNumber: string }[];
}

export const matterLabels = (name: 'seed-matters.json' | 'real-matters.json') =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as MatterLabels;

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const trigrams = (s: string) => {
  const c = compact(s);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= c.length; i++) out.add(c.slice(i, i + 3));
  return out;
};
/** The share of a's trigrams found in b. */
export function inside(a: string, b: string): number {
  const ta = trigrams(a);
  if (ta.size === 0) return 0;
  const tb = trigrams(b);
  let n = 0;
  for (const t of ta) if (tb.has(t)) n++;
  return n / ta.size;
}

/** How well an extracted span matches a labelled one (0 when it does not). */
export function spanMatch(got: string, want: string): number {
  const a = inside(got, want);
  const b = inside(want, got);
  const ratio = compact(got).length / Math.max(1, compact(want).length);
  if (a >= 0.6) return a;
  if (b >= 0.6 && ratio <= 2.5) return b;
  return 0;
}

/** Whether `keyword` occurs in `text` with at most a third of its letters wrong (approximate substring). */
export function containsApprox(text: string, keyword: string): boolean {
  const t = compact(text);
  const k = compact(keyword);
  if (!k) return true;
  const max = Math.floor(k.length / 3);
  // Sellers' algorithm: edit distance of k against any substring of t.
  let prev = new Array<number>(k.length + 1).fill(0).map((_, i) => i);
  if (prev[k.length]! <= max) return true;
  for (let j = 1; j <= t.length; j++) {
    const cur = [0];
    for (let i = 1; i <= k.length; i++)
      cur[i] = Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (k[i - 1] === t[j - 1] ? 0 : 1));
    if (cur[k.length]! <= max) return true;
    prev = cur;
  }
  return false;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export const precision = (c: Counts) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Counts) => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));
export const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });

/** One-to-one matching of extracted spans to labelled spans within the same item. */
export function matchSpans<G, W>(
  got: readonly G[],
  want: readonly W[],
  key: { got: (g: G) => [string, string]; want: (w: W) => [string, string] },
  score: (got: string, want: string) => number = spanMatch,
): { counts: Counts; pairs: [G, W][]; missed: W[]; extra: G[] } {
  const candidates: { g: number; w: number; score: number }[] = [];
  got.forEach((g, gi) => {
    const [gItem, gText] = key.got(g);
    want.forEach((w, wi) => {
      const [wItem, wText] = key.want(w);
      if (!sameNumber(gItem, wItem)) return;
      const s = score(gText, wText);
      if (s > 0) candidates.push({ g: gi, w: wi, score: s });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const usedG = new Set<number>();
  const usedW = new Set<number>();
  const pairs: [G, W][] = [];
  for (const c of candidates) {
    if (usedG.has(c.g) || usedW.has(c.w)) continue;
    usedG.add(c.g);
    usedW.add(c.w);
    pairs.push([got[c.g]!, want[c.w]!]);
  }
  return {
    counts: { tp: pairs.length, fp: got.length - pairs.length, fn: want.length - pairs.length },
    pairs,
    missed: want.filter((_, i) => !usedW.has(i)),
    extra: got.filter((_, i) => !usedG.has(i)),
  };
}

export interface FileScore {
  file: string;
  assignments: Counts;
  reportBacks: Counts;
  links: Counts;
  approvals: Counts;
  caseNumbers: Counts;
  missed: string[];
  extra: string[];
}

/** Scores one file's item documents against the labels of that file. */
export function scoreFile(file: string, items: readonly ItemDocument[], labels: MatterLabels): FileScore {
  const of = <T extends { file: string }>(xs: readonly T[]) => xs.filter((x) => x.file === file);
  const missed: string[] = [];
  const extra: string[] = [];

  const gotAssignments = items.flatMap((i) => (i.assignments ?? []).map((a) => ({ item: i.itemNumber, a })));
  const a = matchSpans(gotAssignments, of(labels.assignments), {
    got: (g) => [g.item, g.a.sentence],
    want: (w) => [w.itemNumber, w.sentence],
  });
  for (const m of a.missed) missed.push(`assignment § ${m.itemNumber}: ${m.sentence.slice(0, 90)}`);
  for (const x of a.extra) extra.push(`assignment § ${x.item}: ${x.a.sentence.slice(0, 90)}`);

  const gotReports = items.flatMap((i) => (i.reportBacks ?? []).map((r) => ({ item: i.itemNumber, r })));
  const r = matchSpans(gotReports, of(labels.reportBacks), {
    got: (g) => [g.item, g.r.sentence],
    want: (w) => [w.itemNumber, w.sentence],
  });
  for (const m of r.missed) missed.push(`report-back § ${m.itemNumber}: ${m.sentence.slice(0, 90)}`);
  for (const x of r.extra) extra.push(`report-back § ${x.item}: ${x.r.sentence.slice(0, 90)}`);
  // Links: each labelled report-back that answers an assignment in this set is found and linked to that item's assignment.
  const links: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const w of of(labels.reportBacks).filter((x) => x.answers)) {
    const pair = r.pairs.find(([, ww]) => ww === w);
    const linked = pair && pair[0].r.answersInItem !== null && sameNumber(pair[0].item, w.answers!.itemNumber);
    if (linked) links.tp++;
    else links.fn++;
  }
  for (const [g, w] of r.pairs) if (g.r.answersInItem !== null && !w.answers) links.fp++;

  // Proposal approvals: the decision found (by its text) and its record holding every keyword.
  const gotApprovals = items.flatMap((i) =>
    i.decisions.filter((d) => d.proposal).map((d) => ({ item: i.itemNumber, d })),
  );
  // A decision record may hold more than the approval (the other points of its decision): it matches when it holds the approval.
  const p = matchSpans(
    gotApprovals,
    of(labels.proposalApprovals),
    {
      got: (g) => [g.item, g.d.text],
      want: (w) => [w.itemNumber, w.decision],
    },
    // Among records that hold it, the one closest in length ("Enligt förslag." is not the record of a longer approval).
    (got, want) =>
      inside(want, got) >= 0.6
        ? inside(want, got) * (0.5 + 0.5 * Math.min(1, compact(want).length / Math.max(1, compact(got).length)))
        : 0,
  );
  const approvals: Counts = { tp: 0, fp: p.extra.length, fn: p.missed.length };
  for (const [g, w] of p.pairs) {
    const record = `${g.d.text} ${g.d.proposal?.text ?? ''}`;
    const lacking = w.keywords.filter((k) => !containsApprox(record, k));
    if (lacking.length === 0) approvals.tp++;
    else {
      approvals.fn++;
      approvals.fp++;
      missed.push(`approval § ${w.itemNumber} "${g.d.text.slice(0, 40)}" lacks ${lacking.join(', ')}`);
    }
  }
  for (const m of p.missed) missed.push(`approval § ${m.itemNumber}: ${m.decision}`);
  for (const x of p.extra) extra.push(`approval § ${x.item}: ${x.d.text.slice(0, 80)}`);

  // Case numbers: (item, key) pairs; the labels' written forms keyed the same way.
  const keyOf = (s: string) => s.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '-');
  const norm = (s: string) =>
    keyOf(s)
      .split('-')
      .map((x) => (/^\d+$/.test(x) ? String(Number(x)) : x))
      .join('-');
  const gotCases = new Set(
    items.flatMap((i) => (i.caseNumbers ?? []).map((c) => `${i.itemNumber.replace(/\D/g, '')}|${norm(c)}`)),
  );
  const wantCases = new Set(
    of(labels.caseNumbers).map((c) => `${c.itemNumber.replace(/\D/g, '')}|${norm(c.caseNumber)}`),
  );
  const caseNumbers: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const g of gotCases)
    if (wantCases.has(g)) caseNumbers.tp++;
    else {
      caseNumbers.fp++;
      extra.push(`case number ${g}`);
    }
  for (const w of wantCases)
    if (!gotCases.has(w)) {
      caseNumbers.fn++;
      missed.push(`case number ${w}`);
    }
  return { file, assignments: a.counts, reportBacks: r.counts, links, approvals, caseNumbers, missed, extra };
}

const pr = (c: Counts) => `${precision(c).toFixed(2)} ${recall(c).toFixed(2)}`;

/** The table the test prints: per file and in total, P and R per category. */
export function scoreTable(rows: readonly FileScore[]): string {
  const head =
    'file                                                      assignments  report-backs links  approvals   case numbers\n' +
    '                                                          P    R       P    R       R      P    R      P    R';
  const line = (name: string, s: Omit<FileScore, 'file' | 'missed' | 'extra'>) =>
    `${name.padEnd(57)} ${pr(s.assignments)}   ${pr(s.reportBacks)}   ${recall(s.links).toFixed(2)}   ${pr(s.approvals)}  ${pr(s.caseNumbers)}`;
  const zero = { tp: 0, fp: 0, fn: 0 };
  const total = rows.reduce(
    (t, r) => ({
      assignments: add(t.assignments, r.assignments),
      reportBacks: add(t.reportBacks, r.reportBacks),
      links: add(t.links, r.links),
      approvals: add(t.approvals, r.approvals),
      caseNumbers: add(t.caseNumbers, r.caseNumbers),
    }),
    { assignments: zero, reportBacks: zero, links: zero, approvals: zero, caseNumbers: zero },
  );
  return [head, ...rows.map((r) => line(r.file, r)), line('all', total)].join('\n');
}
