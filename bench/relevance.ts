/**
 * `npm run bench:relevance`: Protokollsök's search against Meilisearch with
 * default settings on the same texts, side by side in one run on one server.
 *
 * Corpus: the bundled PDFs (corpus/*.pdf) and the real PDFs
 * (test/fixtures/real/*.pdf), ingested by the pipeline into a fresh embedded
 * Meilisearch. The plain index holds the same agenda items (id, protocolId,
 * title, text) with no settings at all. Queries: bench/relevance-queries.json,
 * judged at protocol level (a protocol's rank is where its first item ranks).
 *
 * Scores: MRR@10 (first relevant protocol) and recall@5 (share of the relevant
 * protocols among the first five), per kind and overall. Latency: each query
 * against each system ROUNDS times, interleaved, first round discarded;
 * median and p95 per system, in-process (the API's own search function, with
 * its facets and snippets, vs the client's plain search).
 *
 *   npm run bench:relevance                 prints the table
 *   npm run bench:relevance -- --write      also appends it to bench/RESULTS.md
 *   npm run bench:relevance -- --show "q"   prints both systems' top protocols for one query
 */
import '../domain/quiet-dotenv.js';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../domain/config.js';
import { projectRoot } from '../domain/paths.js';
import type { ItemDocument } from '../domain/schemas.js';
import { connect } from '../src/runtime.js';
import { searchItems } from '../src/search/search.js';
import { ingestFiles, listCorpus } from '../ingest/run.js';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '8' },
    show: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);

interface Query {
  kind: string;
  q: string;
  relevant: string[];
}
const { queries } = JSON.parse(readFileSync(path.join(projectRoot, 'bench/relevance-queries.json'), 'utf8')) as {
  queries: Query[];
};

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

function score(ranked: string[], relevant: readonly string[]): { rr: number; recall: number } {
  const rank = ranked.slice(0, 10).findIndex((p) => relevant.includes(p));
  const found = ranked.slice(0, 5).filter((p) => relevant.includes(p)).length;
  return { rr: rank < 0 ? 0 : 1 / (rank + 1), recall: found / relevant.length };
}

/** Distinct protocols in the order of their first hit. */
const protocolsOf = (hits: readonly { protocolId: string }[], fileOf: ReadonlyMap<string, string>) => [
  ...new Set(hits.map((h) => fileOf.get(h.protocolId) ?? h.protocolId)),
];

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-relevance-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    INDEX_PREFIX: 'rel',
    CORPUS_DIR: path.join(projectRoot, 'corpus'),
    LOG_REQUESTS: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const runtime = await connect(config);
  try {
    const files = [
      ...(await listCorpus(path.join(projectRoot, 'corpus'))),
      ...(await listCorpus(path.join(projectRoot, 'test/fixtures/real'))),
    ];
    const summary = await ingestFiles(runtime.indexer, files, { maxFileBytes: 50 * 1024 * 1024, removeMissing: false });
    const items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 100_000 }))
      .results;
    const fileOf = new Map(items.map((i) => [i.protocolId as string, i.sourceFile]));
    const plain = 'rel-plain';
    await runtime.admin.createIndex(plain, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
    await runtime.admin
      .index(plain)
      .addDocuments(items.map((i) => ({ id: i.id, protocolId: i.protocolId, title: i.title, text: i.text })))
      .waitTask({ timeout: 120_000 });
    console.log(`corpus: ${summary.ingested} protocols, ${items.length} agenda items; ${queries.length} queries`);

    const ours = (q: string) => searchItems(runtime.search, { q, sort: 'relevance', page: 1, limit: 20 });
    const base = (q: string) => runtime.search.client.index<{ protocolId: string }>(plain).search(q, { limit: 20 });

    if (values.show) {
      const a = await ours(values.show);
      const b = await base(values.show);
      console.log(
        `Protokollsök (${a.total}${a.partial ? ', partial' : ''}):`,
        a.hits.slice(0, 10).map((h) => `${fileOf.get(h.protocolId)} ${h.itemNumber} ${h.title}`),
      );
      console.log('Meilisearch:', protocolsOf(b.hits, fileOf).slice(0, 10));
      return;
    }
    const results: {
      query: Query;
      ours: ReturnType<typeof score>;
      plain: ReturnType<typeof score>;
      oursMs: number[];
      plainMs: number[];
    }[] = [];
    for (const query of queries) {
      const oursMs: number[] = [];
      const plainMs: number[] = [];
      let oursRanked: string[] = [];
      let plainRanked: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let t = performance.now();
        const a = await ours(query.q);
        if (round > 0) oursMs.push(performance.now() - t);
        t = performance.now();
        const b = await base(query.q);
        if (round > 0) plainMs.push(performance.now() - t);
        oursRanked = protocolsOf(a.hits, fileOf);
        plainRanked = protocolsOf(b.hits, fileOf);
      }
      results.push({
        query,
        ours: score(oursRanked, query.relevant),
        plain: score(plainRanked, query.relevant),
        oursMs,
        plainMs,
      });
    }

    const kinds = [...new Set(queries.map((q) => q.kind)), 'all'];
    const lines = [
      '| kind | queries | MRR@10 Protokollsök | MRR@10 Meilisearch | recall@5 Protokollsök | recall@5 Meilisearch | median ms ours / plain | p95 ms ours / plain |',
      '|---|---|---|---|---|---|---|---|',
    ];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    for (const kind of kinds) {
      const rs = results.filter((r) => kind === 'all' || r.query.kind === kind);
      const oursMs = rs.flatMap((r) => r.oursMs);
      const plainMs = rs.flatMap((r) => r.plainMs);
      lines.push(
        `| ${kind} | ${rs.length} | ${mean(rs.map((r) => r.ours.rr)).toFixed(3)} | ${mean(rs.map((r) => r.plain.rr)).toFixed(3)} | ${mean(rs.map((r) => r.ours.recall)).toFixed(3)} | ${mean(rs.map((r) => r.plain.recall)).toFixed(3)} | ${quantile(oursMs, 0.5).toFixed(1)} / ${quantile(plainMs, 0.5).toFixed(1)} | ${quantile(oursMs, 0.95).toFixed(1)} / ${quantile(plainMs, 0.95).toFixed(1)} |`,
      );
    }
    const allOurs = results.flatMap((r) => r.oursMs);
    const allPlain = results.flatMap((r) => r.plainMs);
    const ratio = `latency ratio (ours / plain): median ×${(quantile(allOurs, 0.5) / quantile(allPlain, 0.5)).toFixed(2)} (target ≤ 2), p95 ×${(quantile(allOurs, 0.95) / quantile(allPlain, 0.95)).toFixed(2)} (target ≤ 3)`;
    const misses = results.filter((r) => r.ours.rr === 0).map((r) => `"${r.query.q}"`);
    const notFirst = results
      .filter((r) => r.ours.rr > 0 && r.ours.rr < 1)
      .map((r) => `"${r.query.q}" (rank ${Math.round(1 / r.ours.rr)})`);
    const behind = results
      .filter((r) => r.ours.rr < r.plain.rr)
      .map((r) => `"${r.query.q}" (${r.ours.rr.toFixed(2)} vs ${r.plain.rr.toFixed(2)})`);
    const table = [
      ...lines,
      '',
      ratio,
      '',
      `Protokollsök finds no relevant protocol in the top 10 for: ${misses.join(', ') || 'none'}.`,
      `Relevant protocol found but not first: ${notFirst.join(', ') || 'none'}.`,
      `Ranks below plain Meilisearch for: ${behind.join(', ') || 'none'}.`,
    ].join('\n');
    console.log(`\n${table}`);
    if (values.write) {
      const section = `\n## Relevance: Protokollsök vs Meilisearch with default settings (\`npm run bench:relevance\`, ${new Date().toISOString().slice(0, 10)})\n\n${summary.ingested} protocols (bundled corpus + test/fixtures/real), ${items.length} agenda items, ${queries.length} queries (bench/relevance-queries.json), judged at protocol level; the plain index holds the same items with no settings, on the same server. Latency in-process over ${ROUNDS - 1} rounds per query (ours includes the facets and the snippets the API returns), ${os.availableParallelism()} cores.\n\n${table}\n`;
      appendFileSync(path.join(projectRoot, 'bench/RESULTS.md'), section);
      console.log('\nappended to bench/RESULTS.md');
    }
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
