/**
 * GET /api/assignments (the uppdrag register), its exports and its feed, and the
 * caseNumber filter and facet and a case number typed into the search box, and Följ frågan across organisations,
 * over the bundled corpus plus the real Nykarleby protocols (which print diarienummer) in an index of this file's own.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolIdFor } from '../../ingest/pipeline.js';
import type { Runtime } from '../../src/runtime.js';
import { startAppOver, type RunningApp } from '../helpers/app.js';
import { matterLabels, spanMatch } from '../helpers/matters.js';
import { sameNumber } from '../helpers/real.js';
import { CORPUS_DIR, dropIndexes, ingestBundledCorpus, testRuntime } from '../helpers/runtime.js';
import { SEED_FILES } from '../helpers/seed.js';

const REAL = [
  '002_nykarleby-valfardsnamnden-2022-09-15.pdf',
  '004_nykarleby-ungdomsfullmaktige-2023-01-30.pdf',
  '005_nykarleby-personalsektionen-2023-03-28.pdf',
  '007_nykarleby-radet-for-funktionshindrade-2023-05-24.pdf',
];

/** The contract of issue 24, exactly: no field more, none less. */
const Entry = z
  .object({
    id: z.string(),
    protocolId: z.string(),
    itemNumber: z.string(),
    meetingDate: z.string().nullable(),
    body: z.string().nullable(),
    sentence: z.string(),
    giver: z.string().nullable(),
    assignee: z.string().nullable(),
    task: z.string(),
    due: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(['öppen', 'återrapporterad', 'försenad', 'okänd']),
    page: z.number().int().positive(),
    pdfUrl: z.string(),
    reportedIn: z.array(
      z.object({ protocolId: z.string(), itemNumber: z.string(), meetingDate: z.string().nullable() }).strict(),
    ),
  })
  .strict();
const Page = z.object({ total: z.number(), page: z.number(), limit: z.number(), assignments: z.array(Entry) }).strict();
type Entry = z.infer<typeof Entry>;

let runtime: Runtime;
let api: RunningApp;
let dir: string;
let all: Entry[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'assignments-corpus-'));
  for (const f of readdirSync(CORPUS_DIR))
    if (f.endsWith('.pdf')) copyFileSync(path.join(CORPUS_DIR, f), path.join(dir, f));
  for (const f of REAL)
    copyFileSync(fileURLToPath(new URL(`../fixtures/real/${f}`, import.meta.url)), path.join(dir, f));
  // Four small protocols of two bodies: a task, its report-back a meeting later, a like task for another
  // district a meeting before, and the same task given by another body.
  const matters = fileURLToPath(new URL('../fixtures/matters/', import.meta.url));
  for (const f of readdirSync(matters)) copyFileSync(path.join(matters, f), path.join(dir, f));
  ({ runtime } = await testRuntime());
  await ingestBundledCorpus(runtime, dir);
  api = await startAppOver(runtime);
  all = [];
  for (let page = 1; ; page++) {
    const res = await api.json<z.infer<typeof Page>>(`/api/assignments?limit=100&page=${page}`);
    all.push(...res.body.assignments);
    if (all.length >= res.body.total || res.body.assignments.length === 0) break;
  }
}, 240_000);

afterAll(async () => {
  await api?.close();
  if (runtime) await dropIndexes(runtime);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/assignments', () => {
  it('answers the contract, newest meeting first', async () => {
    const res = await api.json('/api/assignments?limit=5');
    expect(res.status).toBe(200);
    const page = Page.parse(res.body);
    expect(page.limit).toBe(5);
    expect(page.assignments).toHaveLength(5);
    const dates = all.map((a) => a.meetingDate ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(page.assignments[0]!.pdfUrl).toMatch(/^\/api\/protocols\/.+\/source#page=\d+$/);
  });

  it('holds every labelled assignment of the seed protocols', () => {
    const labels = matterLabels('seed-matters.json').assignments;
    const missing = labels.filter((l) => {
      const id = protocolIdFor(l.file.replace(/\.txt$/, '.pdf'));
      return !all.some(
        (a) => a.protocolId === id && sameNumber(a.itemNumber, l.itemNumber) && spanMatch(a.sentence, l.sentence) > 0,
      );
    });
    expect(missing.map((m) => `${m.file} § ${m.itemNumber}: ${m.sentence.slice(0, 60)}`)).toEqual([]);
    expect(SEED_FILES.length).toBe(5);
  });

  it('marks the systemanalys of 2024-04-19 § 6 återrapporterad: its result is reported in the same item', () => {
    const a = all.find((x) => /Effektiv styrning Sverige AB har fått i uppdrag/.test(x.sentence))!;
    expect(a.status).toBe('återrapporterad');
    expect(a.reportedIn).toEqual([{ protocolId: a.protocolId, itemNumber: a.itemNumber, meetingDate: '2024-04-19' }]);
  });

  it('links each report-back to the assignment it answers, in the same item or across meetings, and to no other', () => {
    // The labelled links (report-back → the item of the assignment it answers), as (assignment item → report item).
    const key = (file: string, itemNumber: string) =>
      `${protocolIdFor(file.replace(/\.txt$/, '.pdf'))} § ${itemNumber.replace(/\D/g, '')}`;
    const labels = [matterLabels('seed-matters.json'), matterLabels('real-matters.json')];
    const inCorpus = (file: string) => SEED_FILES.some((s) => file.startsWith(s)) || REAL.includes(file);
    const want = new Set(
      labels
        .flatMap((l) => l.reportBacks)
        .filter((r) => r.answers && inCorpus(r.file) && inCorpus(r.answers.file))
        .map((r) => `${key(r.answers!.file, r.answers!.itemNumber)} → ${key(r.file, r.itemNumber)}`),
    );
    const labelled = new Set<string>([...SEED_FILES.map((f) => `${f}.pdf`), ...REAL].map((f) => protocolIdFor(f)));
    const got = new Set(
      all
        .filter((a) => labelled.has(a.protocolId))
        .flatMap((a) =>
          a.reportedIn.map(
            (r) =>
              `${a.protocolId} § ${a.itemNumber.replace(/\D/g, '')} → ${r.protocolId} § ${r.itemNumber.replace(/\D/g, '')}`,
          ),
        ),
    );
    const found = [...want].filter((w) => got.has(w));
    const extra = [...got].filter((g) => !want.has(g));
    console.log(
      `register links: precision ${(found.length / Math.max(1, got.size)).toFixed(2)}, recall ${(found.length / Math.max(1, want.size)).toFixed(2)} (${found.length} of ${want.size} labelled, ${extra.length} unlabelled)`,
      ...extra.map((x) => `\n  extra ${x}`),
      ...[...want].filter((w) => !got.has(w)).map((x) => `\n  missed ${x}`),
    );
    expect(found.length).toBe(want.size);
    expect(extra).toEqual([]);
  });

  it("links a later meeting's report-back to the body's task it answers, not to another body's same task nor to another task", () => {
    const of = (file: string, task: RegExp) =>
      all.find((a) => a.protocolId === protocolIdFor(file) && task.test(a.task))!;
    const night = of('socialnamnden-testkoping-2025-02-10.txt', /nattbemanningen/);
    expect(night).toMatchObject({ due: 'nästa sammanträde', status: 'återrapporterad' });
    expect(night.reportedIn).toEqual([
      {
        protocolId: protocolIdFor('socialnamnden-testkoping-2025-03-10.txt'),
        itemNumber: '§ 1',
        meetingDate: '2025-03-10',
      },
    ]);
    expect(of('socialnamnden-testkoping-2025-02-10.txt', /matdistributionen/).reportedIn).toEqual([]);
    expect(of('aldrenamnden-testkoping-2025-01-20.txt', /nattbemanningen/).reportedIn).toEqual([]);
    // The same body's task for another district, a meeting earlier: the report names Norrby and Anna Berg.
    expect(of('socialnamnden-testkoping-2024-12-09.txt', /nattbemanningen/).reportedIn).toEqual([]);
  });

  it('marks a task whose date has passed without a report-back försenad, and one due "nästa möte" of a body with no later meeting öppen', () => {
    const late = all.find((x) => /Utredningen ska vara klar senast den 30 juni/.test(x.sentence))!;
    expect(late).toMatchObject({ due: 'senast den 30 juni', dueDate: '2024-06-30', status: 'försenad' });
    const next = all.find((x) => /Marina återkopplar vid nästa möte/.test(x.sentence))!;
    expect(next).toMatchObject({ assignee: 'Marina', due: 'nästa möte', dueDate: null, status: 'öppen' });
  });

  it('filters by status, assignee, body, year and words', async () => {
    const late = await api.json<z.infer<typeof Page>>('/api/assignments?status=försenad&limit=100');
    expect(late.body.total).toBeGreaterThan(0);
    expect(late.body.assignments.every((a) => a.status === 'försenad')).toBe(true);
    const marina = await api.json<z.infer<typeof Page>>(`/api/assignments?assignee=${encodeURIComponent('marina')}`);
    expect(marina.body.total).toBeGreaterThanOrEqual(2);
    expect(marina.body.assignments.every((a) => /marina/i.test(a.assignee ?? ''))).toBe(true);
    const body = await api.json<z.infer<typeof Page>>(`/api/assignments?body=${encodeURIComponent('Välfärdsnämnden')}`);
    expect(body.body.total).toBeGreaterThan(0);
    expect(body.body.assignments.every((a) => a.body === 'Välfärdsnämnden')).toBe(true);
    const year = await api.json<z.infer<typeof Page>>('/api/assignments?year=2023&limit=100');
    expect(year.body.assignments.every((a) => a.meetingDate?.startsWith('2023'))).toBe(true);
    const words = await api.json<z.infer<typeof Page>>(`/api/assignments?q=${encodeURIComponent('rekryteringen')}`);
    expect(words.body.assignments.map((a) => a.body)).toContain('Välfärdsnämnden');
    // Words as the search reads them: "hemsjukvård" is the concept "hälso- och sjukvård i hemmet" names.
    const home = await api.json<z.infer<typeof Page>>(`/api/assignments?q=${encodeURIComponent('hemsjukvård')}`);
    expect(home.body.assignments.map((a) => a.sentence)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Styrgruppen för ny överenskommelse för hälso- och sjukvård i hemmet/),
      ]),
    );
    for (const a of home.body.assignments)
      expect(`${a.sentence} ${a.task}`).toMatch(/hälso- och sjukvård i hemmet|hemsjukvård/i);
  });

  it('refuses a limit over 100 and an unknown status with a Swedish problem', async () => {
    for (const q of ['limit=101', 'status=klar']) {
      const res = await api.get(`/api/assignments?${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/högst 100|ska vara öppen/);
    }
  });

  it('exports the register as CSV for Swedish Excel and as xlsx', async () => {
    const csv = await api.get('/api/assignments?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(
      /^Mötesdatum;Organ;Punkt;Uppdragsgivare;Ansvarig;Uppdrag;Klart;Datum;Status/,
    );
    const xlsx = await api.get('/api/assignments?format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Uppdrag')!;
    expect(sheet.rowCount - 1).toBe(all.length);
  });

  it('publishes an Atom feed of assignments falling due, overdue ones included', async () => {
    const res = await api.get('/api/assignments/feed?days=30');
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(await res.text()) as {
      feed: { entry?: { title: string } | { title: string }[] };
    };
    const entries = [feed.feed.entry ?? []].flat();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.title).join('\n')).toContain('senast 2024-06-30');
  });
});

describe('case numbers in search', () => {
  it('filters by case number in any spelling and offers them as a facet', async () => {
    const res = await api.json<{
      total: number;
      hits: { itemNumber: string; caseNumbers?: string[] }[];
      facets: { caseNumber: Record<string, number> };
    }>(`/api/search?caseNumber=${encodeURIComponent('nkby/0458/06.01.02.02/2022')}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.hits[0]).toMatchObject({ itemNumber: '45 §', caseNumbers: ['NKBY/458/06.01.02.02/2022'] });
    const facets = await api.json<{ facets: { caseNumber: Record<string, number> } }>('/api/search?q=&limit=1');
    expect(Object.keys(facets.body.facets.caseNumber)).toContain('NKBY/56/00.02.07/2023');
  });

  it('reads a case number typed into the search box as that case: every labelled one finds its item, alone', async () => {
    type Answer = {
      total: number;
      hits: { protocolId: string; itemNumber: string; caseNumbers?: string[] }[];
      understood: { caseNumbers?: string[] };
    };
    const search = async (q: string) =>
      (await api.json<Answer>(`/api/search?q=${encodeURIComponent(q)}&limit=100`)).body;
    const labels = matterLabels('real-matters.json').caseNumbers;
    expect(labels.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const l of labels) {
      const id = protocolIdFor(l.file);
      for (const typed of [l.caseNumber, `dnr ${l.caseNumber}`]) {
        const answer = await search(typed);
        const found = answer.hits.map((h) => `${h.protocolId} § ${h.itemNumber.replace(/\D/g, '')}`);
        // Its items are those that carry it (a matter handled twice has two); the labelled one among them.
        const carry = answer.hits.every((h) => h.caseNumbers?.includes(l.caseNumber));
        if (!found.includes(`${id} § ${l.itemNumber}`) || !carry || answer.understood.caseNumbers?.[0] !== l.caseNumber)
          wrong.push(`${typed}: ${found.join(', ') || 'nothing'}`);
      }
    }
    expect(wrong).toEqual([]);
    // Words beside it narrow within the case; a case nobody has answers nothing, not items with its digits.
    const [first] = labels;
    expect((await search(`${first!.caseNumber} presentation`)).total).toBe(1);
    expect((await search(`${first!.caseNumber} budgetuppföljning`)).total).toBe(0);
    expect((await search('Dnr NKBY/999/12.03.01/2022')).total).toBe(0);
  });
});

describe('Följ frågan follows matters, not meetings', () => {
  type Hit = {
    id: string;
    protocolId: string;
    title: string;
    meetingDate: string | null;
    itemNumber: string;
    formalia?: string | null;
  };
  type Related = { formalia: string | null; terms: string[]; earlier: Hit[]; sameDay: Hit[]; later: Hit[] };
  const itemTitled = async (title: string, protocol: RegExp) => {
    // The title's words without a year (a year alone in the box is read as a year filter).
    const words = title.replace(/\b\d{4}\b/g, '');
    const found = await api.json<{ hits: Hit[] }>(`/api/search?q=${encodeURIComponent(words)}&limit=100`);
    return found.body.hits.find((h) => h.title === title && protocol.test(h.protocolId))!;
  };
  const threadOf = async (id: string) => {
    const { status, body } = await api.json<Related>(`/api/items/${encodeURIComponent(id)}/related`);
    expect(status).toBe(200);
    return { ...body, all: [...body.earlier, ...body.sameDay, ...body.later] };
  };

  it("follows nothing from a meeting's formalia, and puts no formalia in any thread", async () => {
    const everything: Hit[] = [];
    for (let page = 1; ; page++) {
      const res = await api.json<{ total: number; hits: Hit[] }>(`/api/search?q=&limit=100&page=${page}`);
      everything.push(...res.body.hits);
      if (everything.length >= res.body.total || res.body.hits.length === 0) break;
    }
    const formalia = new Set<string>();
    for (const item of everything) {
      const thread = await threadOf(item.id);
      if (thread.formalia === null) continue;
      formalia.add(item.id);
      expect(thread, item.title).toMatchObject({ terms: [], earlier: [], sameDay: [], later: [] });
    }
    // A search hit says the same, so the views offer no Följ frågan from it.
    expect(everything.filter((i) => i.formalia !== null).map((i) => i.id)).toEqual([...formalia]);
    const titles = everything.filter((i) => formalia.has(i.id)).map((i) => i.title);
    // Each body's own formalia, as its protocol writes it; no matter among them.
    expect(titles).toEqual(
      expect.arrayContaining([
        'Sammanträdets laglighet och beslutförhet',
        'Val av protokolljusterare',
        'Godkännande av föredragningslistan',
        'Mötet öppnades',
        'Godkännande av dagordning',
        'Kort utvärdering och sammanfattning',
      ]),
    );
    expect(titles.filter((t) => /suicid|överenskommelse|samsjuklighet|budget|personal/i.test(t))).toEqual([]);
    for (const item of everything.filter((i) => !formalia.has(i.id))) {
      const { all } = await threadOf(item.id);
      expect(
        all.filter((h) => formalia.has(h.id)).map((h) => h.title),
        item.title,
      ).toEqual([]);
    }
  }, 120_000);

  it("leaves out a long report that says the matter's words once each in passing", async () => {
    // "Tema Barn och unga" (2020-11-20 §6) is a theme day's notes: "nära" and "vården" stand in it once each,
    // among 1,074 words; "Nära vård systemanalys, länsgemensam rehabilitering" is about the matter.
    const item = await itemTitled(
      'Samledning och gemensam systemledning utifrån omställningen till Nära vård',
      /^003_/,
    );
    const { all } = await threadOf(item.id);
    const titles = all.map((h) => h.title);
    expect(titles).not.toContain('Tema Barn och unga');
    expect(titles.some((t) => t.startsWith('Nära vård systemanalys'))).toBe(true);
  });

  it("relates another organisation's item by the matter's whole word, never by a part of it alone", async () => {
    // "Personalrapport 2022" shares only "personal" with a Region Örebro report on covid ("personalen").
    const item = await itemTitled('Personalrapport 2022', /nykarleby-personalsektionen/);
    const { all } = await threadOf(item.id);
    expect(all.filter((h) => !/nykarleby/.test(h.protocolId)).map((h) => h.title)).toEqual([]);
  });
});

describe('Följ frågan across organisations', () => {
  it("relates no other organisation's item to a Nykarleby item whose letterhead was not read, by one shared word", async () => {
    type Hit = { id: string; protocolId: string; title: string };
    const found = await api.json<{ hits: Hit[] }>(`/api/search?q=${encodeURIComponent('Uppvaktningar och gåvor')}`);
    const item = found.body.hits.find((h) => h.title === 'Uppvaktningar och gåvor')!;
    expect(item.protocolId).toMatch(/nykarleby-personalsektionen/);
    const related = await api.json<{ earlier: Hit[]; sameDay: Hit[]; later: Hit[] }>(`/api/items/${item.id}/related`);
    const all = [...related.body.earlier, ...related.body.sameDay, ...related.body.later];
    expect(all.filter((h) => !/nykarleby/.test(h.protocolId)).map((h) => `${h.protocolId}: ${h.title}`)).toEqual([]);
  });
});
