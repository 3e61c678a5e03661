/**
 * The taxonomy of topics (ämnen): data in taxonomy.json, validated when it
 * loads. The tagger stage matches its terms; the API lists its topics.
 */
import { z } from 'zod';
import { loadDataFile } from './data-files.js';

const phrase = z.string().trim().min(1, 'an empty phrase');

const TopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and "-"'),
  label: z.string().min(1),
  description: z.string(),
  terms: z.array(phrase).min(1, 'a topic needs at least one term'),
  abbreviations: z.array(phrase),
  exclusions: z.array(phrase),
  titleWeight: z.number().positive().optional(),
  threshold: z.number().positive().optional(),
});

const TaxonomySchema = z
  .object({
    about: z.string(),
    defaults: z.object({ titleWeight: z.number().positive(), threshold: z.number().positive() }),
    topics: z.array(TopicSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.topics.forEach((topic, i) => {
      if (seen.has(topic.id))
        ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `duplicate topic id "${topic.id}"` });
      seen.add(topic.id);
    });
  });

export type Topic = z.infer<typeof TopicSchema>;
export type Taxonomy = z.infer<typeof TaxonomySchema>;

export const taxonomy: Taxonomy = loadDataFile('taxonomy', TaxonomySchema);

/** The taxonomy's topics, for the API's /api/topics and the trends. */
export function listTopics(): { id: string; label: string; description: string }[] {
  return taxonomy.topics.map((t) => ({ id: t.id, label: t.label, description: t.description }));
}
