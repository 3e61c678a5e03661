/**
 * Annotations on trends: dated events (a law coming into force, an agreement
 * signed, the pandemic) that analysts draw on the trend charts so a jump is
 * read with its cause. Stored in Meilisearch beside the corpus
 * (`<prefix>-annotations`), edited by admins through the API.
 */
import { z } from 'zod';

const isoDate = z.iso.date({ error: 'ska vara ett datum som 2020-03-11' });

/** What an admin sends to add or replace an annotation. */
export const AnnotationInput = z
  .object({
    /** The event's (first) day, ISO. */
    date: isoDate,
    /** The last day of an event that lasts (a period), ISO; absent or null for a day. */
    end: isoDate.nullable().optional(),
    label: z.string({ error: 'ska vara en text' }).trim().min(1, 'får inte vara tom').max(120, 'högst 120 tecken'),
    description: z.string({ error: 'ska vara en text' }).trim().max(2000, 'högst 2000 tecken').default(''),
    /** Topic labels the event concerns; none: every topic. */
    topics: z
      .array(z.string().trim().min(1, 'ett ämne får inte vara tomt').max(100, 'högst 100 tecken'), {
        error: 'ska vara en lista av ämnen',
      })
      .max(20, 'högst 20 ämnen')
      .default([]),
    /** Bodies (organ) the event concerns; none: every body. */
    bodies: z
      .array(z.string().trim().min(1, 'ett organ får inte vara tomt').max(200, 'högst 200 tecken'), {
        error: 'ska vara en lista av organ',
      })
      .max(20, 'högst 20 organ')
      .default([]),
  })
  .strict()
  .refine((a) => !a.end || a.end >= a.date, { message: 'får inte vara före date', path: ['end'] });
export type AnnotationInput = z.output<typeof AnnotationInput>;

/** A stored annotation. */
export interface Annotation {
  id: string;
  date: string;
  end: string | null;
  label: string;
  description: string;
  topics: string[];
  bodies: string[];
  /** ISO timestamps (UTC). */
  createdAt: string;
  updatedAt: string;
}

/** The years an annotation spans (its date's, to its end's). */
export const annotationYears = (a: Pick<Annotation, 'date' | 'end'>): [number, number] => [
  Number(a.date.slice(0, 4)),
  Number((a.end ?? a.date).slice(0, 4)),
];

/**
 * Whether an annotation concerns a chart: its topics (none: any) meet the charted topics, its
 * bodies (none: any) meet the chart's body filter (a chart over every body concerns every body),
 * and its days fall within the chart's years.
 */
export function annotationConcerns(
  a: Pick<Annotation, 'date' | 'end' | 'topics' | 'bodies'>,
  chart: { topics: readonly string[]; bodies: readonly string[]; years: readonly number[] },
): boolean {
  if (a.topics.length && !a.topics.some((t) => chart.topics.includes(t))) return false;
  if (a.bodies.length && chart.bodies.length && !a.bodies.some((b) => chart.bodies.includes(b))) return false;
  const first = chart.years[0];
  const last = chart.years.at(-1);
  if (first === undefined || last === undefined) return false;
  const [from, to] = annotationYears(a);
  return to >= first && from <= last;
}
