/**
 * `npm run bench:keyness -- --count 1000`: keyness ("Vad är nytt") and trends
 * on a generated corpus (text protocols from bench/lib/corpus.ts, the same
 * generator as the main benchmark), with the answer cache off, so every
 * question is computed: the first question (which reads every item's word
 * counts into the API's term index), then the median of five runs of three
 * kinds of question. Prints one line per measurement.
 */
import '../domain/quiet-dotenv.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../domain/config.js';
import { startEmbeddedMeili } from '../domain/store/server.js';
import { ingestFiles, listCorpus } from '../ingest/run.js';
import { connect } from '../src/runtime.js';
import { computeKeyness, type KeynessRequest } from '../src/search/keyness.js';
import { termIndexOf } from '../src/search/term-index.js';
import { computeTrends } from '../src/search/trends.js';
import { writeCorpus } from './lib/corpus.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
const COUNT = Number(values.count);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await f();
  return [value, performance.now() - t];
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bench-keyness-'));
const meili = await startEmbeddedMeili({ dataDir: path.join(dir, 'meili'), maxIndexingMemory: '256Mb' });
try {
  const corpus = path.join(dir, 'corpus');
  await writeCorpus({ count: COUNT, seed: 7, out: corpus, format: 'txt' });
  const config = loadConfig({
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    INDEX_PREFIX: 'keyness',
    CORPUS_DIR: corpus,
    SEARCH_CACHE_ENTRIES: '0',
  });
  const runtime = await connect(config);
  const [summary, ingestMs] = await timed(async () =>
    ingestFiles(runtime.indexer, await listCorpus(corpus), { maxFileBytes: 50e6, removeMissing: true }),
  );
  const facets = (
    await runtime.search.client.index(runtime.names.items).search(null, { facets: ['year', 'body'], limit: 0 })
  ).facetDistribution!;
  const years = Object.keys(facets.year ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  const body = Object.keys(facets.body ?? {})[0]!;
  const newest = years.at(-1)!;
  console.log(
    `${summary.ingested} protocols ingested in ${(ingestMs / 1000).toFixed(1)} s; years ${years[0]}–${newest}`,
  );
  const base = { unit: 'words', minCount: 3, minG2: 3.84, limit: 100 } as const;
  const questions: [string, KeynessRequest][] = [
    [`${newest} against every other year`, { ...base, period: { from: newest, to: newest } }],
    [
      `${newest} against ${newest - 3}–${newest - 1}`,
      { ...base, period: { from: newest, to: newest }, reference: { from: newest - 3, to: newest - 1 } },
    ],
    ['one body against the others, every year', { ...base, body: [body] }],
  ];
  const heapBefore = process.memoryUsage().heapUsed;
  const [, firstMs] = await timed(() => computeKeyness(runtime.search, questions[0]![1]));
  const index = termIndexOf(runtime.search);
  global.gc?.();
  console.log(
    `keyness, first question (reads every item's counts once): ${firstMs.toFixed(0)} ms; held: ${index.itemCount} items, ${index.forms.length} forms, ${index.stems.length} stems, ${index.packedEntries} packed counts (${((index.packedEntries * 4) / 1e6).toFixed(1)} MB), heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`,
  );
  for (const [name, request] of questions) {
    const runs: number[] = [];
    let answer = await computeKeyness(runtime.search, request);
    for (let i = 0; i < 5; i++) {
      const [k, ms] = await timed(() => computeKeyness(runtime.search, request));
      answer = k;
      runs.push(ms);
    }
    console.log(
      `keyness, ${name}: median ${median(runs).toFixed(0)} ms (${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)}); ` +
        `${answer.target.items} against ${answer.reference.items} items; top: ${answer.terms
          .slice(0, 3)
          .map((t) => `${t.term} ${t.countTarget}/${t.countReference}`)
          .join(', ')}`,
    );
  }
  const trendRuns: number[] = [];
  for (let i = 0; i < 7; i++)
    trendRuns.push((await timed(() => computeTrends(runtime.search, { unit: 'meetings' })))[1]);
  console.log(`trends, every topic, share of meetings: median ${median(trendRuns).toFixed(1)} ms`);
  await runtime.close();
} finally {
  await meili.stop();
  rmSync(dir, { recursive: true, force: true });
}
