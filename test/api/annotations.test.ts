/**
 * Annotations on trends through the API, over the bundled corpus: admins add,
 * change and remove dated events; everyone reads them; a trend answer carries
 * the ones that concern its topics, bodies and years, and its exports list
 * them with real dates; they survive a re-index and a restart.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../domain/annotations.js';
import type { Runtime } from '../../src/runtime.js';
import type { Trends } from '../../src/search/trends.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';

const ADMIN = 'annotations-test-admin-key-0123456789';
const enc = encodeURIComponent;

let runtime: Runtime;
let api: RunningApp;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime);
  api = await startAppOver(runtime, { ADMIN_API_KEY: ADMIN });
}, 120_000);

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
});

const send = (method: string, path: string, body?: unknown, key: string | null = ADMIN) =>
  api.get(path, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const PANDEMIC = {
  date: '2020-03-11',
  end: '2022-02-09',
  label: 'Covid-19-pandemin',
  description: 'WHO förklarar covid-19 en pandemi; restriktionerna upphör i februari 2022.',
  topics: ['covid-19', 'Psykisk hälsa'],
};
const AGREEMENT = { date: '2021-11-04', label: 'Ny överenskommelse om hälso- och sjukvård i hemmet' };

const list = async () => (await api.json<{ annotations: Annotation[] }>('/api/annotations')).body.annotations;
const trends = async (query: string) => (await api.json<Trends>(`/api/trends?${query}`)).body;

describe('admin writes of /api/annotations', () => {
  it('refuses a write without the key (401) or with a wrong one (403)', async () => {
    expect((await send('POST', '/api/annotations', AGREEMENT, null)).status).toBe(401);
    expect((await send('POST', '/api/annotations', AGREEMENT, 'fel-nyckel')).status).toBe(403);
    expect(await list()).toEqual([]);
  });

  it('refuses bad events with a Swedish detail naming the field, and keeps nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...AGREEMENT, date: '2021-13-45' }, /"date".*datum som 2020-03-11/],
      [{ ...AGREEMENT, end: '2020-01-01' }, /"end".*får inte vara före date/],
      [{ ...AGREEMENT, label: '  ' }, /"label".*får inte vara tom/],
      [{ ...AGREEMENT, topics: ['rymdfart'] }, /Okänt ämne: "rymdfart"/],
      [{ ...AGREEMENT, colour: 'red' }, /colour/],
      ['{"date": ', /inte giltig JSON/],
    ];
    for (const [body, detail] of cases) {
      const res = await send('POST', '/api/annotations', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
    }
    expect(await list()).toEqual([]);
  });

  it('adds events (201 with Location), lists them oldest first, topics as the taxonomy names them', async () => {
    const res = await send('POST', '/api/annotations', AGREEMENT);
    expect(res.status).toBe(201);
    const agreement = (await res.json()) as Annotation;
    expect(res.headers.get('location')).toBe(`/api/annotations/${agreement.id}`);
    const pandemic = (await (await send('POST', '/api/annotations', PANDEMIC)).json()) as Annotation;
    expect(pandemic.topics).toEqual(['covid-19', 'psykisk hälsa']);
    expect((await list()).map((a) => [a.date, a.end, a.label])).toEqual([
      ['2020-03-11', '2022-02-09', 'Covid-19-pandemin'],
      ['2021-11-04', null, AGREEMENT.label],
    ]);
  });
});

describe('/openapi.json', () => {
  it('describes the annotation routes with their JSON body and the keyness route', async () => {
    const { body } = await api.json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    }>('/openapi.json');
    expect(Object.keys(body.paths['/api/annotations/{id}']!).sort()).toEqual(['delete', 'put']);
    expect(body.paths['/api/annotations']!.post!.requestBody!.content['application/json']!.schema.required).toEqual([
      'date',
      'label',
    ]);
    expect(body.paths['/api/keyness']).toBeDefined();
    expect(body.paths['/api/trends/excluded']).toBeDefined();
  });
});

describe('annotations in the trends answer and exports', () => {
  it('carries the events that concern the charted topics and years', async () => {
    const psych = await trends(`topics=${enc('psykisk hälsa')}`);
    expect(psych.annotations.map((a) => a.label)).toEqual(['Covid-19-pandemin', AGREEMENT.label]);
    // An event for other topics is not drawn on this chart; one for every topic is.
    const other = await trends('topics=samsjuklighet');
    expect(other.annotations.map((a) => a.label)).toEqual([AGREEMENT.label]);
    // Outside the years asked for: not carried.
    expect((await trends(`topics=${enc('psykisk hälsa')}&yearFrom=2023`)).annotations).toEqual([]);
  });

  it('lists them in the xlsx with real dates, and in "om datat"', async () => {
    const res = await api.get(`/api/trends?topics=${enc('psykisk hälsa')}&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Trender', 'Per år', 'Händelser', 'Om datat']);
    const sheet = book.getWorksheet('Händelser')!;
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toEqual(new Date('2020-03-11T00:00:00Z'));
    expect(first.getCell(1).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(2).value).toEqual(new Date('2022-02-09T00:00:00Z'));
    expect(first.getCell(3).value).toBe('Covid-19-pandemin');
    // "Om datat": the export time is a real date too.
    const about = book.getWorksheet('Om datat')!;
    let exported: unknown = null;
    about.eachRow((row) => {
      if (row.getCell(1).value === 'Exporterad') exported = row.getCell(2).value;
    });
    expect(exported).toBeInstanceOf(Date);
    const text = await (await api.get(`/api/trends?topics=${enc('psykisk hälsa')}&format=om`)).text();
    expect(text).toMatch(/Händelse:\s+2020-03-11 till 2022-02-09: Covid-19-pandemin – WHO förklarar/);
  });
});

describe('changing and removing events', () => {
  it('replaces an event (PUT) and the next trend answer shows the change', async () => {
    const [pandemic] = await list();
    const res = await send('PUT', `/api/annotations/${pandemic!.id}`, { ...PANDEMIC, label: 'Pandemin' });
    expect(res.status).toBe(200);
    const changed = (await res.json()) as Annotation;
    expect([changed.id, changed.label, changed.createdAt]).toEqual([pandemic!.id, 'Pandemin', pandemic!.createdAt]);
    expect((await trends(`topics=${enc('psykisk hälsa')}`)).annotations[0]!.label).toBe('Pandemin');
  });

  it('answers 404 for an event that does not exist', async () => {
    expect((await send('PUT', '/api/annotations/finns-inte', PANDEMIC)).status).toBe(404);
    expect((await send('DELETE', '/api/annotations/finns-inte')).status).toBe(404);
  });

  it('survives a re-index of the corpus and a restart of the API', { timeout: 120_000 }, async () => {
    expect((await send('POST', '/api/reindex')).status).toBe(202);
    let state: { running: boolean } = { running: true };
    for (let i = 0; i < 1200 && state.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await (await send('GET', '/api/reindex')).json()) as typeof state;
    }
    expect(state.running).toBe(false);
    expect((await list()).map((a) => a.label)).toEqual(['Pandemin', AGREEMENT.label]);
    // A new process: a fresh connection to the same store and index prefix.
    const { runtime: again } = await testRuntime({ INDEX_PREFIX: runtime.names.prefix });
    const restarted = await startAppOver(again);
    try {
      const { body } = await restarted.json<{ annotations: Annotation[] }>('/api/annotations');
      expect(body.annotations.map((a) => a.label)).toEqual(['Pandemin', AGREEMENT.label]);
    } finally {
      await restarted.close();
    }
  });

  it('removes an event (DELETE) and it leaves the list and the trend answer', async () => {
    const [, agreement] = await list();
    const res = await send('DELETE', `/api/annotations/${agreement!.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { deleted: Annotation }).deleted.label).toBe(AGREEMENT.label);
    expect((await list()).map((a) => a.label)).toEqual(['Pandemin']);
    expect((await trends('topics=samsjuklighet')).annotations).toEqual([]);
  });
});
