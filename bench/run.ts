/**
 * `npm run bench`: ingest and API benchmarks, every figure measured side by
 * side in the same run, printed as ONE table with ratios and targets (and
 * written to bench/out/results-<size>.md for RESULTS.md).
 *
 *   npm run bench                       small: 100 and 1,000 generated protocols
 *   npm run bench -- --size full        full:  100 and 10,000
 *   npm run bench -- --profile          also CPU-profile the worker on the small corpus
 *   npm run bench -- --seconds 5        load duration per API measurement
 *   npm run bench -- --only ingest      only the ingest and index-build figures (or --only api, --only questions:
 *                                       SweFAQ dev's question latency and scores, in-process by bench/relevance.ts
 *                                       and over HTTP to a freshly started API by bench/questions-http.ts)
 *
 * Each API figure and its references (the same calls straight to Meilisearch, a bare
 * passthrough of them, and for search a work floor that also shapes the page as the search
 * module does: bench/floor-proxy.ts) are loaded in alternating short rounds and read as the
 * rounds' medians, so a burst of other load on a shared machine falls on both sides of a ratio.
 *
 * Runs the code compiled once into bench/out/frozen-* (as production runs it), its own embedded
 * Meilisearch on a temporary folder, and pdftotext (poppler-utils; installed
 * with apt-get when missing and running as root).
 */
import '../domain/quiet-dotenv.js';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../domain/config.js';
import { projectRoot } from '../domain/paths.js';
import { indexNames } from '../domain/store/index-settings.js';
import { startEmbeddedMeili, type EmbeddedMeili } from '../domain/store/server.js';
import { writeCorpus } from './lib/corpus.js';
import { startFloor, type Floor } from './floors.js';
import { frozenBuild, nodeArgs, spawnNode, startApi } from './drills/procs.js';
import { adminFor } from './drills/snapshot.js';
import { summariseByModule, summariseProfiles } from './profile.js';
import { Durations } from './latency.js';
import { startRecordingProxy, type RecordedRequest } from './record-proxy.js';
import { measureRetag } from './retag.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seconds: { type: 'string' },
    profile: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    only: { type: 'string', default: 'ingest,api,questions' },
  },
});
const ONLY = new Set(values.only.split(',')); // 'ingest' always runs: the API figures need its index
const FULL = values.size === 'full';
const SMALL = 100;
const LARGE = FULL ? 10_000 : 1_000;
const SECONDS = Number(values.seconds ?? (FULL ? 10 : 5));
/** The API and its references are loaded in this many alternating rounds of SECONDS / ROUNDS each. */
const ROUNDS = 4;
const ROUND_SECONDS = Math.max(2, Math.round(SECONDS / ROUNDS));
/** The re-ingest of the unchanged corpus is timed this many times and read as the median. */
const REINGEST_RUNS = 3;
const SEED = Number(values.seed);
const OUT = path.join(projectRoot, 'bench', 'out');
const CORES = os.availableParallelism();

interface Row {
  what: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  met: string;
}
const rows: Row[] = [];
/** One row of the table; `digits` of the ratio where two would round a miss onto its target (0.021 → "0.02"). */
function row(
  what: string,
  ours: string,
  reference: string,
  ratio: number | null,
  target: string,
  met: boolean | null,
  digits = 2,
) {
  rows.push({
    what,
    ours,
    reference,
    ratio: ratio === null ? '–' : ratio.toFixed(digits),
    target,
    met: met === null ? '' : met ? 'met' : 'MISSED',
  });
  console.log(`  ${what}: ${ours} | ${reference}${ratio === null ? '' : ` | ×${ratio.toFixed(digits)}`}`);
}

function ensurePdftotext(): void {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    if (process.getuid?.() !== 0)
      throw new Error('pdftotext is missing: apt-get install poppler-utils (the benchmark compares against it)');
    console.log('installing poppler-utils for pdftotext…');
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'poppler-utils'], { stdio: 'inherit' });
  }
}

/** The generated PDF corpus of `count` protocols, reused when the generator has not changed. */
async function corpus(count: number): Promise<string> {
  const dir = path.join(OUT, `corpus-pdf-s${SEED}-${count}`);
  const stamp = createHash('sha256')
    .update(readFileSync(path.join(projectRoot, 'bench/lib/corpus.ts')))
    .update(String(SEED))
    .digest('hex')
    .slice(0, 16);
  const stampFile = path.join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  const summary = await writeCorpus({ count, seed: SEED, out: dir, format: 'pdf' });
  writeFileSync(stampFile, stamp);
  console.log(`  generated ${count} PDFs (${(summary.bytes / 1e6).toFixed(0)} MB) in ${summary.seconds.toFixed(0)} s`);
  return dir;
}

const pdfFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => path.join(dir, f));

/** pdftotext over every PDF in `lanes` parallel processes. */
async function pdftotext(dir: string, lanes: number): Promise<number> {
  const files = pdfFiles(dir);
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await new Promise<void>((resolve, reject) =>
        spawn('pdftotext', ['-enc', 'UTF-8', file, '/dev/null'], { stdio: 'ignore' }).once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`pdftotext failed on ${file}`)),
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return (performance.now() - started) / 1000;
}

/**
 * The question figures of `npm run bench:relevance` on the SweFAQ development split (its own
 * embedded Meilisearch and plain index, in-process as that bench measures): warm and cold medians,
 * ours and plain, and both systems' MRR@10 and recall@5; and of bench/questions-http.ts, the same
 * questions over HTTP to a freshly started API and to plain Meilisearch: first calls, then asked again.
 */
function questionBench(): {
  warm: [number, number];
  cold: [number, number];
  httpFirst: [number, number];
  httpAgain: [number, number];
  mrr: [number, number];
  recall: [number, number];
} {
  const env: NodeJS.ProcessEnv = { ...process.env, DOTENV_CONFIG_QUIET: 'true' };
  delete env.MEILI_URL;
  delete env.MEILI_MASTER_KEY;
  const run = (args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', ...args], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    });
  const overHttp = run(['bench/questions-http.ts']);
  const pass = (name: string) => {
    const m = overHttp.match(new RegExp(`^questions over HTTP, ${name}: median ([\\d.]+) / ([\\d.]+) ms`, 'm'));
    if (!m) throw new Error(`bench/questions-http.ts printed no "${name}" figures:\n${overHttp.slice(-2000)}`);
    return [Number(m[1]), Number(m[2])] as [number, number];
  };
  const out = run(['bench/relevance.ts', '--set', 'swefaq-dev']);
  const all = out.match(
    /^\| swefaq-dev \| all \| \d+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \/ ([\d.]+) \|/m,
  );
  const cold = out.match(/^swefaq-dev: cold \(each question's first call\): median ([\d.]+) \/ ([\d.]+) ms/m);
  if (!all || !cold) throw new Error(`bench/relevance.ts printed no SweFAQ figures:\n${out.slice(-2000)}`);
  const n = (m: RegExpMatchArray, i: number) => Number(m[i]);
  return {
    mrr: [n(all, 1), n(all, 2)],
    recall: [n(all, 3), n(all, 4)],
    warm: [n(all, 5), n(all, 6)],
    cold: [n(cold, 1), n(cold, 2)],
    httpFirst: pass('first call'),
    httpAgain: pass('asked again'),
  };
}

interface WorkerRun {
  wallSeconds: number;
  seconds: number;
  ingested: number;
  unchanged: number;
  failed: number;
  pages: number;
  items: number;
  /** Main process and ingest children together (sampled), then each part's own peak. */
  peakMb: number;
  mainPeakMb: number;
  childPeakMb: number;
}

/** The real worker CLI on `dir`; parses its summary line. */
async function runWorker(
  dir: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<WorkerRun> {
  const started = performance.now();
  const proc = spawnNode([...nodeArgs('ingest/worker.ts'), dir], { ...env, CORPUS_DIR: dir }, nodeFlags);
  const exit = await proc.exited;
  const wallSeconds = (performance.now() - started) / 1000;
  // 'exit' can come before the last of its output has been read (a re-ingest prints 1,000 lines at once):
  // the summary line is read once stdout has closed.
  const stdout = proc.child.stdout;
  if (stdout && !stdout.closed)
    await new Promise((resolve) => {
      stdout.once('close', resolve);
      setTimeout(resolve, 5000).unref();
    });
  const out = proc.lines.join('\n');
  const m = out.match(
    /Klart på ([\d.]+) s: (\d+) inlästa, (\d+) oförändrade, \d+ borttagna, (\d+) misslyckade \((\d+) sidor, [^,]+, (\d+) dagordningspunkter; minnestopp (\d+) MB totalt \(huvudprocessen (\d+) MB, inläsningsprocesserna högst (\d+) MB var\)/,
  );
  if (exit.code !== 0 || !m)
    throw new Error(`worker exited ${exit.code ?? exit.signal}: ${proc.lines.slice(-8).join('\n')}`);
  return {
    wallSeconds,
    seconds: Number(m[1]),
    ingested: Number(m[2]),
    unchanged: Number(m[3]),
    failed: Number(m[4]),
    pages: Number(m[5]),
    items: Number(m[6]),
    peakMb: Number(m[7]),
    mainPeakMb: Number(m[8]),
    childPeakMb: Number(m[9]),
  };
}

/** CPU time (user + system, all threads) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
}
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number | null {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const isoSeconds = (duration: string | null | undefined) => {
  const m = duration?.match(/^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
};

/**
 * Time Meilisearch spent on the document writes of a prefix's indexes: the sum of its batches'
 * durations (tasks it indexed together share one batch, whose duration each of them reports, so
 * summing tasks would count a batch once per task), with how many tasks and batches there were.
 */
async function indexingSeconds(
  meili: EmbeddedMeili,
  prefix: string,
): Promise<{ seconds: number; taskSeconds: number; tasks: number; batches: number; documents: number }> {
  const admin = adminFor(meili.url, meili.masterKey);
  const names = indexNames(prefix);
  const uids = [names.items, names.protocols, names.failures];
  const batches = new Map<number, number>();
  let taskSeconds = 0;
  let tasks = 0;
  let from: number | undefined;
  for (;;) {
    const page = await admin.tasks.getTasks({
      indexUids: uids,
      statuses: ['succeeded'],
      limit: 1000,
      ...(from === undefined ? {} : { from }),
    });
    for (const t of page.results) {
      if (t.type === 'documentAdditionOrUpdate' || t.type === 'documentDeletion') {
        taskSeconds += isoSeconds(t.duration);
        tasks++;
        batches.set(t.batchUid ?? -t.uid, isoSeconds(t.duration));
      }
    }
    if (page.next === null || page.next === undefined) break;
    from = page.next;
  }
  const stats = await admin.index(names.items).getStats();
  const seconds = [...batches.values()].reduce((a, b) => a + b, 0);
  return { seconds, taskSeconds, tasks, batches: batches.size, documents: stats.numberOfDocuments };
}

interface Load {
  p50: number;
  p99: number;
  /** Successful (2xx) requests per second. */
  rps: number;
  /** Answers that were not 2xx (the API sheds load with 503 past MEILI_TIMEOUT_MS), errors and timeouts. */
  failed: number;
  total: number;
}

async function load(
  url: string,
  connections: number,
  request: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
  seconds = SECONDS,
): Promise<Load> {
  // Each 2xx answer's own duration (as autocannon's latency counts only 2xx), in fractional ms: see latency.ts.
  const durations = new Durations();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url,
        connections,
        duration: seconds,
        method: request.method ?? 'GET',
        ...(request.body === undefined ? {} : { body: request.body }),
        headers: { 'accept-encoding': 'identity', ...(request.headers ?? {}) },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    run.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) durations.add(ms);
    });
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  const total = result.requests.total + result.errors + result.timeouts;
  const ok = Math.max(0, result.requests.total - result.non2xx);
  return { ...durations.summary(), rps: ok / (result.duration || seconds), failed, total };
}

/**
 * Each side's rounds as one figure: the median round's p50 and p99 (a burst of other load on the
 * machine moves one round, not the figure), the mean req/s, every request counted.
 */
function combined<T extends Load>(rounds: readonly T[]): T {
  const median = (pick: (l: Load) => number) => {
    const v = rounds.map(pick).sort((a, b) => a - b);
    return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  return {
    ...rounds[0]!,
    p50: median((l) => l.p50),
    p99: median((l) => l.p99),
    rps: rounds.reduce((n, l) => n + l.rps, 0) / rounds.length,
    failed: rounds.reduce((n, l) => n + l.failed, 0),
    total: rounds.reduce((n, l) => n + l.total, 0),
  };
}

/**
 * bench/floor-proxy.ts over the recorded calls, as its own process: the bare passthrough, or with
 * `work` the search's work floor (over the search's calls only).
 */
async function startFloorProxy(
  meiliUrl: string,
  recorded: ReadonlyMap<string, RecordedRequest[]>,
  paths: ReadonlyMap<string, string>,
  work = false,
): Promise<Floor> {
  const file = path.join(OUT, `floor-calls-${process.pid}${work ? '-work' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      Object.fromEntries(
        [...recorded]
          .filter(([name]) => !work || name === '/api/search')
          .map(([name, calls]) => [paths.get(name)!, calls]),
      ),
    ),
  );
  const floor = await startFloor(file, meiliUrl, work);
  return {
    url: floor.url,
    stop: async () => {
      await floor.stop();
      rmSync(file, { force: true });
    },
  };
}

/** The same Meilisearch calls the API makes, straight to Meilisearch; chained calls are composed step by step. */
async function loadDirect(
  meiliUrl: string,
  calls: readonly RecordedRequest[],
  connections: number,
  seconds: number,
): Promise<Load & { calls: number }> {
  const steps: Load[] = [];
  for (const call of calls) {
    steps.push(
      await load(
        `${meiliUrl}${call.path}`,
        connections,
        {
          method: call.method === 'GET' ? 'GET' : 'POST',
          body: call.body,
          headers: { ...call.headers, 'accept-encoding': 'identity' },
        },
        seconds,
      ),
    );
  }
  // k sequential calls: latencies add up, and a connection completes 1 / Σ(1/rps_i) chains per second.
  return {
    failed: steps.reduce((n, s) => n + s.failed, 0),
    total: steps.reduce((n, s) => n + s.total, 0),
    calls: calls.length,
    p50: steps.reduce((n, s) => n + s.p50, 0),
    p99: steps.reduce((n, s) => n + s.p99, 0),
    rps: 1 / steps.reduce((n, s) => n + 1 / s.rps, 0),
  };
}

async function main(): Promise<void> {
  // Compiled code, as production runs it, compiled once: no tsx in the timings, and no edits to the tree mid-run.
  frozenBuild();
  ensurePdftotext();
  mkdirSync(OUT, { recursive: true });
  console.log(`bench (${values.size}): ${SMALL} and ${LARGE} protocols, ${CORES} cores`);
  const small = await corpus(SMALL);
  const large = await corpus(LARGE);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bench-'));
  // The indexing memory production uses (MEILI_MAX_INDEXING_MEMORY's default, or the variable when set).
  const indexingMemory = loadConfig().MEILI_MAX_INDEXING_MEMORY;
  const meili = await startEmbeddedMeili({ dataDir, maxIndexingMemory: indexingMemory });
  const base = {
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    DATA_DIR: path.join(dataDir, 'app'),
    INGEST_FILE_TIMEOUT_MS: '120000',
  };
  try {
    // ── Ingest ──────────────────────────────────────────────────────────
    console.log('ingest…');
    const textSeconds = await pdftotext(large, CORES);
    const textOne = await pdftotext(small, 1);
    const meiliCpu0 = cpuMs(meili.pid);
    const first = await runWorker(large, { ...base, INDEX_PREFIX: 'large' });
    const meiliCpuSeconds = (cpuMs(meili.pid) - meiliCpu0) / 1000;
    // The re-ingest is a ~1 s process start on a shared machine: one sample moved by ±0.15 s between runs,
    // so it is run three times and read as the median, as the API's figures are read as rounds' medians.
    const agains: WorkerRun[] = [];
    for (let i = 0; i < REINGEST_RUNS; i++) agains.push(await runWorker(large, { ...base, INDEX_PREFIX: 'large' }));
    const again = agains.sort((a, b) => a.wallSeconds - b.wallSeconds)[Math.floor(REINGEST_RUNS / 2)]!;
    const smallRun = await runWorker(small, { ...base, INDEX_PREFIX: 'small' });
    const meiliPeak = peakRssMb(meili.pid);

    const ourPps = first.pages / first.wallSeconds;
    const textPps = first.pages / textSeconds;
    row(
      `Ingest ${LARGE.toLocaleString('en')} PDFs (${first.pages.toLocaleString('en')} pages), whole pipeline incl. indexing, pages/s; both on ${CORES} cores`,
      ourPps.toFixed(0),
      `pdftotext ×${CORES}: ${textPps.toFixed(0)}`,
      ourPps / textPps,
      '≥ 0.5',
      ourPps / textPps >= 0.5,
    );
    row(
      `  pdftotext on one core (${SMALL} PDFs), pages/s`,
      '',
      `${(smallRun.pages / textOne).toFixed(0)}`,
      null,
      '',
      null,
    );
    row(
      `Worker peak RSS, main process + ingest children together, ${SMALL.toLocaleString('en')} vs ${LARGE.toLocaleString('en')} protocols (MB)`,
      `${first.peakMb} at ${LARGE.toLocaleString('en')}`,
      `${smallRun.peakMb} at ${SMALL}`,
      first.peakMb / smallRun.peakMb,
      '< 300 MB, flat',
      first.peakMb < 300 && first.peakMb / smallRun.peakMb < 1.5,
    );
    row(
      `  of which the main process alone / one ingest child at most (MB)`,
      `${first.mainPeakMb} / ${first.childPeakMb} at ${LARGE.toLocaleString('en')}`,
      `${smallRun.mainPeakMb} / ${smallRun.childPeakMb} at ${SMALL}`,
      null,
      '',
      null,
    );
    row(
      `Re-ingest of the unchanged ${LARGE.toLocaleString('en')} (s, whole process, median of ${REINGEST_RUNS} runs)`,
      again.wallSeconds.toFixed(2),
      `full run ${first.wallSeconds.toFixed(1)}`,
      again.wallSeconds / first.wallSeconds,
      '≤ 0.02',
      again.wallSeconds / first.wallSeconds <= 0.02,
      3,
    );
    const idx = await indexingSeconds(meili, 'large');
    row(
      `Index build, ${LARGE.toLocaleString('en')} protocols = ${idx.documents.toLocaleString('en')} item documents (s Meilisearch spent in ${idx.batches} batches of ${idx.tasks} write tasks)`,
      idx.seconds.toFixed(1),
      `whole ingest ${first.wallSeconds.toFixed(1)}`,
      idx.seconds / first.wallSeconds,
      LARGE === 1000 ? '≤ 10 s' : '',
      LARGE === 1000 ? idx.seconds <= 10 : null,
    );
    row(
      '  Meilisearch CPU time during the full ingest (s, all its threads; steadier than task time on a shared machine)',
      meiliCpuSeconds.toFixed(1),
      '',
      null,
      '',
      null,
    );
    // ── Re-tagging after a taxonomy edit, from the stored items (bench/retag.ts) ──
    console.log('re-tag…');
    const retag = await measureRetag(adminFor(meili.url, meili.masterKey), indexNames('large'));
    const seconds = (what: string) => retag.find((m) => m.what.startsWith(what))?.seconds ?? Number.NaN;
    row(
      `Re-tag after one term is added to the taxonomy, ${LARGE.toLocaleString('en')} protocols (s, PUT /api/taxonomy's work)`,
      seconds('save: one term').toFixed(1),
      `every item: ${seconds('save: weights').toFixed(1)} s; dry run ${seconds('dry run').toFixed(1)} s`,
      null,
      '≤ 60 s at 10,000',
      LARGE >= 10_000 ? seconds('save: one term') <= 60 : null,
    );
    row(
      'Meilisearch peak RSS during the ingest (MB)',
      String(meiliPeak ?? '?'),
      `--max-indexing-memory ${indexingMemory}`,
      null,
      '',
      null,
    );

    if (ONLY.has('api')) {
      // ── API vs Meilisearch, on the large index ──────────────────────────
      console.log('API…');
      const endpoints = [
        { name: '/api/search', path: `/api/search?q=${encodeURIComponent('samsjuklighet')}` },
        { name: '/api/trends', path: '/api/trends' },
        { name: '/api/timeline', path: `/api/timeline?q=${encodeURIComponent('nära vård')}` },
      ];
      // 1. Record what the API sends to Meilisearch for each endpoint (second, warm call).
      const proxy = await startRecordingProxy(meili.url);
      // With the answer cache off: the calls of a computed answer, not of a cache hit (which makes none).
      const recorder = await startApi({
        ...base,
        MEILI_URL: proxy.url,
        INDEX_PREFIX: 'large',
        CORPUS_DIR: large,
        SEARCH_CACHE_ENTRIES: '0',
      });
      const recorded = new Map<string, RecordedRequest[]>();
      try {
        // The API warms keyness's term index when it starts (many reads): record only once it is quiet.
        for (let quiet = 0; quiet < 2; ) {
          await new Promise((r) => setTimeout(r, 500));
          quiet = proxy.take().length === 0 ? quiet + 1 : 0;
        }
        for (const e of endpoints) {
          await fetch(`${recorder.url}${e.path}`).then((r) => r.arrayBuffer());
          proxy.take();
          const res = await fetch(`${recorder.url}${e.path}`);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${e.path} answered ${res.status}`);
          recorded.set(e.name, proxy.take());
        }
      } finally {
        await recorder.stop();
        await proxy.close();
      }
      // 2. Load the API (straight to Meilisearch) and the recorded calls, side by side.
      // Cached views (search, timeline, trends) run twice: computed every time (cache off: the API's own cost over
      // Meilisearch, which the targets judge) and as served (colleagues opening the same link share one answer).
      const floor = await startFloorProxy(meili.url, recorded, new Map(endpoints.map((e) => [e.name, e.path])));
      const workFloor = await startFloorProxy(
        meili.url,
        recorded,
        new Map(endpoints.map((e) => [e.name, e.path])),
        true,
      );
      const api = await startApi({ ...base, INDEX_PREFIX: 'large', CORPUS_DIR: large });
      const computing = await startApi({
        ...base,
        INDEX_PREFIX: 'large',
        CORPUS_DIR: large,
        SEARCH_CACHE_ENTRIES: '0',
      });
      // Each API warms keyness's term index as it starts: load them only once both are idle (at most 60 s).
      for (let waited = 0, idle = 0; idle < 2 && waited < 120; waited++) {
        const before = [cpuMs(api.child.pid!), cpuMs(computing.child.pid!)];
        await new Promise((r) => setTimeout(r, 500));
        const busy = cpuMs(api.child.pid!) - before[0]! + cpuMs(computing.child.pid!) - before[1]!;
        idle = busy < 30 ? idle + 1 : 0;
      }
      const measured: Record<string, Record<number, { ours: Load; direct: Load & { calls: number } }>> = {};
      const cachedViews = new Set(['/api/search', '/api/trends', '/api/timeline']);
      try {
        for (const e of endpoints) {
          const calls = recorded.get(e.name)!;
          for (const c of [1, 32]) {
            const server = cachedViews.has(e.name) ? computing : api;
            // The API, the same calls straight to Meilisearch and the floor take turns, ROUNDS short rounds
            // each: the other tenants' load on the machine then falls on all three alike.
            const rounds = {
              ours: [] as Load[],
              direct: [] as (Load & { calls: number })[],
              bare: [] as Load[],
              work: [] as Load[],
            };
            // CPU per answered request, API process and Meilisearch: what the two cores are shared by, and
            // far steadier than latencies on a machine with other load.
            let apiCpuMs = 0;
            let meiliCpuMs = 0;
            for (let r = 0; r < ROUNDS; r++) {
              const [api0, meili0] = [cpuMs(server.child.pid!), cpuMs(meili.pid)];
              rounds.ours.push(await load(`${server.url}${e.path}`, c, {}, ROUND_SECONDS));
              apiCpuMs += cpuMs(server.child.pid!) - api0;
              meiliCpuMs += cpuMs(meili.pid) - meili0;
              rounds.direct.push(await loadDirect(meili.url, calls, c, ROUND_SECONDS));
              // What an API that does nothing but pass the same calls through keeps: the floor under ours.
              rounds.bare.push(await load(`${floor.url}${e.path}`, c, {}, ROUND_SECONDS));
              // And one that also does the search's own work, without the API's framework, client and gate.
              if (e.name === '/api/search')
                rounds.work.push(await load(`${workFloor.url}${e.path}`, c, {}, ROUND_SECONDS));
            }
            const [ours, direct, bare] = [combined(rounds.ours), combined(rounds.direct), combined(rounds.bare)];
            const answered = Math.max(1, ours.rps * ROUND_SECONDS * ROUNDS);
            const apiCpu = apiCpuMs / answered;
            const meiliCpuViaApi = meiliCpuMs / answered;
            const byConnections = measured[e.name] ?? {};
            measured[e.name] = byConnections;
            byConnections[c] = { ours, direct };
            const chained = direct.calls > 1 ? ` (${direct.calls} calls chained)` : '';
            const shed = (l: Load) => (l.failed > 0 ? ` (${l.failed} of ${l.total} not 2xx)` : '');
            const p50Target = c === 1 ? '≤ 1.25' : '';
            // Without a single 2xx answer on one side there is no latency to compare.
            const comparable = direct.rps > 0 && ours.rps > 0;
            const label = cachedViews.has(e.name) ? `${e.name} (computed)` : e.name;
            row(
              `${label} p50 ms, c=${c}`,
              ours.p50.toFixed(1),
              `Meilisearch ${direct.p50.toFixed(1)}${chained}`,
              comparable ? ours.p50 / Math.max(direct.p50, 0.5) : null,
              p50Target,
              c === 1 && comparable ? ours.p50 <= 1.25 * Math.max(direct.p50, 0.5) : c === 1 ? false : null,
            );
            row(
              `${label} p99 ms, c=${c}`,
              ours.p99.toFixed(1),
              `Meilisearch ${direct.p99.toFixed(1)}${chained}`,
              comparable ? ours.p99 / Math.max(direct.p99, 0.5) : null,
              '',
              null,
            );
            row(
              `${label} req/s (2xx), c=${c}`,
              `${ours.rps.toFixed(0)}${shed(ours)}`,
              `Meilisearch ${direct.rps.toFixed(0)}${chained}${shed(direct)}`,
              direct.rps > 0 ? ours.rps / direct.rps : null,
              c === 32 ? '≥ 0.70' : '',
              c === 32 ? direct.rps > 0 && ours.rps / direct.rps >= 0.7 : null,
            );
            row(
              `${label} CPU ms per request, c=${c}: API process / Meilisearch`,
              `${apiCpu.toFixed(2)} / ${meiliCpuViaApi.toFixed(2)}`,
              '',
              apiCpu / Math.max(meiliCpuViaApi, 0.01),
              '',
              null,
            );
            // A floor against Meilisearch: its p50 ratio at one connection, its share of req/s at 32.
            const floorRow = (what: string, l: Load) =>
              row(
                `  ${what}, c=${c}: p50 ms / req/s (2xx); ratio ${c === 1 ? 'p50' : 'req/s'}`,
                `${l.p50.toFixed(1)} / ${l.rps.toFixed(0)}${shed(l)}`,
                `Meilisearch ${direct.p50.toFixed(1)} / ${direct.rps.toFixed(0)}${chained}`,
                c === 1 ? l.p50 / Math.max(direct.p50, 0.5) : direct.rps > 0 ? l.rps / direct.rps : null,
                '',
                null,
              );
            floorRow('floor: a bare node:http passthrough of the same calls', bare);
            if (rounds.work.length) {
              const work = combined(rounds.work);
              floorRow(
                "work floor: the floor plus the search's own shaping (parse, 20 Swedish snippets by the search module, serialise)",
                work,
              );
              // Issue 27's targets for search, relative to its necessary work: p50 ≤ 1.2× the work floor's at one
              // connection, ≥ 90 % of its req/s at 32.
              if (c === 1)
                row(
                  `${label} p50 vs the work floor's, c=1 (ms)`,
                  ours.p50.toFixed(1),
                  `work floor ${work.p50.toFixed(1)}`,
                  ours.p50 / Math.max(work.p50, 0.5),
                  '≤ 1.2',
                  ours.p50 <= 1.2 * Math.max(work.p50, 0.5),
                );
              else
                row(
                  `${label} req/s (2xx) vs the work floor's, c=32`,
                  ours.rps.toFixed(0),
                  `work floor ${work.rps.toFixed(0)}`,
                  work.rps > 0 ? ours.rps / work.rps : null,
                  '≥ 0.90',
                  work.rps > 0 && ours.rps / work.rps >= 0.9,
                );
            }
            if (c === 32 && e.name === '/api/timeline') {
              const ok = ours.total > 0 ? (ours.total - ours.failed) / ours.total : 0;
              row(
                `${e.name} 2xx share and p99, c=32 (computed)`,
                `${(100 * ok).toFixed(1)} %, ${ours.p99.toFixed(0)} ms`,
                '',
                null,
                '≥ 95 %, ≤ 1000 ms',
                ok >= 0.95 && ours.p99 <= 1000,
              );
            }
            if (cachedViews.has(e.name)) {
              const served = await load(`${api.url}${e.path}`, c);
              row(
                `${e.name} as served (answer cache, one repeated link), c=${c}: p50 / p99 ms, req/s (2xx)`,
                `${served.p50.toFixed(1)} / ${served.p99.toFixed(1)}, ${served.rps.toFixed(0)}${shed(served)}`,
                `Meilisearch ${direct.p50.toFixed(1)} / ${direct.p99.toFixed(1)}, ${direct.rps.toFixed(0)}${chained}`,
                null,
                '',
                null,
              );
            }
          }
        }
      } finally {
        await api.stop();
        await computing.stop();
        await floor.stop();
        await workFloor.stop();
      }
      for (const c of [1, 32]) {
        const t = measured['/api/trends']![c]!.ours;
        const s = measured['/api/search']![c]!.ours;
        row(
          `/api/trends p99 vs /api/search p99, c=${c} (ms)`,
          t.p99.toFixed(1),
          `search ${s.p99.toFixed(1)}`,
          t.p99 / s.p99,
          '≤ 3',
          t.p99 / s.p99 <= 3,
        );
      }
    }

    if (ONLY.has('questions')) {
      // ── Questions: SweFAQ dev against plain Meilisearch ─────────────────
      console.log('questions…');
      const q = questionBench();
      for (const [what, [ours, plain]] of [
        ['Question queries (SweFAQ dev, 110 answers), warm median ms in-process: ours / plain Meilisearch', q.warm],
        ["Question queries, cold (each question's first call) median ms: ours / plain Meilisearch", q.cold],
        [
          "Question queries over HTTP, each question's first call to a freshly started API, median ms: ours / plain Meilisearch",
          q.httpFirst,
        ],
        [
          'Question queries over HTTP, asked again (another page size), median ms: ours / plain Meilisearch',
          q.httpAgain,
        ],
      ] as const)
        row(what, ours.toFixed(1), `Meilisearch ${plain.toFixed(1)}`, ours / plain, '≤ 3', ours / plain <= 3);
      row(
        'SweFAQ dev MRR@10 / recall@5',
        `${q.mrr[0].toFixed(3)} / ${q.recall[0].toFixed(3)}`,
        `Meilisearch ${q.mrr[1].toFixed(3)} / ${q.recall[1].toFixed(3)}`,
        null,
        '≥ 0.65 / ≥ 0.80',
        q.mrr[0] >= 0.65 && q.recall[0] >= 0.8,
      );
    }

    // ── Optional: where the worker spends its time ─────────────────────
    if (values.profile) {
      const profDir = path.join(OUT, 'profiles');
      rmSync(profDir, { recursive: true, force: true });
      await runWorker(small, { ...base, INDEX_PREFIX: 'profile' }, ['--cpu-prof', '--cpu-prof-dir', profDir]);
      console.log(
        `\nCPU profile of the worker on ${SMALL} PDFs (self time, all threads):\n${summariseProfiles(profDir, 15)}\n\nby module:\n${summariseByModule(profDir)}`,
      );
    }
  } finally {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const table = [
    '| measure | Protokollsök | reference (same run) | ratio | target | |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.met} |`),
  ].join('\n');
  const machine = `${CORES} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z; size ${values.size}; autocannon: API, Meilisearch and floor in ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s (medians of the rounds), the answer cache ${SECONDS} s`;
  console.log(`\n${table}\n\n${machine}`);
  writeFileSync(path.join(OUT, `results-${values.size}.md`), `${table}\n\n${machine}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
