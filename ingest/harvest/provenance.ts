/**
 * Where a harvested file came from, kept beside it as `<file>.source.json`.
 *
 * A sidecar instead of an index-only record: every later ingest of the file (a
 * restart, a forced re-ingest after a stage changed, the worker's inbox watch)
 * reads it again, so the source URL is never lost when the index is rebuilt.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ItemDocument, ProtocolDocument } from '../../domain/schemas.js';
import { withoutCredentials } from '../../domain/urls.js';

export const Provenance = z.object({
  sourceUrl: z.url(),
  listingUrl: z.url(),
  /** When the harvester last saw the file change. */
  fetchedAt: z.string(),
});
export type Provenance = z.infer<typeof Provenance>;

export const sidecarPath = (file: string) => `${file}.source.json`;

export async function writeProvenance(file: string, provenance: Provenance): Promise<void> {
  await writeFile(sidecarPath(file), `${JSON.stringify(provenance, null, 2)}\n`);
}

/** The sidecar of `file`, or null when there is none or it is unreadable (a file dropped in by hand). */
export async function readProvenance(file: string): Promise<Provenance | null> {
  let text: string;
  try {
    text = await readFile(sidecarPath(file), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = Provenance.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The documents with the file's provenance on them (unchanged without one). Credentials are taken
 * out here too: a sidecar written before the harvester refused such URLs may still hold them.
 */
export function withProvenance<T extends ProtocolDocument | ItemDocument>(doc: T, provenance: Provenance | null): T {
  return provenance
    ? {
        ...doc,
        sourceUrl: withoutCredentials(provenance.sourceUrl),
        listingUrl: withoutCredentials(provenance.listingUrl),
      }
    : doc;
}
