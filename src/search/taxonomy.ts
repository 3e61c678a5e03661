/**
 * The living taxonomy behind /api/taxonomy: the version in use, its history with
 * diffs, saving a new version (validated by the file's own schema, answered in
 * Swedish naming the topic and field), a dry run that counts the items each
 * topic would gain and lose, and restoring an older version. Saving and
 * restoring re-tag the corpus from the stored items (ingest/retag.ts) before
 * they answer. One save at a time per process; a save made from an older
 * version than the one in use is refused (409), so two analysts cannot silently
 * overwrite each other.
 */
import { AppError } from '../../domain/errors.js';
import type { TaxonomyVersion } from '../../domain/store/taxonomy-store.js';
import { describeDiff, isEmptyDiff, diffTaxonomies, type TaxonomyDiff } from '../../domain/taxonomy-diff.js';
import { describeTaxonomyIssue, TaxonomySchema, type Taxonomy } from '../../domain/taxonomy.js';
import type { CorpusTaxonomy, DryRun, RetagSummary } from '../../ingest/index.js';

export interface TaxonomyAnswer {
  version: number;
  savedAt: string;
  source: TaxonomyVersion['source'];
  note: string | null;
  /** The repository's domain/taxonomy.json differs from this version and was not imported (analysts have edited since). */
  fileDiffers: boolean;
  taxonomy: Taxonomy;
}

export interface SaveAnswer {
  version: number;
  savedAt: string;
  /** What changed, one line per topic, in Swedish. */
  changes: string[];
  diff: TaxonomyDiff;
  retag: RetagSummary;
}

export interface HistoryEntry {
  version: number;
  savedAt: string;
  source: TaxonomyVersion['source'];
  restoredFrom: number | null;
  note: string | null;
  topics: number;
  changes: string[];
  diff: TaxonomyDiff;
}

export interface DryRunAnswer extends DryRun {
  /** The version the counts compare against. */
  version: number;
  changes: string[];
}

/** Validates a taxonomy as the file is validated; the first problem in Swedish, naming topic and field. */
export function parseTaxonomy(input: unknown): Taxonomy {
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input))
    throw new AppError(
      'invalid-parameter',
      'Skicka taxonomin som ett JSON-objekt (samma form som GET /api/taxonomy ger under "taxonomy").',
      {
        param: 'taxonomy',
      },
    );
  const parsed = TaxonomySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new AppError('invalid-parameter', `Taxonomin sparades inte. ${describeTaxonomyIssue(input, issue)}.`, {
    param: issue.path.join('.') || 'taxonomy',
    cause: parsed.error,
  });
}

export class TaxonomyService {
  private queue: Promise<unknown> = Promise.resolve();
  private fileDiffers = false;

  constructor(
    private readonly corpus: CorpusTaxonomy,
    /** Called after the corpus was re-tagged (the answer cache forgets). */
    private readonly changed: () => void = () => {},
  ) {}

  /** One save or restore at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** At start-up: seed or import the store and re-tag stale protocols (see CorpusTaxonomy.sync). */
  async sync(log: (line: string) => void = () => {}): Promise<void> {
    const result = await this.serial(() => this.corpus.sync());
    this.fileDiffers = result.fileDiffers;
    const v = result.active;
    if (result.imported) log(`Taxonomy: imported domain/taxonomy.json as version ${v.version}.`);
    if (result.fileDiffers)
      log(
        `Taxonomy: domain/taxonomy.json differs from version ${v.version} in use, which analysts edited; it was not imported (PUT it to /api/taxonomy to use it).`,
      );
    if (result.retag) {
      this.changed();
      log(
        `Taxonomy: re-tagged ${result.retag.protocols} protocols with version ${v.version} (${result.retag.changed} items changed, ${result.retag.seconds.toFixed(1)} s).`,
      );
    }
  }

  async current(): Promise<TaxonomyAnswer> {
    const { version: v } = await this.corpus.active(0);
    return {
      version: v.version,
      savedAt: v.savedAt,
      source: v.source,
      note: v.note,
      fileDiffers: this.fileDiffers,
      taxonomy: v.taxonomy,
    };
  }

  async history(): Promise<{ versions: HistoryEntry[] }> {
    const versions = await this.corpus.store.list();
    return {
      versions: versions.reverse().map((v) => ({
        version: v.version,
        savedAt: v.savedAt,
        source: v.source,
        restoredFrom: v.restoredFrom,
        note: v.note,
        topics: v.taxonomy.topics.length,
        changes: v.version === 1 ? [`Första versionen: ${v.taxonomy.topics.length} ämnen`] : describeDiff(v.diff),
        diff: v.diff,
      })),
    };
  }

  async version(n: number): Promise<TaxonomyVersion> {
    const v = await this.corpus.store.get(n);
    if (!v) throw new AppError('not-found', `Taxonomin har ingen version ${n}. Se GET /api/taxonomy/history.`);
    return v;
  }

  async dryRun(input: unknown): Promise<DryRunAnswer> {
    const candidate = parseTaxonomy(input);
    const { version } = await this.corpus.active(0);
    const run = await this.corpus.dryRun(candidate);
    return { ...run, version: version.version, changes: describeDiff(diffTaxonomies(version.taxonomy, candidate)) };
  }

  /** Saves `input` as a new version made from `base` (when given) and re-tags the corpus. */
  save(input: unknown, options: { base?: number; note?: string | null } = {}): Promise<SaveAnswer> {
    const candidate = parseTaxonomy(input);
    return this.serial(async () => {
      const { version: before } = await this.corpus.active(0);
      if (options.base !== undefined && options.base !== before.version)
        throw new AppError(
          'conflict',
          `Taxonomin har sparats av någon annan sedan version ${options.base} (nu version ${before.version}). Ladda om, gör ändringen igen och spara.`,
        );
      const diff = diffTaxonomies(before.taxonomy, candidate);
      if (isEmptyDiff(diff) && candidate.about === before.taxonomy.about)
        throw new AppError(
          'invalid-parameter',
          `Ingen ändring att spara: taxonomin är densamma som version ${before.version}.`,
          {
            param: 'taxonomy',
          },
        );
      return this.commit(before, candidate, { source: 'api', note: options.note ?? null });
    });
  }

  /** Makes an older version the one in use again, as a new version (the history keeps every step). */
  restore(n: number, options: { note?: string | null } = {}): Promise<SaveAnswer> {
    return this.serial(async () => {
      const old = await this.version(n);
      const { version: before } = await this.corpus.active(0);
      return this.commit(before, old.taxonomy, { source: 'restore', restoredFrom: n, note: options.note ?? null });
    });
  }

  private async commit(
    before: TaxonomyVersion,
    taxonomy: Taxonomy,
    meta: { source: 'api' | 'restore'; restoredFrom?: number; note: string | null },
  ): Promise<SaveAnswer> {
    const saved = await this.corpus.store.append(taxonomy, meta);
    this.corpus.adopt(saved);
    try {
      const retag = await this.corpus.retagAfterChange(saved, before);
      return {
        version: saved.version,
        savedAt: saved.savedAt,
        changes: describeDiff(saved.diff),
        diff: saved.diff,
        retag,
      };
    } finally {
      this.changed();
    }
  }
}
