/**
 * The corpus under the store's taxonomy: which version is in use, tags applied
 * when protocols are written, and re-tagging of the stored items when the
 * taxonomy changes — from the items in the index (title, text, decisions, body),
 * never from the source files.
 *
 * A protocol records the taxonomy version that tagged it (`taxonomyVersion`,
 * `taxonomyDigest`). The digest covers the tagging method's version and the
 * taxonomy, so "stale" is one comparison: a protocol whose digest is not the
 * active version's is re-tagged (at start-up by `sync`, and after every save).
 * The content hash does not include the taxonomy: a taxonomy edit re-tags from
 * the index and re-reads no file, and a later re-ingest of a file tags it with the
 * store's version, never the repository file's (see docs/analytics.md).
 *
 * Only items whose tags can change are tagged again: items holding a changed
 * topic, and items whose text contains a word one of the changed topics' terms
 * needs (a substring probe: a plain Swedish word contains its stem). A change of
 * the weights or name words, or of the tagging method, re-tags every item. Only
 * items whose tags did change are written.
 */
import type { Meilisearch } from 'meilisearch';
import { dataFileDigests } from '../domain/data-files.js';
import type { ItemDocument, ProtocolDocument, TopicTag } from '../domain/schemas.js';
import { MAX_TOTAL_HITS, type IndexNames } from '../domain/store/index-settings.js';
import { TaxonomyStore, taxonomyDigest, type TaxonomyVersion } from '../domain/store/taxonomy-store.js';
import { isTextAbbreviation } from '../domain/swedish/analyse.js';
import { foldDiacritics } from '../domain/swedish/fold.js';
import { stem, wordsStemmedIrregularly } from '../domain/swedish/stem.js';
import { tokenize } from '../domain/swedish/tokenize.js';
import { compileTaxonomy, tagItem, type CompiledTaxonomy } from '../domain/tagging.js';
import { retagPlan, type TopicRetag } from '../domain/taxonomy-diff.js';
import { fileTaxonomy, setActiveTaxonomy, type Taxonomy } from '../domain/taxonomy.js';
import { lazily } from '../domain/lazy.js';

/** What the pipeline's tag stage tagged with: the repository file's taxonomy. */
const PIPELINE_DIGEST = taxonomyDigest(fileTaxonomy);

/** The fields of an item the tagger reads, and its tags. */
type StoredItem = Pick<
  ItemDocument,
  'id' | 'protocolId' | 'title' | 'text' | 'decisions' | 'body' | 'organisation' | 'topics' | 'topicEvidence'
>;
const ITEM_FIELDS = [
  'id',
  'protocolId',
  'title',
  'text',
  'decisions',
  'body',
  'organisation',
  'topics',
  'topicEvidence',
] as const;

export interface RetagSummary {
  version: number;
  /** Items read from the index. */
  items: number;
  /** Of those, items tagged again (the others cannot have changed). */
  tagged: number;
  /** Items whose tags changed, and were written. */
  changed: number;
  protocols: number;
  seconds: number;
}

export interface DryRunTopic {
  id: string;
  label: string;
  /** Items tagged now, and under the new taxonomy. */
  before: number;
  after: number;
  gained: number;
  lost: number;
}

export interface DryRun {
  items: number;
  topics: DryRunTopic[];
  seconds: number;
}

export interface SyncResult {
  active: TaxonomyVersion;
  /** The repository file was imported as a new version now. */
  imported: boolean;
  /** The repository file differs from the version in use and was not imported (analysts have edited since). */
  fileDiffers: boolean;
  retag: RetagSummary | null;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits for a Meilisearch task and fails loudly when it did not succeed. */
async function settled(
  what: string,
  task: { waitTask(o?: { timeout?: number }): Promise<{ status: string; error?: { message?: string } | null }> },
) {
  const done = await task.waitTask({ timeout: 600_000 });
  if (done.status !== 'succeeded')
    throw new Error(`Meilisearch could not ${what}: ${done.error?.message ?? done.status}`);
}

/** An item's tags under a compiled taxonomy, as stored. */
function retagged<T extends StoredItem>(item: T, compiled: CompiledTaxonomy): T {
  const tags = tagItem(item, compiled);
  return { ...item, topics: tags.map((t) => t.label), topicEvidence: tags };
}

const sameTags = (a: readonly TopicTag[], b: readonly TopicTag[] | undefined) =>
  JSON.stringify(a) === JSON.stringify(b ?? []);

/** Lower-case, with letters Swedish lacks folded as the stemmer reads them (é → e). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included
const FOREIGN = /[^\x00-\x7fåäö]/g;
const searchable = (s: string) => s.toLowerCase().replace(FOREIGN, (c) => foldDiacritics(c));

/**
 * A pattern every item that one of `entries` (terms, weak and noun terms,
 * abbreviations) can match contains, or null when no cheap test is safe (then
 * every item is a candidate): a plain Swedish word contains its stem, and the
 * few words the lexicon stems irregularly are added.
 */
function probeFor(entries: readonly string[]): RegExp | null {
  const irregular = new Map<string, string[]>();
  for (const w of wordsStemmedIrregularly) {
    const s = stem(w);
    irregular.set(s, [...(irregular.get(s) ?? []), w]);
  }
  const probes = new Set<string>();
  for (const entry of entries) {
    // The word of the entry with the longest probe: every match contains all of them.
    const words = tokenize(entry).map((w) => searchable(stem(w)));
    const best = words.sort((a, b) => b.length - a.length)[0];
    if (!best) continue;
    if (best.length < 3) return null;
    probes.add(best);
    for (const w of irregular.get(best) ?? []) probes.add(searchable(w));
  }
  if (probes.size === 0) return /$^/;
  const escaped = [...probes].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('|'));
}

export class CorpusTaxonomy {
  readonly store: TaxonomyStore;
  private cached: { at: number; version: TaxonomyVersion; compiled: CompiledTaxonomy } | null = null;

  constructor(
    private readonly admin: Meilisearch,
    private readonly names: IndexNames,
  ) {
    this.store = new TaxonomyStore(admin, names.taxonomy);
  }

  private use(version: TaxonomyVersion) {
    if (this.cached?.version.digest !== version.digest || this.cached.version.version !== version.version) {
      // Compiled when first asked for: a run with nothing to write or re-tag never tags (its terms are
      // stemmed against the dictionary, which that run would otherwise load for nothing).
      const compiled = lazily(() => compileTaxonomy(version.taxonomy));
      this.cached = {
        at: performance.now(),
        version,
        get compiled() {
          return compiled();
        },
      };
      setActiveTaxonomy(version.taxonomy);
    } else this.cached.at = performance.now();
    return this.cached;
  }

  /** Seeds the store from the repository file (or imports a changed file; see TaxonomyStore.ensure). */
  async ensure(): Promise<{ active: TaxonomyVersion; imported: boolean; fileDiffers: boolean }> {
    const fileDigest = dataFileDigests(['taxonomy'])['domain/taxonomy.json'] ?? '';
    const result = await this.store.ensure({ taxonomy: fileTaxonomy, fileDigest });
    this.use(result.active);
    return result;
  }

  /** The version in use and its compiled form; re-read from the store at most once per `maxAgeMs`. */
  async active(maxAgeMs = 1000): Promise<{ version: TaxonomyVersion; compiled: CompiledTaxonomy }> {
    if (this.cached && performance.now() - this.cached.at < maxAgeMs) return this.cached;
    const heads = await this.store.heads();
    const last = heads[heads.length - 1];
    if (!last) return this.use((await this.ensure()).active);
    if (this.cached && this.cached.version.version === last.version) return this.use(this.cached.version);
    const version = await this.store.get(last.version);
    if (!version) throw new Error(`taxonomy version ${last.version} disappeared from ${this.names.taxonomy}`);
    return this.use(version);
  }

  /** Records that `version` is in use in this process (after this process saved it). */
  adopt(version: TaxonomyVersion): void {
    this.use(version);
  }

  /**
   * Tags a batch about to be written with the version in use, where the pipeline
   * tagged it with another (the repository file's), and stamps every protocol.
   */
  async apply<B extends { protocol: ProtocolDocument; items: readonly ItemDocument[] }>(
    batch: readonly B[],
  ): Promise<B[]> {
    if (batch.length === 0) return [];
    const { version, compiled } = await this.active();
    const stamp = { taxonomyVersion: version.version, taxonomyDigest: version.digest };
    return batch.map((b) => {
      if ((b.protocol.taxonomyDigest ?? PIPELINE_DIGEST) === version.digest)
        return { ...b, protocol: { ...b.protocol, ...stamp } };
      const items = b.items.map((i) => retagged(i, compiled));
      return {
        ...b,
        items,
        protocol: { ...b.protocol, ...stamp, topics: [...new Set(items.flatMap((i) => i.topics))] },
      };
    });
  }

  /** Pages of stored items (optionally of some protocols only). */
  private async *items(protocolIds?: readonly string[]): AsyncGenerator<StoredItem[]> {
    const index = this.admin.index<StoredItem>(this.names.items);
    const page = 2000;
    const filters =
      protocolIds === undefined
        ? [undefined]
        : Array.from(
            { length: Math.ceil(protocolIds.length / 200) },
            (_, i) =>
              `protocolId IN [${protocolIds
                .slice(i * 200, i * 200 + 200)
                .map((id) => JSON.stringify(id))
                .join(', ')}]`,
          );
    for (const filter of filters) {
      const read = (offset: number) => {
        const pending = index.getDocuments({
          fields: [...ITEM_FIELDS],
          limit: page,
          offset,
          ...(filter ? { filter } : {}),
        });
        // Awaited below; a walk abandoned mid-way must not leave an unhandled rejection behind.
        pending.catch(() => undefined);
        return pending;
      };
      // The next page is read while this one is tagged: Meilisearch and the tagger use a core each.
      let next = read(0);
      for (let offset = 0; ; offset += page) {
        const res = await next;
        const full = res.results.length === page;
        if (full) next = read(offset + page);
        if (res.results.length) yield res.results;
        if (!full) break;
      }
    }
  }

  /**
   * The items a change can alter, found in the index without reading any text:
   * holders by the topics facet, the others by searching the `stems` field for the
   * stem of each probe entry's longest word (every word a term matches is indexed
   * there under its stem, and the search's prefix and typo matching only widen
   * the set). Null when that is not safe (an entry the index keeps only as a
   * synonym concept, a probe under three letters, more hits than a search returns):
   * the caller then reads every item.
   */
  private async candidates(plan: Map<string, TopicRetag>, from: Taxonomy): Promise<Set<string> | null> {
    const index = this.admin.index<{ id: string }>(this.names.items);
    const holderLabels = from.topics.filter((t) => plan.get(t.id)?.holders).map((t) => t.label);
    const probes = new Set<string>();
    for (const { probes: entries } of plan.values())
      for (const entry of entries) {
        if (isTextAbbreviation(entry)) return null;
        const words = tokenize(entry)
          .map((w) => foldDiacritics(stem(w)))
          .sort((a, b) => b.length - a.length);
        if (!words[0] || words[0].length < 3) return null;
        probes.add(words[0]);
      }
    const searches: { q: string; filter?: string }[] = [
      ...(holderLabels.length
        ? [{ q: '', filter: `topics IN [${holderLabels.map((l) => JSON.stringify(l)).join(', ')}]` }]
        : []),
      ...[...probes].map((q) => ({ q })),
    ];
    const out = new Set<string>();
    for (const { q, filter } of searches) {
      const res = await index.search(q, {
        ...(filter ? { filter } : {}),
        matchingStrategy: 'all',
        attributesToRetrieve: ['id'],
        limit: MAX_TOTAL_HITS,
      });
      if (res.hits.length >= MAX_TOTAL_HITS) return null;
      for (const hit of res.hits) out.add(hit.id);
    }
    return out;
  }

  /** The stored items with these ids, in pages. */
  private async *itemsById(ids: readonly string[]): AsyncGenerator<StoredItem[]> {
    const index = this.admin.index<StoredItem>(this.names.items);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const res = await index.getDocuments({
        fields: [...ITEM_FIELDS],
        limit: chunk.length,
        filter: `id IN [${chunk.map((id) => JSON.stringify(id)).join(', ')}]`,
      });
      yield res.results;
    }
  }

  /**
   * Tags again the stored items whose tags the change from `from` to `to` can
   * alter (every item when `from` is null), calling `visit` with each item read
   * and its tags under `to` (null: read, but it cannot have changed). `complete`:
   * every item was read (else only the candidates the index named).
   */
  private async walk(
    to: Taxonomy,
    from: Taxonomy | null,
    visit: (item: StoredItem, after: readonly TopicTag[] | null) => void,
    protocolIds?: readonly string[],
  ): Promise<{ items: number; tagged: number; complete: boolean }> {
    const compiled = compileTaxonomy(to);
    const plan = from ? retagPlan(from, to) : { all: true, topics: new Map<string, TopicRetag>() };
    if (from && taxonomyDigest(from) === taxonomyDigest(to)) plan.topics.clear();
    let items = 0;
    let tagged = 0;
    const tag = async (item: StoredItem) => {
      tagged++;
      visit(item, tagItem(item, compiled));
      // Tagging is synchronous: let the API answer between slices of it.
      if (tagged % 200 === 0) await tick();
    };
    const named = from && !plan.all && protocolIds === undefined ? await this.candidates(plan.topics, from) : null;
    if (named) {
      for await (const page of this.itemsById([...named]))
        for (const item of page) {
          items++;
          await tag(item);
        }
      return { items, tagged, complete: false };
    }
    // Every item is read: tagged again when it holds an affected topic or contains a probe.
    const ids = new Set(plan.topics.keys());
    const labels = new Set(from?.topics.filter((t) => ids.has(t.id)).map((t) => t.label) ?? []);
    const probe = plan.all ? null : probeFor([...plan.topics.values()].flatMap((t) => t.probes));
    const every = plan.all || probe === null;
    for await (const page of this.items(protocolIds)) {
      for (const item of page) {
        items++;
        const candidate =
          every ||
          item.topicEvidence?.some((t) => ids.has(t.id)) ||
          item.topics?.some((l) => labels.has(l)) ||
          probe!.test(searchable(`${item.title}\n${item.text}`));
        if (candidate) await tag(item);
        else visit(item, null);
      }
    }
    return { items, tagged, complete: true };
  }

  /** Each protocol's topics: the union of its stored items' topics. */
  private async protocolTopics(protocolIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const index = this.admin.index<Pick<ItemDocument, 'protocolId' | 'topics'>>(this.names.items);
    const out = new Map<string, Set<string>>(protocolIds.map((id) => [id, new Set<string>()]));
    for (let i = 0; i < protocolIds.length; i += 200) {
      const chunk = protocolIds.slice(i, i + 200);
      const filter = `protocolId IN [${chunk.map((id) => JSON.stringify(id)).join(', ')}]`;
      for (let offset = 0; ; offset += 10_000) {
        const page = await index.getDocuments({ fields: ['protocolId', 'topics'], filter, limit: 10_000, offset });
        for (const item of page.results) for (const t of item.topics ?? []) out.get(item.protocolId)?.add(t);
        if (page.results.length < 10_000) break;
      }
    }
    return out;
  }

  /**
   * Re-tags the stored items under `to` (from the version `from` they were tagged
   * with; null: every item), writes the items whose tags changed and stamps the
   * protocols (`protocolIds`, or all) with `to`.
   */
  async retag(to: TaxonomyVersion, from: Taxonomy | null, protocolIds?: readonly string[]): Promise<RetagSummary> {
    const started = performance.now();
    const changed: Pick<ItemDocument, 'id' | 'topics' | 'topicEvidence'>[] = [];
    const touched = new Set<string>();
    const walked = new Map<string, Set<string>>();
    const { items, tagged, complete } = await this.walk(
      to.taxonomy,
      from,
      (item, after) => {
        const labels = after ? after.map((t) => t.label) : (item.topics ?? []);
        if (after && !sameTags(after, item.topicEvidence)) {
          changed.push({ id: item.id, topics: labels, topicEvidence: [...after] });
          touched.add(item.protocolId);
        }
        const set = walked.get(item.protocolId) ?? new Set<string>();
        for (const l of labels) set.add(l);
        walked.set(item.protocolId, set);
      },
      protocolIds,
    );
    const itemsIndex = this.admin.index(this.names.items);
    for (let i = 0; i < changed.length; i += 5000)
      await settled('write re-tagged items', itemsIndex.updateDocuments(changed.slice(i, i + 5000)));
    // Topics of the protocols whose items changed: from the walk when it read every item, else from the index.
    const topics = complete ? walked : await this.protocolTopics([...touched]);
    const ids = complete ? [...walked.keys()] : (protocolIds ?? [...(await this.stamps()).keys()]);
    const stamps = ids.map((id) => ({
      id,
      taxonomyVersion: to.version,
      taxonomyDigest: to.digest,
      ...(complete || touched.has(id) ? { topics: [...(topics.get(id) ?? [])] } : {}),
    }));
    const protocols = this.admin.index(this.names.protocols);
    for (let i = 0; i < stamps.length; i += 5000)
      await settled('stamp re-tagged protocols', protocols.updateDocuments(stamps.slice(i, i + 5000)));
    return {
      version: to.version,
      items,
      tagged,
      changed: changed.length,
      protocols: stamps.length,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** How many items would gain and lose each topic under `candidate`, against the version in use; nothing is written. */
  async dryRun(candidate: Taxonomy): Promise<DryRun> {
    const started = performance.now();
    const { version } = await this.active(0);
    // Items tagged now, per topic, from the facet counts (exact: maxValuesPerFacet is far above the topics).
    const itemsIndex = this.admin.index(this.names.items);
    const facets = await itemsIndex.search('', { facets: ['topics'], limit: 0 });
    const now = facets.facetDistribution?.topics ?? {};
    const total = (await itemsIndex.getStats()).numberOfDocuments;
    const counts = new Map<string, DryRunTopic>();
    const entry = (id: string, label: string, before: number) => {
      if (!counts.has(id)) counts.set(id, { id, label, before, after: before, gained: 0, lost: 0 });
    };
    for (const t of version.taxonomy.topics) entry(t.id, t.label, now[t.label] ?? 0);
    for (const t of candidate.topics) entry(t.id, t.label, 0);
    for (const t of candidate.topics) counts.get(t.id)!.label = t.label;
    await this.walk(candidate, version.taxonomy, (item, after) => {
      if (!after) return;
      const before = new Set((item.topicEvidence ?? []).map((t) => t.id));
      const next = new Set(after.map((t) => t.id));
      for (const id of before) {
        const c = counts.get(id);
        if (c && !next.has(id)) c.lost++;
      }
      for (const id of next) {
        const c = counts.get(id);
        if (c && !before.has(id)) c.gained++;
      }
    });
    // A topic removed from the taxonomy loses all its items.
    const kept = new Set(candidate.topics.map((t) => t.id));
    for (const c of counts.values()) {
      if (!kept.has(c.id)) c.lost = c.before;
      c.after = c.before + c.gained - c.lost;
    }
    return { items: total, topics: [...counts.values()], seconds: (performance.now() - started) / 1000 };
  }

  /** Every protocol's id and the digest of the taxonomy that tagged it (none recorded: the pipeline's). */
  private async stamps(): Promise<Map<string, string>> {
    const index = this.admin.index<Pick<ProtocolDocument, 'id' | 'taxonomyDigest'>>(this.names.protocols);
    const out = new Map<string, string>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await index.getDocuments({ fields: ['id', 'taxonomyDigest'], limit: 10_000, offset });
      for (const p of page.results) out.set(p.id, p.taxonomyDigest ?? '');
      if (page.results.length < 10_000) return out;
    }
  }

  /** Protocols not tagged with `version` (another version, or none recorded). */
  async staleProtocols(version: TaxonomyVersion): Promise<string[]> {
    return [...(await this.stamps())].filter(([, digest]) => digest !== version.digest).map(([id]) => id);
  }

  /**
   * After `to` replaced `from` as the version in use: re-tags what the change can
   * alter in the protocols tagged with `from`, every item of the others, and then
   * whatever another process wrote under an older version meanwhile.
   */
  async retagAfterChange(to: TaxonomyVersion, from: TaxonomyVersion): Promise<RetagSummary> {
    const stamps = await this.stamps();
    const fresh = [...stamps].filter(([, d]) => d === from.digest).map(([id]) => id);
    const parts: RetagSummary[] = [];
    if (fresh.length === stamps.size) parts.push(await this.retag(to, from.taxonomy));
    else {
      if (fresh.length) parts.push(await this.retag(to, from.taxonomy, fresh));
      const others = [...stamps.keys()].filter((id) => stamps.get(id) !== from.digest);
      parts.push(await this.retag(to, null, others));
    }
    for (let round = 0; round < 3; round++) {
      const late = await this.staleProtocols(to);
      if (late.length === 0) break;
      parts.push(await this.retag(to, null, late));
    }
    await this.store.markApplied(to.version);
    return parts.reduce(
      (a, b) => ({
        version: to.version,
        items: a.items + b.items,
        tagged: a.tagged + b.tagged,
        changed: a.changed + b.changed,
        protocols: a.protocols + b.protocols,
        seconds: a.seconds + b.seconds,
      }),
      { version: to.version, items: 0, tagged: 0, changed: 0, protocols: 0, seconds: 0 },
    );
  }

  /**
   * At start-up: seeds the store (or imports a changed repository file while
   * nobody has edited the taxonomy since its last import) and re-tags every
   * protocol not tagged with the version in use.
   */
  async sync(): Promise<SyncResult> {
    const { active, imported, fileDiffers } = await this.ensure();
    const stale = await this.staleProtocols(active);
    const retag = stale.length ? await this.retag(active, null, stale) : null;
    if (retag || !active.appliedAt) await this.store.markApplied(active.version);
    return { active, imported, fileDiffers, retag };
  }
}

/** What a start-up sync did, in Swedish lines for the worker's output. */
export function describeSync(result: SyncResult): string[] {
  const v = result.active.version;
  const out: string[] = [];
  if (result.imported) out.push(`Taxonomi: domain/taxonomy.json lästes in som version ${v}.`);
  if (result.fileDiffers)
    out.push(
      `Taxonomi: domain/taxonomy.json skiljer sig från version ${v}, som analytiker har ändrat; filen lästes inte in (spara den med PUT /api/taxonomy för att använda den).`,
    );
  if (result.retag)
    out.push(
      `Taxonomi: ${result.retag.protocols} protokoll taggades om med version ${v} (${result.retag.changed} dagordningspunkter fick andra ämnen, ${result.retag.seconds.toFixed(1)} s, inga filer lästes om).`,
    );
  return out;
}
