/**
 * Canonical bodies on a mixed corpus: the seed protocols, the six real
 * development PDFs, and excerpts written in the shapes that pollute a "by body"
 * facet (page furniture and page counts glued to the name, attendee names after
 * it, dates, "Nr N", the organisation's letterhead, all caps, spelling variants
 * across protocols). Every value must be a body's name alone, variants of one
 * body one value, and a protocol without a body "Okänt organ".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyAliases, bodyProblems, canonicalBody, sameBody, UNKNOWN_BODY } from '../../domain/bodies.js';
import type { ItemDocument } from '../../domain/schemas.js';
import { fileBodyInIndex, suspectBody } from '../../ingest/body-aliases.js';
import { ingestFile, processPages } from '../../ingest/pipeline.js';
import { ingestFiles, listCorpus, type RunSummary } from '../../ingest/run.js';
import type { Runtime } from '../../src/runtime.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';
import { realDir, realLabels } from '../helpers/real.js';
import { SEED_FILES, seedTextPages } from '../helpers/seed.js';
import { textPages } from '../helpers/stages.js';

const AGENDA =
  '\n\n§ 1 Val av justerare\nAnna Berg utses att justera.\n\n§ 2 Budget\nNämnden beslutar att anta budgeten.';

/** Heads in the shapes of the issue and of real kommun, region and authority protocols, with the body each names. */
const EXCERPTS: readonly { head: string; body: string }[] = [
  { head: 'Sida 2(14) Omsorgsnämnden\nSammanträdesdatum 2019-03-05', body: 'Omsorgsnämnden' },
  { head: 'PROTOKOLL 1(40) Socialnämnden Anna Berg Per Ek Lisa Holm\nDatum: 2019-03-05', body: 'Socialnämnden' },
  { head: 'Kommunstyrelsen 12-30\nPlats och tid: Kommunhuset kl 13.00', body: 'Kommunstyrelsen' },
  {
    head: 'Inspektionen för vård och omsorg Styrelsen Nr 2\nDatum: 2021-03-15\nNärvarande: Anna Berg, Per Ek',
    body: 'Styrelsen',
  },
  { head: 'Protokoll\nStyrelsen nr 2\nDatum: 2021-05-10', body: 'Styrelsen' },
  { head: 'Protokoll Styrelsen Nr 1 Inspektionen för vård och omsorg\nDatum: 2021-01-20', body: 'Styrelsen' },
  { head: 'Protokoll fört vid styrelsens sammanträde\nDatum: 2021-09-14', body: 'Styrelsen' },
  { head: 'KARLSKOGA KOMMUN Kommunstyrelsen\nSammanträdesdatum 2019-05-06', body: 'Kommunstyrelsen' },
  { head: 'SAMMANTRÄDESPROTOKOLL\nSOCIALNÄMNDEN\nSammanträdesdatum 2020-02-11', body: 'Socialnämnden' },
  { head: 'Protokoll Kultur- och fritidsnämnden\nDatum: 2020-01-15', body: 'Kultur- och fritidsnämnden' },
  { head: 'Protokoll Kultur och fritidsnämnden\nDatum: 2020-03-15', body: 'Kultur- och fritidsnämnden' },
  {
    head: 'Barn- och utbildningsnämnden Sammanträdesprotokoll 2020-01-15 Sida 1 (8)\nPlats och tid: Kommunhuset',
    body: 'Barn- och utbildningsnämnden',
  },
  { head: 'Region Örebro län\nProtokoll Regionstyrelsen\nDatum: 2020-01-01', body: 'Regionstyrelsen' },
  { head: 'Protokoll Socialnämnd\nDatum: 2020-04-01', body: 'Socialnämnden' },
  { head: 'Socialnämndens arbetsutskott 2019-04-02 Sida 3\nDatum: 2019-04-02', body: 'Socialnämndens arbetsutskott' },
  {
    head: 'Protokoll Miljö- och byggnämnden Anna Berg (S) ordförande\nDatum: 2019-10-01',
    body: 'Miljö- och byggnämnden',
  },
  { head: 'Nämnd/styrelse: Gymnasienämnden\tAnna Berg, Per Ek\nDatum: 2019-11-12', body: 'Gymnasienämnden' },
  { head: 'Kommunfullmäktige 2019-12-16 § 150-170\nPlats och tid: Stadshuset', body: 'Kommunfullmäktige' },
  { head: 'Nykarleby stad Välfärdsnämnden\nSammanträdestid 15.9.2022 kl. 18.00', body: 'Välfärdsnämnden' },
  { head: 'Protokoll\nDatum: 2020-01-01\nPlats: Kommunhuset', body: UNKNOWN_BODY },
  // The form's label "Nämnd" left empty (Botkyrka's anslag) names no body.
  {
    head: 'SAMMANTRÄDESPROTOKOLL\nJusteringen har tillkännagivits genom anslag. Nämnd\nSammanträdesdatum Anslaget den\nDatum: 2015-06-10',
    body: UNKNOWN_BODY,
  },
  // Other kommuners' published minutes (Stockholm, Örnsköldsvik, Stenungsund, Trollhättan, Sydnärke).
  { head: 'Östermalms stadsdelsnämnd\nProtokoll\nSammanträdesdatum 2006-04-20', body: 'Östermalms stadsdelsnämnd' },
  // The anslag's sentence after the body's name in a form (Kramfors): "Protokollet anslås" is no part of it.
  {
    head: 'ANSLAG/BEVIS\nOrgan Kommunstyrelsens arbetsutskott Protokollet anslås Anslaget till och med 2018-04-25\nDatum: 2018-03-06',
    body: 'Kommunstyrelsens arbetsutskott',
  },
  // The organisation's own place in the genitive is no part of its body's name (a district's is: Östermalms).
  {
    head: 'Åtvidabergs kommun\nÅtvidabergs kommunstyrelse\nProtokoll\nSammanträdesdatum 2013-01-09',
    body: 'Kommunstyrelsen',
  },
  // A district named without the genitive: Farsta, Spånga-Tensta.
  { head: 'Farsta stadsdelsnämnd\nStockholms stad\nSammanträdesdatum 2009-04-23', body: 'Farsta stadsdelsnämnd' },
  { head: 'Protokoll\nSpånga-Tensta stadsdelsnämnd\nDatum: 2005-11-17', body: 'Spånga-Tensta stadsdelsnämnd' },
  { head: 'Humanistisk nämnd\nProtokoll\nSammanträdesdatum 2016-06-13', body: 'Humanistisk nämnd' },
  // The adjective in the neuter before a body word keeps its place in the name.
  {
    head: 'Minnesanteckningar\nSpecifikt samverkansråd barn och unga\nDatum: 2024-09-20',
    body: 'Specifikt samverkansråd barn och unga',
  },
  { head: 'Regionalt samverkansråd\nProtokoll\nDatum: 2024-05-02', body: 'Regionalt samverkansråd' },
  {
    head: 'STENUNGSUNDS KOMMUN\nKOMMUNSTYRELSENS SOCIALA UTSKOTT\nProtokoll\nSammanträdesdatum 2011-05-17',
    body: 'Kommunstyrelsens sociala utskott',
  },
  { head: 'Kommunfullmäktiges protokoll\nSammanträdesdatum 2015-11-19', body: 'Kommunfullmäktige' },
  {
    head: 'Protokoll\nSammanträdesdatum: 2016-12-16\nOrgan: Samordningsförbundet Sydnärke',
    body: 'Samordningsförbundet',
  },
];

describe('canonicalBody', () => {
  it.each([
    ['Sida 2(14) Omsorgsnämnden', 'Omsorgsnämnden'],
    ['PROTOKOLL 1(40) Socialnämnden Anna Berg Per Ek', 'Socialnämnden'],
    ['Kommunstyrelsen 12-30', 'Kommunstyrelsen'],
    ['Styrelsen Nr 2 Myndigheten för vårdanalys', 'Styrelsen'],
    ['KOMMUNSTYRELSENS ARBETSUTSKOTT', 'Kommunstyrelsens arbetsutskott'],
    [
      'Specifika samverkansrådet för social välfärd samt vård och omsorg',
      'Specifika samverkansrådet för social välfärd samt vård och omsorg',
    ],
    ['Styrgrupp samverkan barn och unga i Örebro län', 'Styrgrupp samverkan barn och unga i Örebro län'],
    ['Bygg-, miljö- och hälsoskyddsnämnden', 'Bygg-, miljö- och hälsoskyddsnämnden'],
    ['Kommunstyrelsen beslutar att godkänna förslaget', 'Kommunstyrelsen'],
    ['Kommunstyrelsens arbetsutskott', 'Kommunstyrelsens arbetsutskott'],
    ['Protokoll | 39 § | 15.09.2022 | Sida', null],
    ['Justerandes sign', null],
  ])('reads "%s" as %s', (written, body) => {
    expect(canonicalBody(written)).toBe(body);
  });

  it('strips the organisation and the people the protocol names', () => {
    expect(
      canonicalBody('Försäkringskassan Styrelsen Lena Ek', { organisation: 'Försäkringskassan', names: ['Lena Ek'] }),
    ).toBe('Styrelsen');
  });
});

describe('the alias table', () => {
  it('keeps a group named by its field in capitals ("Styrgrupp Nära vård"), but no person after it', () => {
    expect(canonicalBody('Minnesanteckningar Styrgrupp Nära vård 2023-05-10')).toBe('Styrgrupp Nära vård');
    expect(canonicalBody('Chefsgrupp Folkhälsa')).toBe('Chefsgrupp Folkhälsa');
    expect(canonicalBody('Styrgrupp Barn och unga')).toBe('Styrgrupp Barn och unga');
    // A given name and a family name, or a name the protocol lists, are people.
    expect(canonicalBody('Styrgrupp Anna Berg')).toBe('Styrgrupp');
    expect(canonicalBody('Arbetsgrupp Marina', { names: ['Marina Holm'] })).toBe('Arbetsgrupp');
    // A form's next label on the same line is no field.
    expect(canonicalBody('Arbetsgrupp Tid 13.00-15.00')).toBe('Arbetsgrupp');
    expect(canonicalBody('Styrgrupp Närvarande')).toBe('Styrgrupp');
    // After a body word in its definite form a capitalised word begins something else.
    expect(canonicalBody('Socialnämnden Per Ek')).toBe('Socialnämnden');
  });

  it('files spellings of one body under one name, and keeps different bodies apart', () => {
    expect(sameBody('Socialnämnd', 'SOCIALNÄMNDEN')).toBe(true);
    expect(sameBody('Kultur och fritidsnämnden', 'Kultur- och fritidsnämnden')).toBe(true);
    expect(sameBody('Socialnämnden', 'Socialnämndens arbetsutskott')).toBe(false);
    expect(sameBody('Barn- och utbildningsnämnden', 'Barn- och ungdomsnämnden')).toBe(false);
    const aliases = new BodyAliases(['Socialnämnden', 'Socialnämnden', 'Kommunstyrelsen']);
    expect(aliases.file('Socialnämnd')).toBe('Socialnämnden');
    expect(aliases.file('Omsorgsnämnden')).toBe('Omsorgsnämnden');
    expect(aliases.file('Omsorgsnämnd')).toBe('Omsorgsnämnden');
    expect([...aliases.aliases()]).toEqual([
      ['Socialnämnd', 'Socialnämnden'],
      ['Omsorgsnämnd', 'Omsorgsnämnden'],
    ]);
  });
});

describe('bodies of a mixed corpus', () => {
  const rows: { source: string; body: string; asWritten: string | null }[] = [];
  let aliases: BodyAliases;

  beforeAll(async () => {
    for (const name of SEED_FILES) {
      const { meta } = processPages(seedTextPages(name), `${name}.txt`);
      rows.push({ source: `seed ${name}`, body: meta.body, asWritten: meta.bodyAsWritten });
    }
    for (const label of realLabels) {
      const result = await ingestFile(new Uint8Array(readFileSync(new URL(label.file, realDir))), label.file, {
        ocr: { enabled: false, pageTimeoutMs: 1, maxPages: 0 },
      });
      if (!result.ok) throw new Error(result.failure.reason);
      rows.push({ source: label.file, body: result.protocol.body!, asWritten: result.protocol.bodyAsWritten ?? null });
    }
    EXCERPTS.forEach(({ head }, i) => {
      const { meta } = processPages(textPages(`${head}${AGENDA}`), `utdrag-${i}.txt`);
      rows.push({ source: `excerpt ${i}`, body: meta.body, asWritten: meta.bodyAsWritten });
    });
    // Filed as an ingest run files them: in order, each new spelling against the names filed before it.
    aliases = new BodyAliases();
    for (const row of rows) row.body = aliases.file(row.body);
    console.log(
      [
        'source                                                    body                                   | as written',
        ...rows.map((r) => `${r.source.padEnd(57)} ${r.body.padEnd(38)} | ${r.asWritten ?? '–'}`),
      ].join('\n'),
    );
  }, 120_000);

  it('has no body value with page furniture, digits, document words or names', () => {
    expect(rows.filter((r) => bodyProblems(r.body).length > 0).map((r) => [r.body, bodyProblems(r.body)])).toEqual([]);
  });

  it('names the body of every seed and real development protocol as its label does', () => {
    const seedGold = JSON.parse(readFileSync(new URL('../fixtures/seed-gold.json', import.meta.url), 'utf8')) as {
      documents: { body: string }[];
    };
    expect(rows.slice(0, SEED_FILES.length).map((r) => r.body)).toEqual(seedGold.documents.map((d) => d.body));
    expect(rows.slice(SEED_FILES.length, SEED_FILES.length + realLabels.length).map((r) => r.body)).toEqual(
      realLabels.map((l) => l.body.replace(/\s*\([^)]*\)$/, '')),
    );
  });

  it('reads the body each excerpt names, one value per body, and "Okänt organ" where none is named', () => {
    const excerpts = rows.slice(SEED_FILES.length + realLabels.length);
    expect(excerpts.map((r) => r.body)).toEqual(EXCERPTS.map((e) => e.body));
    // The authority's board under five spellings ("… Styrelsen Nr 2", "Styrelsen nr 2", "… Nr 1 …",
    // "styrelsens sammanträde") is one body.
    expect(excerpts.slice(3, 7).map((r) => r.body)).toEqual(['Styrelsen', 'Styrelsen', 'Styrelsen', 'Styrelsen']);
    expect(new Set(excerpts.map((r) => r.body)).size).toBe(new Set(EXCERPTS.map((e) => e.body)).size);
  });

  it('keeps the body as written beside the canonical name', () => {
    const polluted = rows.find((r) => r.source === 'excerpt 1')!;
    expect(polluted).toMatchObject({ body: 'Socialnämnden' });
    expect(polluted.asWritten).toMatch(/1\(40\) Socialnämnden/);
  });
});

describe('the body facet of an ingested corpus', () => {
  let runtime: Runtime;
  let first: RunSummary;
  let second: RunSummary;
  let firstFacet: Record<string, number> | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-bodies-'));
  const write = (name: string, head: string) => writeFileSync(path.join(dir, name), `${head}${AGENDA}`);
  const facet = async () =>
    (
      await runtime.admin
        .index<ItemDocument>(runtime.names.items)
        .search(null, { limit: 0, facets: ['body'], filter: 'itemNumber = "§ 1"' })
    ).facetDistribution?.body;

  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    write('a-kultur.txt', 'Protokoll Kultur- och fritidsnämnden\nDatum: 2020-01-15');
    write('b-kultur.txt', 'Protokoll Kultur och fritidsnämnden\nDatum: 2020-03-15');
    write('c-social.txt', 'PROTOKOLL 1(40) Socialnämnden Anna Berg Per Ek\nDatum: 2019-03-05');
    write('d-social.txt', 'SAMMANTRÄDESPROTOKOLL\nSOCIALNÄMNDEN\nSammanträdesdatum 2020-02-11');
    write('e-okant.txt', 'Protokoll\nDatum: 2020-01-01\nPlats: Kommunhuset');
    first = await ingestFiles(runtime.indexer, await listCorpus(dir), { maxFileBytes: 1024 * 1024 });
    firstFacet = await facet();
    // A later run files a new spelling under the name the index already uses.
    write('f-social.txt', 'Protokoll Socialnämnd\nDatum: 2020-04-01');
    second = await ingestFiles(runtime.indexer, await listCorpus(dir), { maxFileBytes: 1024 * 1024 });
  }, 120_000);

  afterAll(async () => {
    await dropIndexes(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts each body once, whatever its spelling, and a protocol without a body under "Okänt organ"', async () => {
    expect(firstFacet).toEqual({
      'Kultur- och fritidsnämnden': 2,
      Socialnämnden: 2,
      [UNKNOWN_BODY]: 1,
    });
    expect(await facet()).toEqual({ 'Kultur- och fritidsnämnden': 2, Socialnämnden: 3, [UNKNOWN_BODY]: 1 });
    expect([first.failed, second.failed]).toEqual([[], []]);
  });

  it('files an upload’s spelling under the name the index uses, from the protocols’ body facet', async () => {
    expect(Object.fromEntries(await runtime.indexer.bodyCounts())).toEqual({
      'Kultur- och fritidsnämnden': 2,
      Socialnämnden: 3,
      [UNKNOWN_BODY]: 1,
    });
    const upload = await ingestFile(
      new TextEncoder().encode(`Protokoll Kultur och fritidsnämnd\nDatum: 2020-05-01${AGENDA}`),
      'g-kultur.txt',
    );
    if (!upload.ok) throw new Error(upload.failure.reason);
    const filed = await fileBodyInIndex(upload, runtime.indexer);
    expect([filed.protocol.body, ...new Set(filed.items.map((i) => i.body))]).toEqual([
      'Kultur- och fritidsnämnden',
      'Kultur- och fritidsnämnden',
    ]);
  });

  it('lists no suspect body in the summary of a clean run, and would list one that reads as furniture', () => {
    expect([first.suspectBodies, second.suspectBodies]).toEqual([[], []]);
    expect(suspectBody({ body: 'Sida 2(14) Omsorgsnämnden Anna Berg', sourceFile: 'x.pdf' })).toEqual({
      body: 'Sida 2(14) Omsorgsnämnden Anna Berg',
      problems: ['siffror', 'sidhuvud eller dokumentord', 'namn'],
      sourceFile: 'x.pdf',
    });
  });
});
