/**
 * The ingest service behind the admin API: uploads never damage what is there
 * (same-name failures, colliding cleaned names, symlinks, a full disk), the same
 * bytes are not indexed twice, deletes remove everything, and /source serves
 * exactly the bytes the index was built from.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { createIngestService, type IngestService } from '../../ingest/service.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { seedTextPath } from '../helpers/seed.js';

const ADMIN = 'test-admin-key-0123456789';
const seedText = (n: number) =>
  readFileSync(
    seedTextPath(
      [
        '000_fba7a9fba055a2c4',
        '001_50d6c6026012b732',
        '002_dd3eb397fa6549bb',
        '003_5f027efdf8c98c30',
        '004_1652b9c4fdf6c7f8',
      ][n]!,
    ),
  );

let runtime: Runtime;
let api: RunningApp;
let service: IngestService;
let corpus: string;
let dataDir: string;
/** Storage fault injection: while set, every write fails after its first chunk as on a full disk. */
let diskFull = false;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  corpus = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-service-corpus-'));
  // A dot folder, as the default DATA_DIR (.data) is: /source must still serve from it.
  dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'protokollsok-service-data-')), '.data');
  const config = testConfig({
    INDEX_PREFIX: runtime.names.prefix,
    ADMIN_API_KEY: ADMIN,
    CORPUS_DIR: corpus,
    DATA_DIR: dataDir,
    INGEST_WORKERS: '1',
  });
  service = createIngestService({
    config,
    indexer: runtime.indexer,
    storage: {
      write: async (handle, chunk, position) => {
        if (diskFull && position > 0)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        if (diskFull) return handle.write(chunk, 0, Math.min(chunk.length, 1024), position);
        return handle.write(chunk, 0, chunk.length, position);
      },
    },
  });
  api = await startApp({ config, search: runtime.search, indexer: runtime.indexer, ingest: service });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await service?.close();
  await dropIndexes(runtime);
  rmSync(corpus, { recursive: true, force: true });
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const auth = { Authorization: `Bearer ${ADMIN}` };
const uploadText = (bytes: Buffer | string, filename: string) =>
  api.get(`/api/ingest?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
    headers: { ...auth, 'Content-Type': 'text/plain' },
  });
const protocols = async () =>
  (await api.json<{ protocols: { id: string; sourceFile: string }[]; total: number }>('/api/protocols?limit=200')).body
    .protocols;

describe('uploads that must not damage anything', () => {
  it('gives colliding cleaned names their own files: "Protokoll 2017.txt" and "Protokoll?2017.txt" both stay', async () => {
    const a = await uploadText(seedText(0), 'Protokoll 2017.txt');
    const b = await uploadText(seedText(1), 'Protokoll?2017.txt');
    expect([a.status, b.status]).toEqual([201, 201]);
    const [first, second] = [(await a.json()) as { sourceFile: string }, (await b.json()) as { sourceFile: string }];
    expect(first.sourceFile).toBe('uploads/Protokoll_2017.txt');
    expect(second.sourceFile).toMatch(/^uploads\/Protokoll_2017-[0-9a-f]{8}\.txt$/);
    expect(readFileSync(path.join(corpus, first.sourceFile))).toEqual(seedText(0));
    expect(readFileSync(path.join(corpus, second.sourceFile))).toEqual(seedText(1));
    const files = (await protocols()).map((p) => p.sourceFile);
    expect(files).toEqual(expect.arrayContaining([first.sourceFile, second.sourceFile]));
  }, 60_000);

  it('leaves the old file and its protocol intact when an upload of the same name fails', async () => {
    const before = (await protocols()).find((p) => p.sourceFile === 'uploads/Protokoll_2017.txt')!;
    const res = await uploadText(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x42]), 'Protokoll 2017.txt');
    expect(res.status).toBe(422);
    expect(readFileSync(path.join(corpus, 'uploads/Protokoll_2017.txt'))).toEqual(seedText(0));
    expect((await api.get(`/api/protocols/${before.id}`)).status).toBe(200);
    expect(Buffer.from(await (await api.get(`/api/protocols/${before.id}/source`)).arrayBuffer())).toEqual(seedText(0));
    expect(readdirSync(path.join(corpus, 'uploads')).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 30_000);

  it('answers 409 with a link for the same bytes under another name', async () => {
    const res = await uploadText(seedText(0), 'helt-annat-namn.txt');
    expect(res.status).toBe(409);
    const body = (await res.json()) as { protocolUrl: string; sourceFile: string };
    expect(body.sourceFile).toBe('uploads/Protokoll_2017.txt');
    expect((await api.get(body.protocolUrl)).status).toBe(200);
    expect(existsSync(path.join(corpus, 'uploads/helt-annat-namn.txt'))).toBe(false);
  });

  it("never writes through a symlink that has the upload's name", async () => {
    const outside = path.join(dataDir, 'outside.txt');
    writeFileSync(outside, 'must stay');
    symlinkSync(outside, path.join(corpus, 'uploads', 'lanken.txt'));
    const res = await uploadText(seedText(2), 'lanken.txt');
    expect(res.status).toBe(201);
    expect(((await res.json()) as { sourceFile: string }).sourceFile).toMatch(/^uploads\/lanken-[0-9a-f]{8}\.txt$/);
    expect(readFileSync(outside, 'utf8')).toBe('must stay');
  }, 30_000);

  it('keeps the old file when the disk fills up during an upload (507, no partial file)', async () => {
    const before = readdirSync(path.join(corpus, 'uploads')).sort();
    diskFull = true;
    let res: Response;
    try {
      res = await uploadText(seedText(3), 'Protokoll 2017.txt');
    } finally {
      diskFull = false;
    }
    expect(res.status).toBe(507);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/disken/);
    expect(readdirSync(path.join(corpus, 'uploads')).sort()).toEqual(before);
    expect(readFileSync(path.join(corpus, 'uploads/Protokoll_2017.txt'))).toEqual(seedText(0));
  });
});

describe('stale state', () => {
  it('serves the indexed bytes while the file is corrupt, lists the failure, and clears it once the file is restored', async () => {
    mkdirSync(path.join(corpus, 'egna'), { recursive: true });
    const file = path.join(corpus, 'egna', 'kommun.txt');
    writeFileSync(file, seedText(4));
    const first = await service.ingestCorpus();
    expect(first.failed).toEqual([]);
    const id = (await protocols()).find((p) => p.sourceFile === 'egna/kommun.txt')!.id;

    writeFileSync(file, Buffer.from([0xc3, 0x28, 0x00, 0xff]));
    const broken = await service.ingestCorpus();
    expect(broken.failed.map((f) => f.sourceFile)).toEqual(['egna/kommun.txt']);
    expect((await api.get(`/api/protocols/${id}`)).status).toBe(200);
    const source = await api.get(`/api/protocols/${id}/source`);
    expect(Buffer.from(await source.arrayBuffer())).toEqual(seedText(4));
    const listed = async () =>
      (
        (await (await api.get('/api/ingest/failures', { headers: auth })).json()) as {
          failures: { sourceFile: string }[];
        }
      ).failures.map((f) => f.sourceFile);
    expect(await listed()).toContain('egna/kommun.txt');

    writeFileSync(file, seedText(4));
    const restored = await service.ingestCorpus();
    expect(restored.unchanged).toBeGreaterThan(0);
    expect(await listed()).not.toContain('egna/kommun.txt');
  }, 60_000);

  it('answers 404 for the source of a protocol whose file and copy are gone', async () => {
    const p = (await protocols()).find((x) => x.sourceFile === 'egna/kommun.txt')!;
    rmSync(path.join(corpus, 'egna', 'kommun.txt'));
    rmSync(path.join(dataDir, 'sources'), { recursive: true, force: true });
    const res = await api.get(`/api/protocols/${p.id}/source`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('counts protocols in the corpus version, also two files with the same bytes', async () => {
    mkdirSync(path.join(corpus, 'kopior'), { recursive: true });
    copyFileSync(seedTextPath('004_1652b9c4fdf6c7f8'), path.join(corpus, 'kopior', 'a.txt'));
    copyFileSync(seedTextPath('004_1652b9c4fdf6c7f8'), path.join(corpus, 'kopior', 'b.txt'));
    await service.ingestCorpus();
    const { body } = await api.json<{ corpus: { protocols: number } }>('/api/facets');
    expect(body.corpus.protocols).toBe((await protocols()).length);
  }, 60_000);
});

describe('DELETE /api/protocols/:id', () => {
  it('removes the items, the protocol and the stored file: gone from search, listing and the corpus version', async () => {
    const target = (await protocols()).find((p) => p.sourceFile === 'uploads/Protokoll_2017.txt')!;
    const countBefore = (await api.json<{ corpus: { protocols: number } }>('/api/facets')).body.corpus.protocols;
    expect((await api.get(`/api/protocols/${target.id}`, { method: 'DELETE' })).status).toBe(401);
    const res = await api.get(`/api/protocols/${target.id}`, { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    expect((await api.get(`/api/protocols/${target.id}`)).status).toBe(404);
    expect(existsSync(path.join(corpus, target.sourceFile))).toBe(false);
    const items = await runtime.admin
      .index(runtime.names.items)
      .getDocuments({ filter: `protocolId = "${target.id}"`, limit: 1 });
    expect(items.results).toEqual([]);
    expect((await api.json<{ corpus: { protocols: number } }>('/api/facets')).body.corpus.protocols).toBe(
      countBefore - 1,
    );
    expect((await api.get(`/api/protocols/${target.id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  }, 30_000);
});
