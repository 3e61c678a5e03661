/**
 * Bodies filed across a corpus at ingest time: each protocol's canonical body
 * (from its metadata stage) is filed under the name the index already uses for
 * that body ("Socialnämnd" under "Socialnämnden", "KULTUR OCH FRITIDSNÄMNDEN"
 * under "Kultur- och fritidsnämnden"), so a "by body" facet, filter and trend
 * count one body once. The alias table is derived from the corpus: the bodies
 * already indexed (most frequent first), then those of the run in order.
 * Also the ingest summary's check: body values that do not read as a body's
 * name (furniture, digits, names) are listed, never silently indexed.
 */
import { BodyAliases, bodyProblems } from '../domain/bodies.js';
import type { ItemDocument, ProtocolDocument } from '../domain/schemas.js';
import type { Indexer } from './indexer.js';

export { BodyAliases } from '../domain/bodies.js';

/** A body value the ingest summary lists: it does not read as a body's name. */
export interface SuspectBody {
  readonly body: string;
  readonly problems: readonly string[];
  readonly sourceFile: string;
}

/** The protocol and its items with their body filed under the corpus's name for it. */
export function fileBody<T extends { protocol: ProtocolDocument; items: ItemDocument[] }>(
  ingested: T,
  aliases: BodyAliases,
): T {
  const { body } = ingested.protocol;
  if (body === null) return ingested;
  const filed = aliases.file(body);
  if (filed === body) return ingested;
  return {
    ...ingested,
    protocol: { ...ingested.protocol, body: filed },
    items: ingested.items.map((i) => ({ ...i, body: filed })),
  };
}

/** The protocol's body when it looks like page furniture, digits or names rather than a body's name. */
export function suspectBody(protocol: Pick<ProtocolDocument, 'body' | 'sourceFile'>): SuspectBody | null {
  const problems = bodyProblems(protocol.body);
  return problems.length === 0 || protocol.body === null
    ? null
    : { body: protocol.body, problems, sourceFile: protocol.sourceFile };
}

/** One protocol's body filed against the bodies the index holds (an upload, outside a run): one facet query. */
export async function fileBodyInIndex<T extends { protocol: ProtocolDocument; items: ItemDocument[] }>(
  ingested: T,
  indexer: Pick<Indexer, 'bodyCounts'>,
): Promise<T> {
  return fileBody(ingested, BodyAliases.fromCounts(await indexer.bodyCounts()));
}
