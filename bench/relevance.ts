/**
 * `npm run bench:relevance`: Protokollsök's search against Meilisearch with
 * default settings on the same texts, side by side in one run on one server,
 * over two sets:
 *
 * - **judged**: the bundled PDFs (corpus/*.pdf) and the real PDFs
 *   (test/fixtures/real/*.pdf) with our own judged queries
 *   (bench/relevance-queries.json), judged at protocol level (a protocol's
 *   rank is where its first item ranks), per kind;
 * - **swefaq-dev**: the development split of SweFAQ v2.0 (Språkbanken Text,
 *   CC BY 4.0; bench/swefaq-dev/README.md): 110 questions, each answered by
 *   one of the 110 answer texts, ingested by the pipeline into an index of
 *   their own; the categories split in two halves, `swefaq-tune` and
 *   `swefaq-check` (the held-out half).
 *
 * Each set is ingested by the pipeline into a fresh embedded Meilisearch; its
 * plain index holds the same agenda items (id, protocolId, title, text) with
 * no settings at all. Scores: MRR@10 (first relevant protocol) and recall@5
 * (share of the relevant protocols among the first five), per kind and set.
 * Latency: each query against each system ROUNDS times, interleaved; the
 * first round is each question's cold call (nothing remembered of it: its
 * analysis, its typo searches; the very first question of a set also comes
 * before the API holds the posting lists), reported apart, the rest warm;
 * median and p95 per kind, in-process (the API's own search function, with its
 * facets and snippets, vs the client's plain search).
 *
 *   npm run bench:relevance                 prints the tables
 *   npm run bench:relevance -- --write      also adds them to bench/RESULTS.md (newest on top)
 *   npm run bench:relevance -- --show "q"   prints both systems' top protocols for one query (both sets)
 *   npm run bench:relevance -- --set swefaq-dev   one set only
 */
import '../domain/quiet-dotenv.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../domain/config.js';
import { projectRoot } from '../domain/paths.js';
import { ensureIndexes } from '../domain/store/index-settings.js';
import { swedishLanguage } from '../domain/swedish/language.js';
import { connect, type Runtime } from '../src/runtime.js';
import type { SearchContext } from '../src/search/context.js';
import { searchItems } from '../src/search/search.js';
import { Indexer, ingestFiles, listCorpus, type SourceFile } from '../ingest/index.js';
import { plainCopy } from './lib/plain-index.js';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '8' },
    show: { type: 'string' },
    set: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);

interface Query {
  kind: string;
  q: string;
  relevant: string[];
}

interface BenchSet {
  name: string;
  about: string;
  /** Index prefix (the search key covers `rel-*`). */
  prefix: string;
  files: () => Promise<SourceFile[]>;
  queries: Query[];
  /** Print the queries that miss, one by one (the judged set), or only how many. */
  listMisses: boolean;
}

const judged = JSON.parse(readFileSync(path.join(projectRoot, 'bench/relevance-queries.json'), 'utf8')) as {
  queries: Query[];
};
const swefaq = JSON.parse(readFileSync(path.join(projectRoot, 'bench/swefaq-dev/queries.json'), 'utf8')) as {
  queries: { q: string; file: string; category: string }[];
};
/** SweFAQ's categories in the order they first appear: odd ones to tune on, even ones held out. */
const categories = [...new Set(swefaq.queries.map((q) => q.category))];

const SETS: BenchSet[] = [
  {
    name: 'judged',
    about: 'bundled corpus + test/fixtures/real, bench/relevance-queries.json',
    prefix: 'rel',
    files: async () => [
      ...(await listCorpus(path.join(projectRoot, 'corpus'))),
      ...(await listCorpus(path.join(projectRoot, 'test/fixtures/real'))),
    ],
    queries: judged.queries,
    listMisses: true,
  },
  {
    name: 'swefaq-dev',
    about: 'SweFAQ v2.0 dev split (Språkbanken Text, CC BY 4.0), bench/swefaq-dev',
    prefix: 'rel-faq',
    files: () => listCorpus(path.join(projectRoot, 'bench/swefaq-dev/corpus')),
    queries: swefaq.queries.map((q) => ({
      kind: categories.indexOf(q.category) % 2 === 0 ? 'swefaq-tune' : 'swefaq-check',
      q: q.q,
      relevant: [q.file],
    })),
    listMisses: false,
  },
].filter((set) => !values.set || set.name === values.set);

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

interface Result {
  query: Query;
  ours: ReturnType<typeof score>;
  plain: ReturnType<typeof score>;
  oursMs: number[];
  plainMs: number[];
  /** The question's first call (round 0). */
  oursCold: number;
  plainCold: number;
}

/** One set: ingested into its own indexes, its queries run against both systems. */
async function runSet(runtime: Runtime, set: BenchSet): Promise<{ table: string; summary: string } | undefined> {
  const names = await ensureIndexes(runtime.admin, set.prefix, swedishLanguage);
  const indexer = new Indexer(runtime.admin, names);
  const search: SearchContext = { client: runtime.search.client, names };
  const summary = await ingestFiles(indexer, await set.files(), {
    maxFileBytes: 50 * 1024 * 1024,
    removeMissing: false,
  });
  const plain = `${set.prefix}-plain`;
  const items = await plainCopy(runtime.admin, names.items, plain);
  const fileOf = new Map(items.map((i) => [i.protocolId as string, i.sourceFile]));
  const header = `${set.name}: ${summary.ingested} protocols, ${items.length} agenda items; ${set.queries.length} queries (${set.about})`;
  console.log(header);

  const ours = (q: string) => searchItems(search, { q, sort: 'relevance', page: 1, limit: 20 });
  const base = (q: string) => runtime.search.client.index<{ protocolId: string }>(plain).search(q, { limit: 20 });

  if (values.show) {
    const a = await ours(values.show);
    const b = await base(values.show);
    console.log(
      `Protokollsök (${a.total}${a.partial ? ', partial' : ''}):`,
      a.hits.slice(0, 10).map((h) => `${fileOf.get(h.protocolId)} ${h.itemNumber} ${h.title}`),
    );
    console.log('Meilisearch:', protocolsOf(b.hits, fileOf).slice(0, 10));
    return undefined;
  }
  const results: Result[] = [];
  for (const query of set.queries) {
    const oursMs: number[] = [];
    const plainMs: number[] = [];
    let oursRanked: string[] = [];
    let plainRanked: string[] = [];
    let oursCold = 0;
    let plainCold = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      const a = await ours(query.q);
      if (round > 0) oursMs.push(performance.now() - t);
      else oursCold = performance.now() - t;
      t = performance.now();
      const b = await base(query.q);
      if (round > 0) plainMs.push(performance.now() - t);
      else plainCold = performance.now() - t;
      oursRanked = protocolsOf(a.hits, fileOf);
      plainRanked = protocolsOf(b.hits, fileOf);
    }
    results.push({
      query,
      ours: score(oursRanked, query.relevant),
      plain: score(plainRanked, query.relevant),
      oursMs,
      plainMs,
      oursCold,
      plainCold,
    });
  }

  const kinds = [...new Set(set.queries.map((q) => q.kind)), 'all'];
  const lines = [
    '| set | kind | queries | MRR@10 Protokollsök | MRR@10 Meilisearch | recall@5 Protokollsök | recall@5 Meilisearch | median ms ours / plain | p95 ms ours / plain |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  for (const kind of kinds) {
    const rs = results.filter((r) => kind === 'all' || r.query.kind === kind);
    const oursMs = rs.flatMap((r) => r.oursMs);
    const plainMs = rs.flatMap((r) => r.plainMs);
    lines.push(
      `| ${set.name} | ${kind} | ${rs.length} | ${mean(rs.map((r) => r.ours.rr)).toFixed(3)} | ${mean(rs.map((r) => r.plain.rr)).toFixed(3)} | ${mean(rs.map((r) => r.ours.recall)).toFixed(3)} | ${mean(rs.map((r) => r.plain.recall)).toFixed(3)} | ${quantile(oursMs, 0.5).toFixed(1)} / ${quantile(plainMs, 0.5).toFixed(1)} | ${quantile(oursMs, 0.95).toFixed(1)} / ${quantile(plainMs, 0.95).toFixed(1)} |`,
    );
  }
  const allOurs = results.flatMap((r) => r.oursMs);
  const allPlain = results.flatMap((r) => r.plainMs);
  const coldOurs = results.map((r) => r.oursCold);
  const coldPlain = results.map((r) => r.plainCold);
  const ratio = [
    `${set.name}: latency ratio (ours / plain): median ×${(quantile(allOurs, 0.5) / quantile(allPlain, 0.5)).toFixed(2)} (target ≤ 3), p95 ×${(quantile(allOurs, 0.95) / quantile(allPlain, 0.95)).toFixed(2)}`,
    `${set.name}: cold (each question's first call): median ${quantile(coldOurs, 0.5).toFixed(1)} / ${quantile(coldPlain, 0.5).toFixed(1)} ms, ×${(quantile(coldOurs, 0.5) / quantile(coldPlain, 0.5)).toFixed(2)}; p95 ${quantile(coldOurs, 0.95).toFixed(1)} / ${quantile(coldPlain, 0.95).toFixed(1)} ms; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ].join('\n');
  const misses = results.filter((r) => r.ours.rr === 0).map((r) => `"${r.query.q}"`);
  const notFirst = results
    .filter((r) => r.ours.rr > 0 && r.ours.rr < 1)
    .map((r) => `"${r.query.q}" (rank ${Math.round(1 / r.ours.rr)})`);
  const behind = results
    .filter((r) => r.ours.rr < r.plain.rr)
    .map((r) => `"${r.query.q}" (${r.ours.rr.toFixed(2)} vs ${r.plain.rr.toFixed(2)})`);
  const notes = set.listMisses
    ? [
        `Protokollsök finds no relevant protocol in the top 10 for: ${misses.join(', ') || 'none'}.`,
        `Relevant protocol found but not first: ${notFirst.join(', ') || 'none'}.`,
        `Ranks below plain Meilisearch for: ${behind.join(', ') || 'none'}.`,
      ]
    : [
        `${set.name}: answer not in the top 10 for ${misses.length} of ${results.length} questions, found but not first for ${notFirst.length}; ranked below plain Meilisearch for ${behind.length}.`,
      ];
  return { table: lines.join('\n'), summary: [ratio, ...notes].join('\n') };
}

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
    const out: { table: string; summary: string }[] = [];
    for (const set of SETS) {
      const result = await runSet(runtime, set);
      if (result) out.push(result);
    }
    if (out.length === 0) return;
    const [first, ...rest] = out;
    const table = [first!.table, ...rest.map((r) => r.table.split('\n').slice(2).join('\n'))].join('\n');
    const text = `${table}\n\n${out.map((r) => r.summary).join('\n\n')}`;
    console.log(`\n${text}`);
    if (values.write) {
      let commit = 'unknown';
      try {
        commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot }).toString().trim();
      } catch {}
      const section = `## Relevance: Protokollsök vs Meilisearch with default settings (\`npm run bench:relevance\`, ${new Date().toISOString().slice(0, 16)}Z, commit ${commit})\n\nTwo sets, each ingested by the pipeline into its own index, the plain index holding the same items with no settings, on the same server: ${SETS.map((s) => `**${s.name}** (${s.about})`).join('; ')}. judged is scored at protocol level. Latency in-process over ${ROUNDS - 1} rounds per query (ours includes the facets and the snippets the API returns), ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}).\n\n${text}\n`;
      const file = path.join(projectRoot, 'bench/RESULTS.md');
      const current = readFileSync(file, 'utf8');
      const at = current.indexOf('\n## ');
      writeFileSync(
        file,
        at < 0 ? `${current}\n${section}` : `${current.slice(0, at + 1)}${section}\n${current.slice(at + 1)}`,
      );
      console.log('\nadded to bench/RESULTS.md');
    }
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
