/**
 * POST /api/ingest takes Word and OpenDocument protocols like PDFs: a .docx
 * uploaded as multipart and an .odt sent raw come back dated and segmented,
 * searchable, and their source is served as the file that came; a zip bomb
 * dressed as .docx is refused with a Swedish reason and nothing indexed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { MEETING, makeDocxProtocol, makeOdtProtocol } from '../helpers/office.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const ADMIN = 'office-admin-key-0123456789';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
let runtime: Runtime;
let api: RunningApp;
/** 70 MB of spaces as word/document.xml (past the 64 MB part limit), packed to ~70 kB. */
let bomb: Uint8Array;
const dirs = [mkdtempSync(path.join(os.tmpdir(), 'protokollsok-office-corpus-'))];
dirs.push(mkdtempSync(path.join(os.tmpdir(), 'protokollsok-office-data-')));

beforeAll(async () => {
  // Made before the server starts: packing it blocks this process (and the in-process server) for seconds.
  bomb = zipSync({ 'word/document.xml': [new Uint8Array(70 * 1024 * 1024).fill(0x20), { level: 1 }] });
  ({ runtime } = await testRuntime());
  api = await startAppOver(runtime, {
    ADMIN_API_KEY: ADMIN,
    CORPUS_DIR: dirs[0]!,
    DATA_DIR: dirs[1]!,
    INGEST_WORKERS: '1',
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Protocol {
  meetingDate: string | null;
  body: string | null;
  items: { itemNumber: string; title: string }[];
}

const auth = { Authorization: `Bearer ${ADMIN}` };

async function protocolOf(res: Response): Promise<{ id: string; protocol: Protocol }> {
  const created = (await res.json()) as { protocolId: string };
  const got = await api.json<Protocol>(`/api/protocols/${encodeURIComponent(created.protocolId)}`);
  expect(got.status).toBe(200);
  return { id: created.protocolId, protocol: got.body };
}

const expectedItems = MEETING.items.map((i) => [`§ ${i.number}`, i.title]);

describe('uploading Word and OpenDocument protocols', () => {
  it('takes a .docx as multipart and it comes back dated, segmented and searchable', async () => {
    const bytes = await makeDocxProtocol();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: DOCX }), 'Protokoll SN 2024-03-12.docx');
    const res = await api.get('/api/ingest', { method: 'POST', body: form, headers: auth });
    expect(res.status).toBe(201);
    const { id, protocol } = await protocolOf(res);
    expect(protocol).toMatchObject({ meetingDate: MEETING.date, body: MEETING.body });
    expect(protocol.items.map((i) => [i.itemNumber, i.title])).toEqual(expectedItems);
    const found = await api.json<{ hits: { protocolId: string }[] }>('/api/search?q=åtgärdsplan');
    expect(found.body.hits.map((h) => h.protocolId)).toContain(id);
    const source = await api.get(`/api/protocols/${encodeURIComponent(id)}/source`);
    expect(source.headers.get('content-type')).toBe(DOCX);
    expect(Buffer.from(await source.arrayBuffer())).toEqual(bytes);
  }, 60_000);

  it('takes an .odt sent raw with its media type', async () => {
    const res = await api.get('/api/ingest?filename=protokoll-sn.odt', {
      method: 'POST',
      body: new Uint8Array(makeOdtProtocol()),
      headers: { ...auth, 'Content-Type': 'application/vnd.oasis.opendocument.text' },
    });
    expect(res.status).toBe(201);
    const { protocol } = await protocolOf(res);
    expect(protocol.meetingDate).toBe(MEETING.date);
    expect(protocol.items.map((i) => i.itemNumber)).toEqual(expectedItems.map(([n]) => n));
  }, 60_000);

  it('refuses a zip bomb named .docx with a Swedish reason', async () => {
    const before = await api.json<{ total: number }>('/api/protocols');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bomb)], { type: DOCX }), 'bomb.docx');
    const res = await api.get('/api/ingest', { method: 'POST', body: form, headers: auth });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toMatch(/komprimeringsbomb/);
    expect((await api.json<{ total: number }>('/api/protocols')).body.total).toBe(before.body.total);
  }, 60_000);
});
