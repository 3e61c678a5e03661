/**
 * Re-tagging the corpus after a taxonomy edit, measured on an index of generated
 * protocols (bench/lib/corpus.ts: the seeds' items recombined).
 *
 *   npm run bench:retag                      1,000 protocols
 *   npm run bench:retag -- --count 10000     10,000 (the target: within a minute)
 *   npm run bench:retag -- --data DIR        keep Meilisearch's data in DIR and reuse its index next time
 *
 * Builds its index from the generated protocols' text through the real pipeline
 * and Indexer (no PDFs: parsing them is the ingest benchmark's business), then
 * times, through the same code the API runs on PUT /api/taxonomy: a dry run and
 * a save of one added term (only items that can change are tagged again), a save
 * that changes the weights (every item is tagged again), and a restore. `measureRetag`
 * is also called by `npm run bench` on its own large index.
 */
import '../domain/quiet-dotenv.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Meilisearch } from 'meilisearch';
import { ensureIndexes, indexNames, type IndexNames } from '../domain/store/index-settings.js';
import { startEmbeddedMeili } from '../domain/store/server.js';
import { swedishLanguage } from '../domain/swedish/language.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { Indexer } from '../ingest/indexer.js';
import { ingestFile } from '../ingest/pipeline.js';
import { CorpusTaxonomy, type RetagSummary } from '../ingest/retag.js';
import { adminFor } from './drills/snapshot.js';
import { generateProtocol, renderText } from './lib/corpus.js';

export interface RetagMeasure {
  what: string;
  seconds: number;
  summary: RetagSummary | null;
}

const withTerm = (t: Taxonomy, label: string, term: string): Taxonomy => ({
  ...t,
  topics: t.topics.map((topic) => (topic.label === label ? { ...topic, terms: [...topic.terms, term] } : topic)),
});

/** Times a dry run, a one-term save, a weights change and a restore on an indexed corpus. */
export async function measureRetag(admin: Meilisearch, names: IndexNames): Promise<RetagMeasure[]> {
  const corpus = new CorpusTaxonomy(admin, names);
  const out: RetagMeasure[] = [];
  const timed = async (what: string, work: () => Promise<RetagSummary | null>) => {
    const started = performance.now();
    const summary = await work();
    out.push({ what, seconds: (performance.now() - started) / 1000, summary });
  };
  await timed('start-up sync (stale protocols re-tagged)', async () => (await corpus.sync()).retag);
  const { version: v1 } = await corpus.active(0);
  const oneTerm = withTerm(v1.taxonomy, 'nära vård', 'kunskapsstyrning');
  await timed('dry run of one added term', async () => {
    await corpus.dryRun(oneTerm);
    return null;
  });
  const save = (taxonomy: Taxonomy, from: typeof v1) => async () => {
    const saved = await corpus.store.append(taxonomy, { source: 'api' });
    corpus.adopt(saved);
    return corpus.retagAfterChange(saved, from);
  };
  await timed('save: one term added to one topic', save(oneTerm, v1));
  const { version: v2 } = await corpus.active(0);
  const weights = { ...oneTerm, defaults: { ...oneTerm.defaults, weakWeight: 0.35 } };
  await timed('save: weights changed (every item re-tagged)', save(weights, v2));
  const { version: v3 } = await corpus.active(0);
  await timed('restore version 1', save(v1.taxonomy, v3));
  return out;
}

export function describeMeasures(protocols: number, items: number, measures: readonly RetagMeasure[]): string {
  const lines = measures.map((m) => {
    const s = m.summary;
    const detail = s
      ? ` (${s.items.toLocaleString('en')} items read, ${s.tagged.toLocaleString('en')} tagged again, ${s.changed.toLocaleString('en')} changed, ${s.protocols.toLocaleString('en')} protocols stamped)`
      : '';
    return `  ${m.what.padEnd(46)} ${m.seconds.toFixed(1).padStart(6)} s${detail}`;
  });
  return [
    `Re-tagging ${protocols.toLocaleString('en')} protocols (${items.toLocaleString('en')} items):`,
    ...lines,
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      data: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const dataDir = values.data ?? mkdtempSync(path.join(os.tmpdir(), 'protokollsok-retag-'));
  const meili = await startEmbeddedMeili({ dataDir, maxIndexingMemory: '256Mb' });
  try {
    const admin = adminFor(meili.url, meili.masterKey);
    const names = await ensureIndexes(admin, `retag${count}`, swedishLanguage);
    const indexer = new Indexer(admin, names);
    const started = performance.now();
    let batch: Parameters<Indexer['writeProtocols']>[0][number][] = [];
    let items = (await admin.index(names.items).getStats()).numberOfDocuments;
    // A kept index is reused as it is; its taxonomy goes back to the file's version first.
    if (items > 0) await admin.index(names.taxonomy).deleteAllDocuments().waitTask();
    for (let i = items > 0 ? count : 0; i < count; i++) {
      const p = generateProtocol(seed, i);
      const result = await ingestFile(new TextEncoder().encode(renderText(p)), `${p.name}.txt`);
      if (!result.ok) continue;
      items += result.items.length;
      batch.push({ protocol: result.protocol, items: result.items });
      if (batch.length === 500 || i === count - 1) {
        await indexer.writeProtocols(batch);
        batch = [];
        process.stderr.write(`  indexed ${i + 1} protocols…\n`);
      }
    }
    console.log(
      `Index of ${count.toLocaleString('en')} generated protocols, ${items.toLocaleString('en')} items, built in ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    );
    console.log(describeMeasures(count, items, await measureRetag(admin, indexNames(`retag${count}`))));
  } finally {
    await meili.stop();
    if (!values.data) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
