/**
 * Annotations on trends: read with the search client (every trend answer
 * carries the ones that concern it, in the same multi-search as its counts),
 * written by admins through `AnnotationStore` with the admin client. They live
 * in their own index, `<prefix>-annotations`, beside the corpus: a restart
 * keeps them, and ingest and reindex never touch that index.
 */
import { randomUUID } from 'node:crypto';
import type { Meilisearch, MultiSearchQuery } from 'meilisearch';
import type { Annotation, AnnotationInput } from '../../domain/annotations.js';
import { AppError } from '../../domain/errors.js';
import { meili } from '../../domain/store/client.js';
import type { IndexNames } from '../../domain/store/index-settings.js';
import type { SearchContext } from './context.js';
import { quote } from './filters.js';
import { resolveTopics } from './known-topics.js';

/** Annotations read at most: they are a handful of events per topic, not data. */
export const MAX_ANNOTATIONS = 1000;

const FIELDS = ['id', 'date', 'end', 'label', 'description', 'topics', 'bodies', 'createdAt', 'updatedAt'];

/** The query that reads every annotation, oldest first: a part of a multi-search. */
export const annotationsQuery = (ctx: SearchContext): MultiSearchQuery => ({
  indexUid: ctx.names.annotations,
  q: null,
  sort: ['date:asc'],
  limit: MAX_ANNOTATIONS,
  attributesToRetrieve: FIELDS,
});

/** The annotations of a search result, as stored (missing optional fields filled). */
export function annotationsOf(result: { hits?: readonly unknown[] } | undefined): Annotation[] {
  return ((result?.hits ?? []) as Partial<Annotation>[]).map((a) => ({
    id: String(a.id),
    date: String(a.date),
    end: a.end ?? null,
    label: String(a.label ?? ''),
    description: a.description ?? '',
    topics: a.topics ?? [],
    bodies: a.bodies ?? [],
    createdAt: a.createdAt ?? '',
    updatedAt: a.updatedAt ?? '',
  }));
}

export async function listAnnotations(ctx: SearchContext): Promise<Annotation[]> {
  const res = await meili(() => ctx.client.multiSearch({ queries: [annotationsQuery(ctx)] }));
  return annotationsOf(res.results[0]);
}

const notFound = (id: string) =>
  new AppError('not-found', `Det finns ingen händelse med id "${id}". Se GET /api/annotations för de som finns.`);

/** Admin writes, waited for, so the next read (and the next trend answer) sees them. */
export class AnnotationStore {
  constructor(
    private readonly admin: Meilisearch,
    private readonly names: IndexNames,
  ) {}

  private index() {
    return this.admin.index<Annotation>(this.names.annotations);
  }

  private async find(id: string): Promise<Annotation | null> {
    const res = await meili(() => this.index().search(null, { filter: [`id = ${quote(id)}`], limit: 1 }));
    return annotationsOf(res)[0] ?? null;
  }

  private async write(doc: Annotation): Promise<Annotation> {
    const task = await meili(() =>
      this.index().addDocuments([doc], { primaryKey: 'id' }).waitTask({ timeout: 30_000 }),
    );
    if (task.status !== 'succeeded')
      throw new AppError('internal', 'Händelsen kunde inte sparas i sökmotorn. Försök igen.', { cause: task.error });
    return doc;
  }

  /** Topics as the taxonomy names them (400 with the known topics for an unknown one). */
  private static normalise(input: AnnotationInput) {
    return {
      date: input.date,
      end: input.end && input.end !== input.date ? input.end : null,
      label: input.label,
      description: input.description,
      topics: resolveTopics(input.topics, 'topics'),
      bodies: [...new Set(input.bodies)],
    };
  }

  async add(input: AnnotationInput, now = new Date()): Promise<Annotation> {
    const at = now.toISOString();
    return this.write({ id: randomUUID(), ...AnnotationStore.normalise(input), createdAt: at, updatedAt: at });
  }

  async replace(id: string, input: AnnotationInput, now = new Date()): Promise<Annotation> {
    const old = await this.find(id);
    if (!old) throw notFound(id);
    return this.write({
      id,
      ...AnnotationStore.normalise(input),
      createdAt: old.createdAt,
      updatedAt: now.toISOString(),
    });
  }

  async remove(id: string): Promise<Annotation> {
    const old = await this.find(id);
    if (!old) throw notFound(id);
    const task = await meili(() => this.index().deleteDocument(id).waitTask({ timeout: 30_000 }));
    if (task.status !== 'succeeded')
      throw new AppError('internal', 'Händelsen kunde inte tas bort i sökmotorn. Försök igen.', { cause: task.error });
    return old;
  }
}
