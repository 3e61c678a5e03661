/**
 * Drill: uploads that fail must not damage what is there. Against the real app
 * and service (in this process, so a write error can be injected where no disk
 * can be filled):
 *  1. a good protocol uploaded as "Protokoll 2024.txt";
 *  2. a broken file uploaded under the same name → 422; the old file, its
 *     protocol, its /source bytes and the index are unchanged;
 *  3. the disk (nearly) full during an upload of the same name → 507 at once;
 *     the same checks; on a real 4 MB tmpfs filled to a few hundred kB when this
 *     process may mount one (root: refused by the free-space floor,
 *     MIN_FREE_DISK_MB = 1, as `storage-full`), otherwise a write error
 *     injected at the storage layer after the first kilobyte (floor off);
 *  4. space again: the same upload succeeds, under its own name.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createIngestService } from '../../ingest/service.js';
import { createApp } from '../../src/api/app.js';
import { serve } from '../../src/api/serve.js';
import { loadConfig } from '../../domain/config.js';
import { connect } from '../../src/runtime.js';
import { generateProtocol, renderText } from '../lib/corpus.js';
import { prefixFor, tmp, type MeiliTarget } from './common.js';
import { dropPrefix, snapshotIndex } from './snapshot.js';

export interface UploadSafetyReport {
  mode: 'tmpfs' | 'injected';
  steps: {
    step: string;
    status: number;
    /** How long the answer took. */
    ms: number;
    oldFileIntact: boolean;
    protocolIntact: boolean;
    indexUnchanged: boolean;
    leftovers: number;
  }[];
  problems: string[];
}

const ADMIN = 'drill-admin-key-0123456789abcdef';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Fills the filesystem holding `dir` until a write fails, then frees `leave` bytes; returns the filler's path. */
function fill(dir: string, leave = 0): string {
  const filler = path.join(dir, '.filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch {
    // ENOSPC: full
  } finally {
    closeSync(fd);
  }
  if (leave > 0) truncateSync(filler, Math.max(0, written - leave));
  return filler;
}

export async function uploadSafetyDrill(options: {
  meili: MeiliTarget;
  forceInjection?: boolean;
}): Promise<UploadSafetyReport> {
  const root = tmp('uploads');
  const corpus = path.join(root, 'corpus');
  const dataDir = path.join(root, 'data');
  mkdirSync(corpus, { recursive: true });
  const mode: UploadSafetyReport['mode'] = !options.forceInjection && tryMount(corpus, '4m') ? 'tmpfs' : 'injected';
  const prefix = prefixFor('upload', 1);
  const config = loadConfig({
    MEILI_URL: options.meili.url,
    MEILI_MASTER_KEY: options.meili.masterKey,
    INDEX_PREFIX: prefix,
    CORPUS_DIR: corpus,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_REQUESTS: 'false',
    INGEST_WORKERS: '1',
    // On the 4 MB tmpfs a floor of 1 MB; with the injected write error the floor is off, so the write itself fails.
    MIN_FREE_DISK_MB: mode === 'tmpfs' ? '1' : '0',
  });
  const runtime = await connect(config);
  let diskFull = false;
  const service = createIngestService({
    config,
    indexer: runtime.indexer,
    ...(mode === 'injected'
      ? {
          storage: {
            write: async (handle, chunk, position) => {
              if (diskFull && position + chunk.length > 1024)
                throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
              return handle.write(chunk, 0, chunk.length, position);
            },
          },
        }
      : {}),
  });
  const app = createApp({ config, search: runtime.search, indexer: runtime.indexer, ingest: service, log: () => {} });
  const server: Server = await serve(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let sentAt = 0;
  const upload = (bytes: Uint8Array, name: string) => {
    sentAt = performance.now();
    return fetch(`${url}/api/ingest?filename=${encodeURIComponent(name)}`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/plain' },
    });
  };
  const uploads = path.join(corpus, 'uploads');
  const problems: string[] = [];
  const steps: UploadSafetyReport['steps'] = [];
  try {
    const good = new TextEncoder().encode(renderText(generateProtocol(7, 1)));
    const first = await upload(good, 'Protokoll 2024.txt');
    if (first.status !== 201) throw new Error(`the first upload answered ${first.status}: ${await first.text()}`);
    const { protocolId, sourceFile } = (await first.json()) as { protocolId: string; sourceFile: string };
    const before = await snapshotIndex(runtime.admin, prefix);
    const check = async (step: string, status: number, expected: number) => {
      const ms = Math.round(performance.now() - sentAt);
      const oldFileIntact = sha(readFileSync(path.join(corpus, sourceFile))) === sha(good);
      const source = await fetch(`${url}/api/protocols/${protocolId}/source`);
      const protocolIntact = source.status === 200 && sha(new Uint8Array(await source.arrayBuffer())) === sha(good);
      const indexUnchanged = (await snapshotIndex(runtime.admin, prefix)).protocols.size === before.protocols.size;
      const leftovers = readdirSync(uploads).filter((f) => f.startsWith('.incoming')).length;
      steps.push({ step, status, ms, oldFileIntact, protocolIntact, indexUnchanged, leftovers });
      if (status !== expected) problems.push(`${step}: answered ${status}, expected ${expected}`);
      if (!oldFileIntact) problems.push(`${step}: the old file changed`);
      if (!protocolIntact) problems.push(`${step}: the old protocol or its /source bytes changed`);
      if (!indexUnchanged) problems.push(`${step}: the index changed`);
      if (leftovers > 0) problems.push(`${step}: ${leftovers} temp files left in uploads/`);
    };

    const broken = await upload(new Uint8Array([0xc3, 0x28, 0xff, 0xfe, 0x00]), 'Protokoll 2024.txt');
    await check('broken upload, same name', broken.status, 422);

    // 300 KB of valid protocol text: more than is left once the disk is full.
    const large = new TextEncoder().encode(
      Array.from({ length: 40 }, (_, i) => renderText(generateProtocol(8, i)))
        .join('\n\n')
        .slice(0, 300_000),
    );
    let filler: string | null = null;
    // A few hundred kB left on the tmpfs: less than the upload and the floor need.
    if (mode === 'tmpfs') filler = fill(uploads, 300_000);
    else diskFull = true;
    const full = await upload(large, 'Protokoll 2024.txt');
    const fullBody = (await full.clone().json()) as { type?: string };
    diskFull = false;
    if (filler) rmSync(filler, { force: true });
    await check(`disk full during upload (${mode})`, full.status, 507);
    const last = steps.at(-1)!;
    if (last.ms > 5000) problems.push(`the full disk took ${last.ms} ms to answer`);
    if (mode === 'tmpfs' && !fullBody.type?.endsWith('/storage-full'))
      problems.push(`a nearly full disk answered ${fullBody.type}, not storage-full`);

    const later = await upload(large, 'Protokoll 2024.txt');
    const laterBody = (await later.json()) as { sourceFile?: string };
    steps.push({
      step: 'same upload with space again',
      status: later.status,
      ms: Math.round(performance.now() - sentAt),
      oldFileIntact: sha(readFileSync(path.join(corpus, sourceFile))) === sha(good),
      protocolIntact: true,
      indexUnchanged: true,
      leftovers: 0,
    });
    if (later.status !== 201 || laterBody.sourceFile === sourceFile)
      problems.push(`with space again the upload answered ${later.status} as ${laterBody.sourceFile}`);
    return { mode, steps, problems };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.close();
    await dropPrefix(runtime.admin, prefix);
    await runtime.close();
    if (mode === 'tmpfs') {
      try {
        execFileSync('umount', [corpus], { stdio: 'ignore' });
      } catch {
        // left mounted only if something still holds it open
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}
