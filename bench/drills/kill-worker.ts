/** Drill: kill -9 the ingest worker at random points; the resumed index equals a clean run's. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { mulberry32, writeCorpus as generateCorpus } from '../lib/corpus.js';
import { prefixFor, tmp, type MeiliTarget } from './common.js';
import { meiliEnv, spawnWorker } from './procs.js';
import { adminFor, compareSnapshots, dropPrefix, snapshotIndex } from './snapshot.js';

export interface KillDrillOptions {
  meili: MeiliTarget;
  /** Generated protocols in the corpus. */
  protocols: number;
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface KillDrillReport {
  protocols: number;
  kills: { afterFiles: number; progressAtKill: number; signal: string | null }[];
  restartsToFinish: number;
  cleanSeconds: number;
  problems: string[];
}

/**
 * kill -9 the worker at random points (after a random number of files, plus a
 * random delay so kills land inside Meilisearch writes too), restart it, and
 * finally compare the index with a clean run's: same ids, same content
 * hashes, no duplicates, nothing missing.
 */
export async function killDrill(options: KillDrillOptions): Promise<KillDrillReport> {
  const log = options.log ?? (() => {});
  const rng = mulberry32(options.seed);
  const corpus = tmp('kill');
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  const clean = prefixFor('clean', options.seed);
  const crashed = prefixFor('crash', options.seed);
  const problems: string[] = [];
  try {
    // A mixed corpus; some .txt so files are fast and kills land between writes too.
    await generateCorpus({ count: Math.ceil(options.protocols * 0.8), seed: options.seed, out: corpus, format: 'pdf' });
    await generateCorpus({
      count: options.protocols - Math.ceil(options.protocols * 0.8),
      seed: options.seed,
      out: corpus,
      format: 'txt',
      from: options.protocols,
    });
    const env = (prefix: string) =>
      meiliEnv(options.meili.url, options.meili.masterKey, prefix, {
        CORPUS_DIR: corpus,
        DATA_DIR: path.join(corpus, '.data'),
      });

    const started = performance.now();
    const cleanRun = spawnWorker([], env(clean));
    const cleanExit = await cleanRun.exited;
    const cleanSeconds = (performance.now() - started) / 1000;
    if (cleanExit.code !== 0)
      throw new Error(`the clean run exited with ${cleanExit.code}: ${cleanRun.lines.slice(-5).join(' | ')}`);
    log(`clean run: ${options.protocols} protocols in ${cleanSeconds.toFixed(1)} s`);

    const kills: KillDrillReport['kills'] = [];
    for (let k = 0; k < options.kills; k++) {
      // Every run resumes where the last stopped: aim within what is left of this run.
      const afterFiles = Math.floor(rng() * options.protocols * 0.9);
      const delayMs = Math.floor(rng() * 400);
      const run = spawnWorker([], env(crashed));
      let seen = 0;
      const killed = new Promise<void>((resolve) => {
        const fire = () => {
          setTimeout(() => {
            run.child.kill('SIGKILL');
            resolve();
          }, delayMs);
        };
        if (afterFiles === 0) fire();
        else
          run.onLine((line) => {
            if (/^(inläst|oförändrad|MISSLYCKADES):/.test(line) && ++seen === afterFiles) fire();
          });
        void run.exited.then(() => resolve());
      });
      await killed;
      const exit = await run.exited;
      kills.push({ afterFiles, progressAtKill: seen, signal: exit.signal });
      log(
        `kill ${k + 1}/${options.kills}: after ${seen} progress lines (+${delayMs} ms) → ${exit.signal ?? `exit ${exit.code}`}`,
      );
      // Mid-crash the index may lack files, but must never hold duplicates or half a protocol's old items.
      const mid = await snapshotIndex(admin, crashed);
      if (mid.duplicateItems.length > 0)
        problems.push(`after kill ${k + 1}: duplicate items ${mid.duplicateItems.slice(0, 3).join(', ')}`);
    }

    let restarts = 0;
    for (;;) {
      restarts++;
      const finish = spawnWorker([], env(crashed));
      const exit = await finish.exited;
      if (exit.code === 0) break;
      if (restarts >= 3) {
        problems.push(`the worker did not finish after ${restarts} restarts: ${finish.lines.slice(-5).join(' | ')}`);
        break;
      }
    }
    const expected = await snapshotIndex(admin, clean);
    const actual = await snapshotIndex(admin, crashed);
    if (expected.protocols.size !== options.protocols)
      problems.push(`the clean run indexed ${expected.protocols.size} of ${options.protocols} protocols`);
    problems.push(...compareSnapshots(expected, actual));
    return { protocols: options.protocols, kills, restartsToFinish: restarts, cleanSeconds, problems };
  } finally {
    await dropPrefix(admin, clean);
    await dropPrefix(admin, crashed);
    rmSync(corpus, { recursive: true, force: true });
  }
}
