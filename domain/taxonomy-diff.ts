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
