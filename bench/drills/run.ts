/**
 * `npm run drills`: the fault drills at full size (CI runs them reduced, as
 * test/drills/*.test.ts inside `npm test`).
 *
 *   npm run drills                        all ten
 *   npm run drills -- --only kill,outage  some of them
 *
 * kill: kill -9 the ingest worker; badfiles: malformed files; outage: Meilisearch
 * stopped under load; badrequests: hostile requests; meilicrash: kill -9 the
 * embedded Meilisearch under load (supervised restart); uploads: broken upload and
 * full disk under an existing name; bomb: flate-bomb uploads (API memory);
 * concurrent: identical and distinct uploads at once; uploadcrash: the same with
 * Meilisearch killed mid-write; killedupload: the API killed mid-upload, restarted.
 *
 * Starts its own embedded Meilisearch (the outage drill starts and stops a
 * second one). Exit 0 when every drill passed, 1 otherwise.
 */
import '../../domain/quiet-dotenv.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMeili } from '../../domain/store/server.js';
import { badFilesDrill } from './bad-files.js';
import { badRequestsDrill } from './bad-requests.js';
import { killDrill } from './kill-worker.js';
import { outageDrill } from './outage.js';
import { flateBombDrill } from './flate-bomb.js';
import { meiliCrashDrill } from './meili-crash.js';
import { uploadSafetyDrill } from './upload-safety.js';
import { concurrentUploadsDrill } from './concurrent-uploads.js';
import { killedUploadDrill } from './killed-upload.js';

const { values } = parseArgs({
  options: {
    only: {
      type: 'string',
      default: 'kill,badfiles,outage,badrequests,meilicrash,uploads,bomb,concurrent,uploadcrash,killedupload',
    },
    seed: { type: 'string', default: '1' },
  },
});
const only = new Set(values.only.split(','));
const seed = Number(values.seed);

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-drills-'));
  const meili = await startEmbeddedMeili({ dataDir, maxIndexingMemory: '256Mb' });
  const target = { url: meili.url, masterKey: meili.masterKey };
  const log = (line: string) => console.log(`  ${line}`);
  const results: { drill: string; seconds: number; problems: string[]; summary: string }[] = [];
  const run = async (name: string, fn: () => Promise<{ problems: string[]; summary: string }>) => {
    if (!only.has(name)) return;
    console.log(`▶ ${name}`);
    const started = performance.now();
    try {
      const r = await fn();
      results.push({ drill: name, seconds: (performance.now() - started) / 1000, ...r });
    } catch (error) {
      results.push({
        drill: name,
        seconds: (performance.now() - started) / 1000,
        problems: [`drill crashed: ${(error as Error).stack ?? String(error)}`],
        summary: '',
      });
    }
    const last = results.at(-1)!;
    console.log(`  ${last.problems.length === 0 ? 'PASS' : 'FAIL'} in ${last.seconds.toFixed(0)} s — ${last.summary}`);
    for (const p of last.problems) console.log(`  ✗ ${p}`);
  };
  try {
    await run('kill', async () => {
      const r = await killDrill({ meili: target, protocols: 300, kills: 12, seed, log });
      return {
        problems: r.problems,
        summary: `${r.kills.length} kill -9 at progress ${r.kills.map((k) => k.progressAtKill).join(', ')} of ${r.protocols} files; clean run ${r.cleanSeconds.toFixed(0)} s; index equal to the clean run's`,
      };
    });
    await run('badfiles', async () => {
      const r = await badFilesDrill({ meili: target, timeoutMs: 15_000, copies: 3 });
      return {
        problems: r.problems,
        summary: `${Object.keys(r.expected).length} malformed files in ${r.seconds.toFixed(0)} s, exit ${r.exitCode}, kinds: ${[...new Set(Object.values(r.reported))].join(', ')}`,
      };
    });
    await run('outage', async () => {
      // 8 connections: a load the 2-core machine sustains with no 503 before the outage (at 32, trends and timeline
      // queue past MEILI_TIMEOUT_MS and some answer 503 even with Meilisearch up; see bench/RESULTS.md).
      const r = await outageDrill({
        protocols: 60,
        concurrency: 8,
        healthyMs: 3000,
        outageMs: 5000,
        afterMs: 8000,
        log,
      });
      const d = r.duringOutage;
      return {
        problems: r.problems,
        summary: `${r.requests} requests; before the outage ${r.beforeOutage.non200}/${r.beforeOutage.requests} non-200; during the outage ${d.status503}/${d.requests} were 503 (slowest ${d.maxMs} ms); recovered ${r.recoveryMs} ms after Meilisearch was back`,
      };
    });
    await run('badrequests', async () => {
      const r = await badRequestsDrill({ meili: target, count: 1000, seed, protocols: 30, concurrency: 16 });
      return {
        problems: r.problems,
        summary: `${r.requests} hostile requests: ${JSON.stringify(r.byStatus)}; index unchanged: ${r.indexUnchanged}`,
      };
    });
    await run('meilicrash', async () => {
      const r = await meiliCrashDrill({ protocols: 60, concurrency: 8, healthyMs: 3000, afterMs: 6000, kills: 3, log });
      const k = r.kills.map(
        (x) =>
          `restart ${x.restartMs} ms, every endpoint 200 again ${x.recoveryMs} ms later (${x.during503}/${x.during} answered 503 meanwhile, slowest ${x.slowestDuringMs} ms; ${x.laterNon200} later non-200)`,
      );
      return {
        problems: r.problems,
        summary: `${r.requests} requests (before the first kill ${r.baseline.non200}/${r.baseline.requests} non-200); ${k.join('; ')}; /health counted ${r.restartsReported} restarts; index unchanged: ${r.indexUnchanged}`,
      };
    });
    await run('uploads', async () => {
      const r = await uploadSafetyDrill({ meili: target });
      return {
        problems: r.problems,
        summary: `full disk as ${r.mode}: ${r.steps.map((s) => `${s.step} → ${s.status}, old file intact ${s.oldFileIntact}, protocol intact ${s.protocolIntact}, temp files left ${s.leftovers}`).join('; ')}`,
      };
    });
    await run('bomb', async () => {
      const r = await flateBombDrill({ meili: target, inflatedMb: 2048, uploads: 3 });
      return {
        problems: r.problems,
        summary: `3 uploads of a ${(r.bombBytes / 1e6).toFixed(1)} MB PDF inflating to ${r.inflatedMb} MB: ${r.status} (${r.failureKind}) in ${r.seconds.toFixed(1)} s; API RSS ${r.apiRssBeforeMb} MB → peak ${r.apiRssPeakMb} MB`,
      };
    });
    await run('concurrent', async () => {
      const r = await concurrentUploadsDrill({ meili: target, identical: 16, distinct: 12, seed });
      return {
        problems: r.problems,
        summary: `16 identical at once → ${r.identical.join(' ')} (${r.conflictsLinked} 409s link the winner); 12 distinct → ${r.distinct.join(' ')}; ${r.protocols} protocols, ${r.orphanItems} orphan items, ${r.duplicateSources} duplicates`,
      };
    });
    await run('uploadcrash', async () => {
      const r = await concurrentUploadsDrill({ meili: target, identical: 2, distinct: 6, crash: true, seed });
      return {
        problems: r.problems,
        summary: `Meilisearch killed as the first of 6 uploads wrote: ${r.duringCrash.join(' ')}; afterwards ${r.orphanItems} orphan items`,
      };
    });
    await run('killedupload', async () => {
      const r = await killedUploadDrill({ meili: target, megabytes: 40 });
      return {
        problems: r.problems,
        summary: `temp file ${r.leftover} left by the kill: ${r.leftAfterKill}; gone after the restart: ${r.goneAfterRestart}; logged: ${r.loggedRemoval}; /health: ${r.healthReported}`,
      };
    });
  } finally {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\n| drill | result | seconds |\n|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.drill} | ${r.problems.length === 0 ? 'pass' : `FAIL (${r.problems.length})`} | ${r.seconds.toFixed(0)} |`,
    );
  return results.every((r) => r.problems.length === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
