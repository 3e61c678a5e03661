/**
 * What the fault drills share: temp folders, index prefixes, timed requests,
 * and a small ingested corpus with the API over it. The drills run against real
 * processes and the real Meilisearch binary, on loopback, in bounded loops; each
 * returns a report (what happened, what went wrong). test/drills/*.test.ts runs
 * them reduced inside `npm test`; `npm run drills` (bench/drills/run.ts) at full size.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCorpus as generateCorpus } from '../lib/corpus.js';
import { meiliEnv, spawnWorker, startApi } from './procs.js';

export interface MeiliTarget {
  url: string;
  masterKey: string;
}

export const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `protokollsok-drill-${name}-`));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const prefixFor = (name: string, seed: number) =>
  `drill${name}${seed}${Math.floor(Math.random() * 1e6).toString(36)}`;

export interface Sample {
  at: number;
  path: string;
  status: number;
  ms: number;
  problem: boolean;
  error?: string;
}

export async function timedGet(url: string, limitMs: number): Promise<Omit<Sample, 'at' | 'path'>> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
    const type = res.headers.get('content-type') ?? '';
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0, problem: type.startsWith('application/problem+json') };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return {
      status: 0,
      ms: performance.now() - t0,
      problem: false,
      error: `${(error as Error).name}: ${cause?.message ?? (error as Error).message}`,
    };
  }
}

/** An ingested small corpus on `meili` under `prefix`, and the API over it. */
export async function corpusAndApi(
  meili: MeiliTarget,
  prefix: string,
  protocols: number,
  seed: number,
  extraEnv: Record<string, string> = {},
) {
  const corpus = tmp('api');
  await generateCorpus({ count: protocols, seed, out: corpus, format: 'txt' });
  const env = meiliEnv(meili.url, meili.masterKey, prefix, {
    CORPUS_DIR: corpus,
    DATA_DIR: path.join(corpus, '.data'),
    ...extraEnv,
  });
  const ingest = spawnWorker([], env);
  const exit = await ingest.exited;
  if (exit.code !== 0)
    throw new Error(`ingest for the drill failed (${exit.code}): ${ingest.lines.slice(-5).join(' | ')}`);
  const api = await startApi(env);
  return { corpus, api };
}

/** Resident set of a process in bytes (Linux /proc), or 0 when it is gone. */
export function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/** Pids whose parent is `parent` and whose command name is `name`. */
export function childrenNamed(parent: number, name: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm === name) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
