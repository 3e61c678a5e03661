/** Drill: the worker CLI on malformed files: each reported by kind, the good ones ingested. */
import { copyFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../domain/paths.js';
import { writeCorpus as generateCorpus } from '../lib/corpus.js';
import { prefixFor, tmp, type MeiliTarget } from './common.js';
import { meiliEnv, spawnWorker } from './procs.js';
import { adminFor, dropPrefix, snapshotIndex } from './snapshot.js';

export interface BadFilesReport {
  seconds: number;
  exitCode: number | null;
  /** file → kind reported by the worker (from its summary lines) */
  reported: Record<string, string>;
  /** file → kind in the failures index */
  indexed: Record<string, string>;
  expected: Record<string, string>;
  goodIngested: number;
  problems: string[];
}

/**
 * The whole worker on the malformed fixtures (test/fixtures/bad), an over-size
 * file and two good protocols: each bad file reported with its kind, the good
 * ones ingested, nothing crashes or hangs (per-file time limit).
 */
export async function badFilesDrill(options: {
  meili: MeiliTarget;
  timeoutMs: number;
  copies?: number;
}): Promise<BadFilesReport> {
  const badDir = path.join(projectRoot, 'test/fixtures/bad');
  const fixtures = JSON.parse(readFileSync(path.join(badDir, 'expected.json'), 'utf8')) as Record<string, string>;
  const corpus = tmp('bad');
  const admin = adminFor(options.meili.url, options.meili.masterKey);
  const prefix = prefixFor('bad', 1);
  const expected: Record<string, string> = {};
  try {
    const copies = options.copies ?? 1;
    for (let c = 0; c < copies; c++) {
      for (const [name, kind] of Object.entries(fixtures)) {
        const target = copies === 1 ? name : `${c}-${name}`;
        copyFileSync(path.join(badDir, name), path.join(corpus, target));
        expected[target] = kind;
      }
    }
    // Over-size: a sparse 3 MB file against MAX_UPLOAD_MB=2.
    writeFileSync(path.join(corpus, 'over-size.pdf'), '%PDF-1.7\n');
    truncateSync(path.join(corpus, 'over-size.pdf'), 3 * 1024 * 1024);
    expected['over-size.pdf'] = 'too-large';
    await generateCorpus({ count: 2, seed: 3, out: path.join(corpus, 'good'), format: 'pdf' });

    const started = performance.now();
    const run = spawnWorker(
      [],
      meiliEnv(options.meili.url, options.meili.masterKey, prefix, {
        CORPUS_DIR: corpus,
        DATA_DIR: path.join(corpus, '.data'),
        MAX_UPLOAD_MB: '2',
        INGEST_FILE_TIMEOUT_MS: String(options.timeoutMs),
      }),
    );
    const exit = await run.exited;
    const seconds = (performance.now() - started) / 1000;
    const reported: Record<string, string> = {};
    for (const line of run.lines) {
      const m = line.match(/^\s+(\S+) \[([a-z-]+)\]:/);
      if (m) reported[m[1]!] = m[2]!;
    }
    const snapshot = await snapshotIndex(admin, prefix);
    const indexed = Object.fromEntries(snapshot.failures);
    const problems: string[] = [];
    if (exit.code !== 1)
      problems.push(
        `worker exit code ${exit.code} (signal ${exit.signal}), expected 1: ${run.lines.slice(-3).join(' | ')}`,
      );
    for (const [file, kind] of Object.entries(expected)) {
      if (reported[file] !== kind) problems.push(`${file}: reported ${reported[file] ?? 'nothing'}, expected ${kind}`);
      if (indexed[file] !== kind)
        problems.push(`${file}: failures index has ${indexed[file] ?? 'nothing'}, expected ${kind}`);
    }
    if (Object.keys(reported).length === 0)
      problems.push(`the worker printed no failure summary: ${run.lines.slice(-6).join(' | ')}`);
    const goodIngested = snapshot.protocols.size;
    if (goodIngested !== 2) problems.push(`${goodIngested} good protocols indexed, expected 2`);
    return { seconds, exitCode: exit.code, reported, indexed, expected, goodIngested, problems };
  } finally {
    await dropPrefix(admin, prefix);
    rmSync(corpus, { recursive: true, force: true });
  }
}
