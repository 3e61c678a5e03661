/**
 * Drill: the API killed (SIGKILL) in the middle of an upload leaves its temp
 * file (`uploads/.incoming-<pid>-….tmp`) behind; the next start removes it,
 * says so in the log and in /health, and serves as before. Against the real
 * API process (`src/main.ts`, compiled) and a real Meilisearch.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sleep, tmp, type MeiliTarget, prefixFor } from './common.js';
import { meiliEnv, startApi, type ApiProcess } from './procs.js';
import { adminFor, dropPrefix } from './snapshot.js';

export interface KilledUploadReport {
  /** The temp file seen before the kill, and whether it was still there after. */
  leftover: string | null;
  leftAfterKill: boolean;
  goneAfterRestart: boolean;
  loggedRemoval: boolean;
  healthReported: number | null;
  problems: string[];
}

const ADMIN = 'drill-admin-key-0123456789abcdef';

export async function killedUploadDrill(options: {
  meili: MeiliTarget;
  megabytes?: number;
}): Promise<KilledUploadReport> {
  const root = tmp('killedupload');
  const corpus = path.join(root, 'corpus');
  const uploads = path.join(corpus, 'uploads');
  mkdirSync(uploads, { recursive: true });
  const prefix = prefixFor('killedupload', 1);
  const env = meiliEnv(options.meili.url, options.meili.masterKey, prefix, {
    CORPUS_DIR: corpus,
    DATA_DIR: path.join(root, 'data'),
    ADMIN_API_KEY: ADMIN,
    INGEST_WORKERS: '1',
  });
  const problems: string[] = [];
  const report: KilledUploadReport = {
    leftover: null,
    leftAfterKill: false,
    goneAfterRestart: false,
    loggedRemoval: false,
    healthReported: null,
    problems,
  };
  let api: ApiProcess | null = null;
  try {
    api = await startApi(env);
    // A protocol of many megabytes: the temp file stays while the pool parses it.
    const line = 'Nämnden beslutar att ge förvaltningen i uppdrag att utreda frågan om nära vård och psykisk hälsa. ';
    const body = `Protokoll Socialnämnden 2020-01-01\n§ 1 Inledning\n${line.repeat(Math.ceil(((options.megabytes ?? 20) * 1e6) / line.length))}\n`;
    const sending = fetch(`${api.url}/api/ingest?filename=stor.txt`, {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/plain' },
    }).catch(() => null);
    for (let i = 0; i < 3000 && !report.leftover; i++) {
      report.leftover = readdirSync(uploads).find((f) => f.startsWith('.incoming-')) ?? null;
      if (!report.leftover) await sleep(5);
    }
    if (!report.leftover) throw new Error('the upload never wrote its temp file');
    api.child.kill('SIGKILL');
    await api.exited;
    await sending;
    report.leftAfterKill = existsSync(path.join(uploads, report.leftover));
    if (!report.leftAfterKill) problems.push('the killed upload left no temp file (the drill proves nothing)');

    api = await startApi(env);
    for (let i = 0; i < 200 && existsSync(path.join(uploads, report.leftover)); i++) await sleep(50);
    report.goneAfterRestart = !existsSync(path.join(uploads, report.leftover));
    if (!report.goneAfterRestart) problems.push(`${report.leftover} is still in uploads/ after the restart`);
    for (let i = 0; i < 100 && !report.loggedRemoval; i++) {
      report.loggedRemoval = api.lines.some((l) => l.includes('Removed a temp file') && l.includes(report.leftover!));
      if (!report.loggedRemoval) await sleep(50);
    }
    if (!report.loggedRemoval) problems.push('the removal was not logged');
    const health = (await (await fetch(`${api.url}/health`)).json()) as {
      integrity?: { leftoverTempsRemoved?: number };
    };
    report.healthReported = health.integrity?.leftoverTempsRemoved ?? null;
    if (report.healthReported !== 1) problems.push(`/health reports ${report.healthReported} temp files removed`);
    return report;
  } finally {
    await api?.stop();
    await dropPrefix(adminFor(options.meili.url, options.meili.masterKey), prefix);
    rmSync(root, { recursive: true, force: true });
  }
}
