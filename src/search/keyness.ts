/**
 * Keyness, "Vad är nytt": the words and topics that stand out in a target
 * (a period, a body, or both) against a reference (other years, other bodies),
 * ranked by log-likelihood G² (Dunning 1993, as Korp ranks its comparisons)
 * with the log ratio as effect size (Hardie 2014), both raw counts and both
 * totals shown, a minimum frequency, and the words the reference never has
 * marked as new.
 *
 * Meilisearch has no term-frequency aggregation, so each agenda item carries
 * its content words as written with their counts (`termCounts`, written at
 * ingest: domain/swedish/term-counts.ts), and the API holds them packed in
 * memory, kept in step with the index protocol by protocol (term-index.ts).
 * A question is one tiny query (has the corpus changed since?) and a pass
 * over the held items with the sides' filters; the answer
 * is cached per corpus version with every other answer. Names of the people present or presenting
 * (attendance lists, föredragande) are left out where they are written with a
 * capital: they are new at every meeting and say nothing about the matters.
 */
import { AppError } from '../../domain/errors.js';
import { listTopics } from '../../domain/taxonomy.js';
import type { SearchContext } from './context.js';
import { SWEDISH_FUNCTION_WORDS } from '../../domain/swedish/analyse.js';
import { type ItemFilters, itemMatcher } from './filters.js';
import { type SideSums, type TermIndex, termIndexOf } from './term-index.js';

/** A span of years, inclusive. */
export interface Period {
  from: number;
  to: number;
}

export type KeynessUnit = 'words' | 'items';

export interface KeynessRequest {
  /** The target's years; required unless `body` is given. */
  period?: Period | undefined;
  /** The reference's years; default: every other year (or, with `body`, the target's years). */
  reference?: Period | undefined;
  /** The target's bodies; the reference is then the other bodies. */
  body?: readonly string[] | undefined;
  /** Filters both sides share. */
  type?: readonly string[] | undefined;
  topics?: readonly string[] | undefined;
  topicsMode?: 'any' | 'all' | undefined;
  municipality?: readonly string[] | undefined;
  present?: readonly string[] | undefined;
  hasDecision?: boolean | undefined;
  /**
   * What a term's count counts: `words`, its occurrences (token frequency, as Korp), or `items`, the
   * agenda items it occurs in (text dispersion: a word repeated in one long item does not outrank
   * one that runs through the period's matters).
   */
  unit: KeynessUnit;
  /** A term must count at least this in the target (in the unit). */
  minCount: number;
  /** A term's G² must reach this (3.84: p < 0.05; 6.63: p < 0.01; 10.83: p < 0.001). */
  minG2: number;
  /** Terms answered at most. */
  limit: number;
}

export interface KeynessSide {
  /** In Swedish: "2020", "2021–2024", "övriga år", "Chefsgruppen 2024", "övriga organ". */
  label: string;
  period: Period | null;
  bodies: string[] | null;
  /** `body` read as "every body but these". */
  otherBodies: boolean;
  items: number;
  protocols: number;
  /** Content words (stop words, numbers and names left out): the terms' denominator. */
  tokens: number;
}

export interface KeyTerm {
  /** As written: the most common form of the stem (a lower-case form before a capitalised one). */
  term: string;
  /** The folded stem the forms were counted under. */
  stem: string;
  /** In the unit: occurrences, or items it occurs in. */
  countTarget: number;
  countReference: number;
  /** In the unit: content words, or items, on each side. */
  totalTarget: number;
  totalReference: number;
  /** Occurrences on each side (whatever the unit). */
  wordsTarget: number;
  wordsReference: number;
  /** Items it occurs in on each side (whatever the unit). */
  itemsTarget: number;
  itemsReference: number;
  /** Log-likelihood G² (1 degree of freedom). */
  g2: number;
  /** log2 of the ratio of relative frequencies (a zero count read as 0.5): +1 is twice as frequent. */
  logRatio: number;
  /** Never in the reference. */
  new: boolean;
  /** Query string for /api/search listing the target's items with the word. */
  searchParams: string;
}

export interface KeyTopic {
  topic: string;
  /** Items tagged with the topic on each side. */
  countTarget: number;
  countReference: number;
  /** Items on each side. */
  totalTarget: number;
  totalReference: number;
  g2: number;
  logRatio: number;
  new: boolean;
  searchParams: string;
}

export interface Keyness {
  target: KeynessSide;
  reference: KeynessSide;
  unit: KeynessUnit;
  minCount: number;
  minG2: number;
  /** Over-represented in the target, by G² (highest first). */
  terms: KeyTerm[];
  /** Every topic, by G² (over-represented first, then the others by G²). */
  topics: KeyTopic[];
  /** Distinct stems counted on both sides, before the thresholds. */
  vocabulary: number;
}

/** Log-likelihood G² of a 2×2 table: `a` of `c` against `b` of `d` (Dunning 1993; Rayson & Garside 2000). */
export function g2(a: number, b: number, c: number, d: number): number {
  if (c <= 0 || d <= 0 || a + b === 0) return 0;
  const e1 = (c * (a + b)) / (c + d);
  const e2 = (d * (a + b)) / (c + d);
  const part = (o: number, e: number) => (o > 0 ? o * Math.log(o / e) : 0);
  return 2 * (part(a, e1) + part(b, e2));
}

/** log2 of (a/c)/(b/d), a zero count read as 0.5 (Hardie 2014): the effect size beside G². */
export function logRatio(a: number, b: number, c: number, d: number): number {
  if (c <= 0 || d <= 0 || a + b === 0) return 0;
  return Math.log2((a || 0.5) / c / ((b || 0.5) / d));
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

interface SideSpec {
  side: Omit<KeynessSide, 'items' | 'protocols' | 'tokens'>;
  filters: ItemFilters;
  /** Filters for the click-through search of the target. */
  search: URLSearchParams;
}

const periodLabel = (p: Period) => (p.from === p.to ? String(p.from) : `${p.from}–${p.to}`);

/** Step 1: the two sides as filters (a 400 when neither a period nor a body says what the target is). */
function planSides(req: KeynessRequest): { target: SideSpec; reference: SideSpec } {
  if (!req.period && !req.body?.length)
    throw new AppError(
      'invalid-parameter',
      'Ange vad som ska jämföras: period= (t.ex. period=2024&reference=2021-2023) eller body= (ett organ mot de övriga).',
      { param: 'period' },
    );
  const shared: ItemFilters = {
    type: req.type,
    // A kallelse or föredragningslista repeats its meeting's items: beside the minutes, a meeting's
    // words would count twice. A type asked for by name is counted as asked.
    agendas: req.type?.length ? undefined : false,
    topics: req.topics,
    topicsMode: req.topicsMode,
    municipality: req.municipality,
    present: req.present,
    hasDecision: req.hasDecision,
  };
  const years = (p: Period | undefined): ItemFilters => (p ? { yearFrom: p.from, yearTo: p.to } : {});
  const bodies = req.body?.length ? [...req.body] : null;
  const targetPeriod = req.period ?? null;
  // With a body, the other bodies over the same years unless told otherwise; without, the other years.
  const referencePeriod = req.reference ?? (bodies ? targetPeriod : null);
  const search = new URLSearchParams();
  for (const b of bodies ?? []) search.append('body', b);
  if (targetPeriod) {
    search.set('yearFrom', String(targetPeriod.from));
    search.set('yearTo', String(targetPeriod.to));
  }
  for (const [key, values] of [
    ['type', req.type],
    ['topics', req.topics],
    ['municipality', req.municipality],
    ['present', req.present],
  ] as const)
    for (const v of values ?? []) search.append(key, v);
  if (req.topics?.length && req.topicsMode === 'all') search.set('topicsMode', 'all');
  if (req.hasDecision !== undefined) search.set('hasDecision', String(req.hasDecision));

  const target: SideSpec = {
    side: {
      label: [bodies?.join(', '), targetPeriod ? periodLabel(targetPeriod) : null].filter(Boolean).join(' '),
      period: targetPeriod,
      bodies,
      otherBodies: false,
    },
    filters: { ...shared, body: bodies ?? undefined, ...years(targetPeriod ?? undefined) },
    search,
  };
  const reference: SideSpec = {
    side: {
      label: bodies
        ? `övriga organ${referencePeriod ? ` ${periodLabel(referencePeriod)}` : ''}`
        : referencePeriod
          ? periodLabel(referencePeriod)
          : 'övriga år',
      period: referencePeriod,
      bodies,
      otherBodies: !!bodies,
    },
    filters: {
      ...shared,
      ...(bodies ? { otherThanBody: bodies } : {}),
      ...(referencePeriod
        ? years(referencePeriod)
        : targetPeriod
          ? { outsideYears: { from: targetPeriod.from, to: targetPeriod.to } }
          : {}),
    },
    search: new URLSearchParams(),
  };
  return { target, reference };
}

/** The form a stem is shown as: the commonest spelling group (any case), lower-case where it is ever written so. */
function formOf(index: TermIndex, forms: readonly number[], a: SideSums, b: SideSums): string {
  const groups = new Map<string, { n: number; variants: [string, number][] }>();
  for (const f of forms) {
    const n = (a.formCount[f] ?? 0) + (b.formCount[f] ?? 0);
    if (!n) continue;
    const form = index.forms[f]!;
    const key = form.toLowerCase();
    const g = groups.get(key) ?? { n: 0, variants: [] };
    g.n += n;
    g.variants.push([form, n]);
    groups.set(key, g);
  }
  let best: [string, { n: number; variants: [string, number][] }] | null = null;
  for (const entry of groups) if (!best || entry[1].n > best[1].n) best = entry;
  if (!best) return '';
  const [lower, group] = best;
  if (group.variants.some(([v]) => v === lower)) return lower;
  return group.variants.sort((x, y) => y[1] - x[1])[0]![0];
}

/** Function words are counted (the totals stay as they were) but never ranked. */
const FUNCTION_WORDS = new Set(SWEDISH_FUNCTION_WORDS);

export async function computeKeyness(ctx: SearchContext, req: KeynessRequest): Promise<Keyness> {
  const { target, reference } = planSides(req);
  // The counts held in this process, brought in step with the index (only new or changed protocols are read).
  const index = termIndexOf(ctx);
  await index.sync(ctx);
  const [t, r] = index.sum([itemMatcher(target.filters), itemMatcher(reference.filters)]) as [SideSums, SideSums];
  const items = [t.itemCount, r.itemCount];

  const terms: KeyTerm[] = [];
  const byItems = req.unit === 'items';
  const [c, d] = byItems ? [t.itemCount, r.itemCount] : [t.tokens, r.tokens];
  const formsByStem = index.formsByStem();
  for (let stem = 0; stem < t.count.length; stem++) {
    const a = byItems ? t.items[stem]! : t.count[stem]!;
    if (a < req.minCount || a === 0) continue;
    const b = (byItems ? r.items[stem] : r.count[stem]) ?? 0;
    const ratio = logRatio(a, b, c, d);
    const score = g2(a, b, c, d);
    if (ratio <= 0 || score < req.minG2) continue;
    const term = formOf(index, formsByStem.get(stem) ?? [], t, r);
    // "även", "per", "båda" stand out in any long text: no word for an analyst.
    if (FUNCTION_WORDS.has(term.toLowerCase())) continue;
    const search = new URLSearchParams(target.search);
    search.set('q', term);
    terms.push({
      term,
      stem: index.stems[stem]!,
      countTarget: a,
      countReference: b,
      totalTarget: c,
      totalReference: d,
      wordsTarget: t.count[stem]!,
      wordsReference: r.count[stem] ?? 0,
      itemsTarget: t.items[stem]!,
      itemsReference: r.items[stem] ?? 0,
      g2: round(score, 2),
      logRatio: round(ratio, 2),
      new: b === 0,
      searchParams: search.toString(),
    });
  }
  terms.sort((x, y) => y.g2 - x.g2 || y.logRatio - x.logRatio || x.term.localeCompare(y.term, 'sv'));

  const topics: KeyTopic[] = listTopics().map(({ label }) => {
    const a = t.topics.get(label) ?? 0;
    const b = r.topics.get(label) ?? 0;
    const search = new URLSearchParams(target.search);
    search.append('topics', label);
    return {
      topic: label,
      countTarget: a,
      countReference: b,
      totalTarget: items[0]!,
      totalReference: items[1]!,
      g2: round(g2(a, b, items[0]!, items[1]!), 2),
      logRatio: round(logRatio(a, b, items[0]!, items[1]!), 2),
      new: a > 0 && b === 0,
      searchParams: search.toString(),
    };
  });
  topics.sort((x, y) => Number(y.logRatio > 0) - Number(x.logRatio > 0) || y.g2 - x.g2);

  let vocabulary = 0;
  for (let stem = 0; stem < t.count.length; stem++) if (t.count[stem]! > 0 || (r.count[stem] ?? 0) > 0) vocabulary++;
  return {
    target: { ...target.side, items: t.itemCount, protocols: t.protocols, tokens: t.tokens },
    reference: { ...reference.side, items: r.itemCount, protocols: r.protocols, tokens: r.tokens },
    unit: req.unit,
    minCount: req.minCount,
    minG2: req.minG2,
    terms: terms.slice(0, req.limit),
    topics,
    vocabulary,
  };
}

/**
 * Reads every item's word counts into the term index now (at start, after the start-up ingest), so
 * the first analyst's question does not pay for it: 2.8 s at 1,000 generated protocols, about a
 * minute at 10,000 on a loaded machine.
 */
export async function warmKeyness(ctx: SearchContext): Promise<{ items: number; seconds: number }> {
  const started = performance.now();
  const index = termIndexOf(ctx);
  await index.sync(ctx);
  return { items: index.itemCount, seconds: (performance.now() - started) / 1000 };
}
