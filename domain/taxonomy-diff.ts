/**
 * What changed between two versions of the taxonomy: topics added and removed,
 * and per topic the entries added to or removed from each list (terms, weak
 * terms, abbreviations, exclusions …) and the fields changed (label, weights).
 * Pure (no IO), so the history, the dry run and the re-tagging share it, and it
 * tells the re-tagging which topics can have changed at all.
 */
import type { Taxonomy, Topic } from './taxonomy.js';

/** One field's change: entries added/removed (lists), or a value from → to. */
export interface FieldChange {
  field: string;
  added?: string[];
  removed?: string[];
  from?: string | number | null;
  to?: string | number | null;
}

export interface TaxonomyDiff {
  addedTopics: { id: string; label: string }[];
  removedTopics: { id: string; label: string }[];
  changedTopics: { id: string; label: string; changes: FieldChange[] }[];
  /** Changes outside the topics: the weights and the name words (they concern every topic). */
  settings: FieldChange[];
}

const LISTS = ['terms', 'weakTerms', 'nounTerms', 'abbreviations', 'exclusions'] as const;
const VALUES = ['label', 'description', 'titleWeight', 'threshold'] as const;

function listChange(field: string, before: readonly string[], after: readonly string[]): FieldChange | null {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((x) => !b.has(x));
  const removed = before.filter((x) => !a.has(x));
  if (added.length === 0 && removed.length === 0) return null;
  return { field, ...(added.length ? { added } : {}), ...(removed.length ? { removed } : {}) };
}

function topicChanges(before: Topic, after: Topic): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of VALUES) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (from !== to) out.push({ field, from, to });
  }
  for (const field of LISTS) {
    const c = listChange(field, before[field], after[field]);
    if (c) out.push(c);
  }
  return out;
}

/** The changes from `before` to `after` (before null: everything in `after` is new). */
export function diffTaxonomies(before: Taxonomy | null, after: Taxonomy): TaxonomyDiff {
  const old = new Map((before?.topics ?? []).map((t) => [t.id, t]));
  const now = new Map(after.topics.map((t) => [t.id, t]));
  const diff: TaxonomyDiff = { addedTopics: [], removedTopics: [], changedTopics: [], settings: [] };
  for (const t of after.topics) {
    const was = old.get(t.id);
    if (!was) diff.addedTopics.push({ id: t.id, label: t.label });
    else {
      const changes = topicChanges(was, t);
      if (changes.length) diff.changedTopics.push({ id: t.id, label: t.label, changes });
    }
  }
  for (const t of before?.topics ?? []) if (!now.has(t.id)) diff.removedTopics.push({ id: t.id, label: t.label });
  if (before) {
    for (const key of Object.keys(after.defaults) as (keyof Taxonomy['defaults'])[])
      if (before.defaults[key] !== after.defaults[key])
        diff.settings.push({ field: `defaults.${key}`, from: before.defaults[key], to: after.defaults[key] });
    for (const key of Object.keys(after.names) as (keyof Taxonomy['names'])[]) {
      const c = listChange(`names.${key}`, before.names[key], after.names[key]);
      if (c) diff.settings.push(c);
    }
  }
  return diff;
}

export const isEmptyDiff = (d: TaxonomyDiff) =>
  d.addedTopics.length + d.removedTopics.length + d.changedTopics.length + d.settings.length === 0;

/**
 * The topics whose tags the change can alter, by id: added, removed and changed
 * topics (a new description alone changes no tag), or every topic when the
 * weights or name words changed (`all`).
 */
export function affectedTopics(d: TaxonomyDiff): { all: boolean; ids: Set<string> } {
  const tagging = (c: FieldChange) => c.field !== 'description';
  const ids = new Set<string>([
    ...d.addedTopics.map((t) => t.id),
    ...d.removedTopics.map((t) => t.id),
    ...d.changedTopics.filter((t) => t.changes.some(tagging)).map((t) => t.id),
  ]);
  return { all: d.settings.some((c) => c.field !== 'about'), ids };
}

/** What re-tagging must look at for one topic. */
export interface TopicRetag {
  /** The items holding the topic (they can lose it, or a renamed label must be rewritten). */
  holders: boolean;
  /** Entries whose words an item must contain to change: added or removed terms and exclusions. */
  probes: string[];
}

/**
 * What re-tagging must look at after a change, per affected topic. An item's tags
 * change only where a term or exclusion that was added or removed can match, so
 * the items containing those entries' words are enough; a changed threshold or
 * title weight can move any item with any of the topic's words (and its
 * holders), a renamed or removed topic changes its holders, a new topic the items
 * with its words. `all`: the weights or name words changed, every item is tagged again.
 */
export function retagPlan(before: Taxonomy, after: Taxonomy): { all: boolean; topics: Map<string, TopicRetag> } {
  const d = diffTaxonomies(before, after);
  const { all } = affectedTopics(d);
  const now = new Map(after.topics.map((t) => [t.id, t]));
  const entries = (t: Topic) => [...t.terms, ...t.weakTerms, ...t.nounTerms, ...t.abbreviations];
  const topics = new Map<string, TopicRetag>();
  for (const t of d.addedTopics) topics.set(t.id, { holders: false, probes: entries(now.get(t.id)!) });
  for (const t of d.removedTopics) topics.set(t.id, { holders: true, probes: [] });
  for (const t of d.changedTopics) {
    const changes = t.changes.filter((c) => c.field !== 'description');
    if (changes.length === 0) continue;
    const widens = changes.some((c) => c.field === 'threshold' || c.field === 'titleWeight');
    const renamed = changes.some((c) => c.field === 'label');
    const listed = changes.flatMap((c) => [...(c.added ?? []), ...(c.removed ?? [])]);
    topics.set(t.id, {
      holders: widens || renamed,
      probes: widens ? [...entries(now.get(t.id)!), ...listed] : listed,
    });
  }
  return { all, topics };
}

const FIELD_NAMES: Record<string, string> = {
  terms: 'term',
  weakTerms: 'stödord',
  nounTerms: 'substantivord',
  abbreviations: 'förkortning',
  exclusions: 'undantag',
  label: 'etikett',
  description: 'beskrivning',
  titleWeight: 'rubrikvikt',
  threshold: 'tröskel',
};

/** The change in Swedish, one line per topic or setting: `äldre: +term "hemtjänst", −stödord "äldre"`. */
export function describeDiff(d: TaxonomyDiff): string[] {
  const change = (c: FieldChange) => {
    const name = FIELD_NAMES[c.field] ?? c.field;
    if (c.added || c.removed)
      return [
        ...(c.added ?? []).map((x) => `+${name} "${x}"`),
        ...(c.removed ?? []).map((x) => `−${name} "${x}"`),
      ].join(', ');
    return `${name} ${c.from ?? '–'} → ${c.to ?? '–'}`;
  };
  return [
    ...d.addedTopics.map((t) => `Nytt ämne: ${t.label}`),
    ...d.removedTopics.map((t) => `Borttaget ämne: ${t.label}`),
    ...d.changedTopics.map((t) => `${t.label}: ${t.changes.map(change).join(', ')}`),
    ...d.settings.map((c) => `Inställning ${change(c)}`),
  ];
}
