/**
 * The taxonomy of topics (ämnen): its schema and the repository's initial
 * version (taxonomy.json, data, validated when it loads). The taxonomy in use
 * is versioned in the store (domain/store/taxonomy-store.ts): analysts edit it
 * through the API, and this file only seeds it. The tagger (domain/tagging.ts)
 * matches its terms; the API lists its topics.
 *
 * Messages are Swedish: an analyst's PUT that breaks the schema is answered with
 * them, naming the topic and the field (`describeTaxonomyIssue`).
 */
import { z } from 'zod';
import { loadDataFile } from './data-files.js';

const phrase = z.string().trim().min(1, 'en tom term');
const phrases = z.array(phrase);

export const TopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'id får bara innehålla små bokstäver a–z, siffror och "-"'),
  label: z.string().trim().min(1, 'ett ämne behöver en etikett'),
  description: z.string(),
  /** Specific terms: one mention in the text is evidence enough. */
  terms: phrases.min(1, 'ett ämne behöver minst en term'),
  /** Everyday words with other uses ("ungdomar", "digitala"): count only when repeated, or in the title or a decision. */
  weakTerms: phrases.default([]),
  /**
   * Words that name the topic's people only when used as a noun ("de äldre", "äldre och
   * unga", "äldre personer"), never as an adjective before another word ("äldre
   * handlingar") or a comparative ("äldre än"); weak evidence like weakTerms.
   */
  nounTerms: phrases.default([]),
  /** Matched as written (upper-case), e.g. SIP, BUP; weak evidence like weakTerms. */
  abbreviations: phrases,
  /** Phrases whose matches do not count ("digitalt möte", "utvecklingsledare nära vård"). */
  exclusions: phrases,
  titleWeight: z.number().positive('titleWeight måste vara större än 0').optional(),
  threshold: z.number().positive('threshold måste vara större än 0').optional(),
});

const WeightsSchema = z.object({
  /** A mention in the item's title weighs this much... */
  titleWeight: z.number().positive('titleWeight måste vara större än 0'),
  /** ...in a decision this much (on top of the text, which holds the decision)... */
  decisionWeight: z.number().nonnegative('decisionWeight får inte vara negativ').default(1),
  /** ...and a weak term or an abbreviation this share of a term. */
  weakWeight: z.number().positive('weakWeight måste vara större än 0').max(1, 'weakWeight får vara högst 1').default(1),
  /**
   * Weak evidence is diluted in long items: past this many words a weak mention counts
   * sqrt(longItemWords / words) of itself (everyday words recur by chance in long texts).
   */
  longItemWords: z.number().positive('longItemWords måste vara större än 0').default(400),
  /** An item is tagged when its score reaches this. */
  threshold: z.number().positive('threshold måste vara större än 0'),
});

const NamesSchema = z.object({
  /** A compound ending in one of these words, or one standing right before a term, is a name or a title. */
  heads: phrases.default([]),
  /** Of those, bodies and roles whose "X för <term>" is a name too ("Rådet för psykisk hälsa"). */
  bodies: phrases.default([]),
  /** Words for people: a noun term may stand before them ("äldre personer", "unga vuxna"). */
  people: phrases.default([]),
  /**
   * Heads too general to say what a compound is about ("satsning", "arbete", "plan"): a compound ending in one
   * is about its first part, so a weak term counts there too ("Psykiatrisatsningen", "pandemiarbetet").
   */
  general: phrases.default([]),
});

export const TaxonomySchema = z
  .object({
    about: z.string(),
    defaults: WeightsSchema,
    names: NamesSchema.default({ heads: [], bodies: [], people: [], general: [] }),
    topics: z.array(TopicSchema).min(1, 'taxonomin behöver minst ett ämne'),
  })
  .superRefine((t, ctx) => {
    const ids = new Set<string>();
    const labels = new Set<string>();
    t.topics.forEach((topic, i) => {
      if (ids.has(topic.id))
        ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `id "${topic.id}" finns redan` });
      ids.add(topic.id);
      const label = topic.label.toLowerCase();
      if (labels.has(label))
        ctx.addIssue({
          code: 'custom',
          path: ['topics', i, 'label'],
          message: `etiketten "${topic.label}" finns redan`,
        });
      labels.add(label);
    });
  });

export type Topic = z.infer<typeof TopicSchema>;
export type Taxonomy = z.infer<typeof TaxonomySchema>;
/** A taxonomy as written (optional fields may be missing): what the file and a PUT hold. */
export type TaxonomyInput = z.input<typeof TaxonomySchema>;

/** The repository's taxonomy: the initial version of the store's history. */
export const fileTaxonomy: Taxonomy = loadDataFile('taxonomy', TaxonomySchema);

/**
 * A schema issue in words an analyst can act on, naming the topic and the field:
 * `Ämne 6 ("äldre"), fältet "terms": ett ämne behöver minst en term`.
 */
export function describeTaxonomyIssue(input: unknown, issue: z.core.$ZodIssue): string {
  const [first, index, field, ...rest] = issue.path;
  if (first === 'topics' && typeof index === 'number') {
    const topics = (input as { topics?: unknown } | null)?.topics;
    const topic = Array.isArray(topics) ? (topics[index] as { label?: unknown; id?: unknown } | undefined) : undefined;
    const name = typeof topic?.label === 'string' ? topic.label : typeof topic?.id === 'string' ? topic.id : null;
    const where = `Ämne ${index + 1}${name ? ` ("${name}")` : ''}`;
    if (field === undefined) return `${where}: ${issue.message}`;
    const entry = rest.length ? `, post ${Number(rest[0]) + 1}` : '';
    return `${where}, fältet "${String(field)}"${entry}: ${issue.message}`;
  }
  return issue.path.length ? `Fältet "${issue.path.join('.')}": ${issue.message}` : issue.message;
}

/** The topics of a taxonomy, for the API's /api/topics and the trends. */
export function topicsOf(t: Taxonomy): { id: string; label: string; description: string }[] {
  return t.topics.map((topic) => ({ id: topic.id, label: topic.label, description: topic.description }));
}

let active: Taxonomy = fileTaxonomy;
/**
 * The taxonomy in use in this process: the file's until the store says otherwise
 * (`setActiveTaxonomy`, called when the store's active version is read or changed).
 */
export const activeTaxonomy = (): Taxonomy => active;
export function setActiveTaxonomy(t: Taxonomy): void {
  active = t;
}

/** The active taxonomy's topics, for the API's /api/topics and the trends. */
export function listTopics(): { id: string; label: string; description: string }[] {
  return topicsOf(active);
}
