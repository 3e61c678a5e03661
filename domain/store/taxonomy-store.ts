/**
 * The taxonomy's versions, kept with the index's data (the `<prefix>-taxonomy`
 * Meilisearch index), so they survive a restart and a reindex and every process
 * that reaches Meilisearch (the API, a separate ingest worker) reads the same
 * one. The history is append-only: a save and a restore each add a version, the
 * highest is the one in use. The repository's domain/taxonomy.json is version 1
 * of an empty store; a later edit of that file is imported as a new version only
 * while nobody has edited the taxonomy through the API since the file was last
 * imported (an analyst's edit is never overwritten by a deploy: the store then
 * says that the file differs, and the file can be imported explicitly).
 */
import { createHash } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { diffTaxonomies, type TaxonomyDiff } from '../taxonomy-diff.js';
import { TaxonomySchema, type Taxonomy } from '../taxonomy.js';
import { TAGGER_VERSION } from '../tagging.js';
import { meiliApiError } from './http-client.js';

export type TaxonomySource = 'file' | 'api' | 'restore';

export interface TaxonomyVersion {
  version: number;
  savedAt: string;
  /** Where it came from: the repository file, an edit through the API, or a restore of an older version. */
  source: TaxonomySource;
  restoredFrom: number | null;
  /** The tagger's version and the taxonomy, hashed: two versions with one digest tag every item alike. */
  digest: string;
  /** For a version imported from the repository file: the digest of the file's contents. */
  fileDigest: string | null;
  /** A note from whoever saved it ("lade till trygghetslarm"). */
  note: string | null;
  taxonomy: Taxonomy;
  /** The change from the version before. */
  diff: TaxonomyDiff;
  /** When the corpus was re-tagged with it (absent while that runs, or for a version the corpus never had). */
  appliedAt?: string;
}

/** The digest of what tags an item: the tagging method's version and the taxonomy. */
export function taxonomyDigest(t: Taxonomy): string {
  return createHash('sha256')
    .update(`${TAGGER_VERSION}\n${JSON.stringify(t)}`)
    .digest('hex')
    .slice(0, 16);
}

const docId = (version: number) => `v${version}`;

/** A stored version read back (the document's id dropped, the taxonomy re-validated). */
function fromDocument(doc: Record<string, unknown>): TaxonomyVersion {
  const { id: _id, ...rest } = doc as unknown as TaxonomyVersion & { id: string };
  return { ...rest, taxonomy: TaxonomySchema.parse(rest.taxonomy) };
}

export class TaxonomyStore {
  constructor(
    private readonly admin: Meilisearch,
    readonly indexUid: string,
  ) {}

  private get index() {
    return this.admin.index(this.indexUid);
  }

  /** Every version's number and digest, oldest first (a few bytes each). */
  async heads(): Promise<{ version: number; digest: string }[]> {
    try {
      const page = await this.index.getDocuments<{ version: number; digest: string }>({
        fields: ['version', 'digest'],
        limit: 100_000,
      });
      return page.results.sort((a, b) => a.version - b.version);
    } catch (error) {
      if (meiliApiError(error)?.response?.status === 404) return [];
      throw error;
    }
  }

  /** Every version, oldest first. */
  async list(): Promise<TaxonomyVersion[]> {
    try {
      const page = await this.index.getDocuments<Record<string, unknown>>({ limit: 100_000 });
      return page.results.map(fromDocument).sort((a, b) => a.version - b.version);
    } catch (error) {
      if (meiliApiError(error)?.response?.status === 404) return [];
      throw error;
    }
  }

  async get(version: number): Promise<TaxonomyVersion | null> {
    try {
      return fromDocument(await this.index.getDocument<Record<string, unknown>>(docId(version)));
    } catch (error) {
      if (meiliApiError(error)?.response?.status === 404) return null;
      throw error;
    }
  }

  /** The version in use (the highest), or null in an empty store. */
  async latest(): Promise<TaxonomyVersion | null> {
    const heads = await this.heads();
    const last = heads[heads.length - 1];
    return last ? this.get(last.version) : null;
  }

  /**
   * Appends a version after `base` (the version the change was made from) and
   * returns it. Callers serialise appends (one writer per process; see the API's
   * taxonomy service): the version number is the highest plus one.
   */
  async append(
    taxonomy: Taxonomy,
    meta: { source: TaxonomySource; restoredFrom?: number; fileDigest?: string; note?: string | null },
  ): Promise<TaxonomyVersion> {
    const before = await this.latest();
    const entry: TaxonomyVersion = {
      version: (before?.version ?? 0) + 1,
      savedAt: new Date().toISOString(),
      source: meta.source,
      restoredFrom: meta.restoredFrom ?? null,
      digest: taxonomyDigest(taxonomy),
      fileDigest: meta.fileDigest ?? null,
      note: meta.note ?? null,
      taxonomy,
      diff: diffTaxonomies(before?.taxonomy ?? null, taxonomy),
    };
    await this.index
      .addDocuments([{ id: docId(entry.version), ...entry }], { primaryKey: 'id' })
      .waitTask({ timeout: 60_000 });
    return entry;
  }

  /**
   * Records that the corpus is re-tagged with `version` (`appliedAt`): the answer
   * caches and the keyness counts of every API process read the newest version and
   * this time as part of their corpus stamp, so they drop what they computed before.
   */
  async markApplied(version: number): Promise<void> {
    await this.index
      .updateDocuments([{ id: docId(version), appliedAt: new Date().toISOString() }], { primaryKey: 'id' })
      .waitTask({ timeout: 60_000 });
  }

  /**
   * Seeds an empty store with the repository's file, and imports a changed file
   * when the version in use is the file's own last import. Returns the version in
   * use and whether the file differs from it without having been imported.
   */
  async ensure(file: {
    taxonomy: Taxonomy;
    fileDigest: string;
  }): Promise<{ active: TaxonomyVersion; imported: boolean; fileDiffers: boolean }> {
    const versions = await this.list();
    const latest = versions[versions.length - 1];
    const lastImport = [...versions].reverse().find((v) => v.source === 'file');
    const fileChanged = lastImport?.fileDigest !== file.fileDigest;
    if (!latest || (fileChanged && latest.source === 'file')) {
      const active = await this.append(file.taxonomy, { source: 'file', fileDigest: file.fileDigest });
      return { active, imported: true, fileDiffers: false };
    }
    return {
      active: latest,
      imported: false,
      fileDiffers: fileChanged && latest.digest !== taxonomyDigest(file.taxonomy),
    };
  }
}
