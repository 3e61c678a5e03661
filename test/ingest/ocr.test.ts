/**
 * OCR of PDF pages without a text layer, with the real Tesseract and poppler
 * (scripts/ensure-ocr.mjs installs them in pretest) and the real Meilisearch:
 * a whole scanned protocol, a born-digital protocol with one scanned page, and
 * real protocols with scanned attachment pages.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../domain/config.js';
import { projectRoot } from '../../domain/paths.js';
import type { ItemDocument, Page, ProtocolDocument } from '../../domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { describe as describeAvailability, ocrAvailability } from '../../ingest/ocr/availability.js';
import { runChild } from '../../ingest/ocr/child.js';
import { ocrMissingText } from '../../ingest/ocr/ocr-pages.js';
import { DEFAULT_OCR_SETTINGS, ocrFingerprint, ocrSettingsFrom } from '../../ingest/ocr/settings.js';
import { parseTsv, scannedPages } from '../../ingest/ocr/text.js';
import { contentHash, ingestFile, type IngestResult } from '../../ingest/pipeline.js';
import { IngestPool } from '../../ingest/pool.js';
import { ingestFiles, listCorpus, type RunSummary } from '../../ingest/run.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { dropIndexes, testConfig, testRuntime } from '../helpers/runtime.js';
import { imageOnlyPdf, mixedPdf, renderPages } from '../helpers/scans.js';

const SOURCE = path.join(projectRoot, 'corpus/002_dd3eb397fa6549bb.pdf');
const REAL = path.join(projectRoot, 'test/fixtures/real');
const FUNKTIONSHINDRADE = '007_nykarleby-radet-for-funktionshindrade-2023-05-24.pdf';
const PERSONALSEKTIONEN = '005_nykarleby-personalsektionen-2023-03-28.pdf';
const OCR_OFF = ocrSettingsFrom(loadConfig({ OCR_ENABLED: 'false' }));
// This machine is shared by parallel test files: a page can take far longer than in production, and the tests
// are about what OCR reads, not how fast (the time limit has its own test).
const OCR_PATIENT = { ...DEFAULT_OCR_SETTINGS, pageTimeoutMs: 300_000 };

const normTitle = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

describe('OCR of an image-only protocol, a mixed PDF and real scanned attachment pages', () => {
  let runtime: Runtime;
  let api: RunningApp;
  let summary: RunSummary;
  let textLayer: Extract<IngestResult, { ok: true }>;
  let protocols: ProtocolDocument[];
  let items: ItemDocument[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-ocr-'));
  const protocolOf = (file: string) => protocols.find((p) => p.sourceFile === file)!;
  const itemsOf = (file: string) =>
    items.filter((i) => i.sourceFile === file).sort((a, b) => a.itemOrdinal - b.itemOrdinal);

  beforeAll(async () => {
    ({ runtime } = await testRuntime());
    const original = new Uint8Array(readFileSync(SOURCE));
    const text = await ingestFile(original, 'text-layer.pdf');
    if (!text.ok) throw new Error(text.failure.reason);
    textLayer = text;
    // 150 dpi grayscale, what an office scanner typically produces.
    writeFileSync(path.join(dir, 'scanned.pdf'), await imageOnlyPdf(original, 150));
    writeFileSync(path.join(dir, 'mixed.pdf'), await mixedPdf((await renderPages(original, 150)).get(3)!));
    for (const name of [FUNKTIONSHINDRADE, PERSONALSEKTIONEN])
      copyFileSync(path.join(REAL, name), path.join(dir, name));
    // Through the worker pool, as npm start ingests: OCR runs in the file's thread.
    summary = await ingestFiles(runtime.indexer, await listCorpus(dir), {
      maxFileBytes: 50 * 1024 * 1024,
      workers: 2,
      ocr: OCR_PATIENT,
    });
    protocols = (await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocuments({ limit: 100 }))
      .results;
    items = (await runtime.admin.index<ItemDocument>(runtime.names.items).getDocuments({ limit: 10_000 })).results;
    const config = testConfig({ INDEX_PREFIX: runtime.names.prefix });
    api = await startApp({ config, search: runtime.search, indexer: runtime.indexer });
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    if (runtime) await dropIndexes(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests every file, the image-only one included', () => {
    expect(summary.failed).toEqual([]);
    expect(protocols.flatMap((p) => p.warnings.filter((w) => w.code === 'ocr-failed'))).toEqual([]);
    expect(summary.ingested).toBe(4);
  });

  it('dates an image-only protocol and names its body as its text layer does', () => {
    const scanned = protocolOf('scanned.pdf');
    expect(textLayer.protocol.meetingDate).not.toBeNull();
    expect(scanned.meetingDate).toBe(textLayer.protocol.meetingDate);
    expect(scanned.body).toBe(textLayer.protocol.body);
  });

  it('finds at least 90 % of the agenda items of an image-only protocol, by number and title', () => {
    const read = new Set(itemsOf('scanned.pdf').map((i) => `${i.itemNumber}|${normTitle(i.title)}`));
    const expected = textLayer.items.map((i) => `${i.itemNumber}|${normTitle(i.title)}`);
    const found = expected.filter((key) => read.has(key));
    expect(expected.length).toBeGreaterThan(5);
    expect(found.length / expected.length).toBeGreaterThanOrEqual(0.9);
  });

  it('marks an image-only protocol and all its items as read by OCR, with a confidence', () => {
    const scanned = protocolOf('scanned.pdf');
    expect(scanned).toMatchObject({ ocr: true, ocrPages: [1, 2, 3, 4, 5] });
    expect(scanned.ocrConfidence).toBeGreaterThan(80);
    expect(scanned.ocrConfidence).toBeLessThanOrEqual(100);
    expect(scanned.warnings.filter((w) => w.code === 'ocr-page').map((w) => w.page)).toEqual([1, 2, 3, 4, 5]);
    const own = itemsOf('scanned.pdf');
    expect(own.every((i) => i.ocr && typeof i.ocrConfidence === 'number')).toBe(true);
  });

  it('finds an image-only protocol by a word on its third page, and says the hit is OCR text', async () => {
    // "expeditionsresor" stands on page 3 of the source only.
    const { status, body } = await api.json<{
      hits: { protocolId: string; pages: number[]; ocr: boolean; ocrConfidence: number }[];
    }>('/api/search?q=expeditionsresor');
    expect(status).toBe(200);
    const hit = body.hits.find((h) => h.protocolId === protocolOf('scanned.pdf').id);
    expect(hit).toBeDefined();
    expect(hit!.pages).toContain(3);
    expect(hit!.ocr).toBe(true);
    expect(hit!.ocrConfidence).toBeGreaterThan(80);
  });

  it('returns the OCR provenance with a protocol and its items', async () => {
    const { body } = await api.json<{
      ocr: boolean;
      ocrPages: number[];
      ocrConfidence: number;
      items: { ocr: boolean; ocrConfidence: number | null }[];
    }>(`/api/protocols/${encodeURIComponent(protocolOf('scanned.pdf').id)}`);
    expect(body).toMatchObject({ ocr: true, ocrPages: [1, 2, 3, 4, 5] });
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i) => i.ocr === true && typeof i.ocrConfidence === 'number')).toBe(true);
  });

  it('OCRs only the scanned page of a born-digital protocol', () => {
    const mixed = protocolOf('mixed.pdf');
    expect(mixed.warnings.filter((w) => w.code === 'ocr-failed')).toEqual([]);
    expect(mixed).toMatchObject({ ocr: true, ocrPages: [3], meetingDate: '2023-04-12' });
    const own = itemsOf('mixed.pdf');
    expect(own.filter((i) => !i.pages.includes(3)).every((i) => i.ocr === false && i.ocrConfidence === null)).toBe(
      true,
    );
    const scannedPart = own.filter((i) => i.pages.includes(3));
    expect(scannedPart.length).toBeGreaterThan(0);
    expect(scannedPart.every((i) => i.ocr)).toBe(true);
    expect(own.map((i) => i.text).join('\n')).toMatch(/expeditionsresor/);
  });

  it('reads the scanned motion attached to a real protocol and makes its words findable', async () => {
    const real = protocolOf(FUNKTIONSHINDRADE);
    // Pages 8-9 carry only a stamp ("Bilaga … § 13") in their text layer over a scanned motion.
    expect(real.ocrPages).toEqual([8, 9]);
    expect(real.pageCount).toBe(15);
    // "rullstol" and "skogsväg" stand only in the scanned motion, nowhere in the text layer.
    for (const word of ['rullstol', 'skogsväg']) {
      const { body } = await api.json<{ hits: { protocolId: string; pages: number[]; ocr: boolean }[] }>(
        `/api/search?q=${encodeURIComponent(word)}`,
      );
      const hit = body.hits.find((h) => h.protocolId === real.id);
      expect(hit, word).toBeDefined();
      expect(hit!.pages).toContain(8);
      expect(hit!.ocr).toBe(true);
    }
  });

  it('keeps the text layer of a blank scanned page that OCR reads nothing more on, and OCRs no thin text page', () => {
    // 005 page 37 is an empty scan under its "Bilaga Personalsektionen, 28.03.2023 § 21" stamp; page 11 is a short
    // born-digital page, page 19 a report cover with a picture (not a scan): none of them is marked as OCR.
    const real = protocolOf(PERSONALSEKTIONEN);
    expect(real).toMatchObject({ ocr: false, ocrPages: [], ocrConfidence: null, pageCount: 47 });
    // The stamp repeats on every attachment page, so the layout stage reads it as page furniture, not item text;
    // what matters here is that no page's text layer was replaced by OCR.
    expect(itemsOf(PERSONALSEKTIONEN).some((i) => i.ocr)).toBe(false);
  });
});

describe('without OCR', () => {
  it('sets an image-only PDF aside with a Swedish reason that says how to enable OCR', async () => {
    const scan = await imageOnlyPdf(new Uint8Array(readFileSync(SOURCE)), 100);
    const result = await ingestFile(new Uint8Array(scan), 'skannad.pdf', { ocr: OCR_OFF });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.kind).toBe('no-text-layer');
    expect(result.failure.reason).toMatch(/^PDF-filen saknar textlager/);
    expect(result.failure.reason).toMatch(
      /Installera tesseract-ocr och tesseract-ocr-swe \(apt-get install -y tesseract-ocr tesseract-ocr-swe poppler-utils\)/,
    );
    expect(result.failure.reason).toMatch(/OCR_ENABLED=true/);
  });

  it('says in Swedish which package is missing when the Swedish model is not installed', () => {
    const missing = describeAvailability({
      tesseract: 'tesseract 5.3.0',
      languages: ['eng', 'osd'],
      pdftoppm: 'pdftoppm version 22.12.0',
      missing: ['tesseract-ocr-swe'],
    });
    expect(missing.available).toBe(false);
    expect(missing.message).toMatch(/tesseract-ocr-swe saknas/);
    expect(missing.message).toMatch(
      /Installera tesseract-ocr och tesseract-ocr-swe \(apt-get install -y tesseract-ocr-swe\)/,
    );
    expect(missing.messageEn).toMatch(/^OCR unavailable: missing tesseract-ocr-swe/);
  });

  it('still reads a text PDF with OCR off, unchanged', async () => {
    const bytes = new Uint8Array(readFileSync(SOURCE));
    const off = await ingestFile(bytes, 'a.pdf', { ocr: OCR_OFF });
    const on = await ingestFile(bytes, 'a.pdf');
    expect(off.ok && on.ok).toBe(true);
    if (!off.ok || !on.ok) return;
    expect(off.items.map((i) => i.text)).toEqual(on.items.map((i) => i.text));
    expect(on.protocol).toMatchObject({ ocr: false, ocrPages: [], ocrConfidence: null });
  });
});

describe('OCR engine and limits', () => {
  it('finds Tesseract 5 with its Swedish model and pdftoppm on this machine', async () => {
    const found = await ocrAvailability();
    expect(found.missing).toEqual([]);
    expect(found.tesseract).toMatch(/^tesseract 5\./);
    expect(found.languages).toContain('swe');
    expect(found.messageEn).toMatch(/^OCR available/);
  });

  it('kills a child process past its time limit', async () => {
    const started = performance.now();
    const result = await runChild('sleep', ['30'], { timeoutMs: 200, memoryMb: 64 });
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('runs OCR tools with one thread and no inherited secrets in their environment', async () => {
    process.env.OCR_TEST_SECRET = 'do-not-leak';
    try {
      const result = await runChild('env', [], { timeoutMs: 5000, memoryMb: 64 });
      const names = result.stdout
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=')[0]);
      expect(names).toContain('OMP_THREAD_LIMIT');
      expect(names).not.toContain('OCR_TEST_SECRET');
      expect(
        names.every((n) => ['PATH', 'OMP_THREAD_LIMIT', 'LC_ALL', 'TESSDATA_PREFIX', 'PWD', 'SHLVL', '_'].includes(n!)),
      ).toBe(true);
    } finally {
      delete process.env.OCR_TEST_SECRET;
    }
  });

  it('stops the OCR of a page past OCR_PAGE_TIMEOUT_MS and OCRs at most OCR_MAX_PAGES pages', async () => {
    const scan = await imageOnlyPdf(new Uint8Array(readFileSync(SOURCE)), 100);
    const blank: Page[] = [1, 2, 3, 4, 5].map((number) => ({ number, text: '' }));
    const started: number[] = [];
    const result = await ocrMissingText(
      new Uint8Array(scan),
      blank,
      { enabled: true, pageTimeoutMs: 1, maxPages: 2 },
      { onPage: (n) => started.push(n) },
    );
    expect(started).toEqual([1, 2]);
    expect(result.pages.every((p) => p.text === '' && p.ocr === undefined)).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['ocr-page-cap', 'ocr-failed', 'ocr-failed']);
    expect(result.warnings[1]!.message).toMatch(/sidan 1 tog längre tid än .* och avbröts \(OCR_PAGE_TIMEOUT_MS\)/);
    expect(result.reason).toMatch(/OCR_PAGE_TIMEOUT_MS/);
  });

  it('OCRs a scan in its own ingest process while other files finish, past the file time limit but within the per-page one', async () => {
    const original = new Uint8Array(readFileSync(SOURCE));
    const scan = new Uint8Array(await imageOnlyPdf(original, 150, 2));
    const pool = new IngestPool({ size: 2, timeoutMs: 60_000, ocr: OCR_PATIENT });
    try {
      // Warm both threads first: a thread's start-up counts against the file limit too.
      const warm = await Promise.all([pool.ingest(original, 'warm-1.pdf'), pool.ingest(original, 'warm-2.pdf')]);
      expect(warm.map((r) => (r.ok ? 'ok' : r.failure.reason))).toEqual(['ok', 'ok']);
      // Then 3 s for a file: reading the scan's PDF takes far less, OCR of its two pages more (2-5 s a page),
      // and OCR is allowed one OCR_PAGE_TIMEOUT_MS per page on top of the file's limit.
      Object.assign(pool, { timeoutMs: 3000 });
      const order: string[] = [];
      const started = performance.now();
      const scanned = pool.ingest(scan, 'scan.pdf').then((r) => {
        order.push('scan');
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const text = await pool.ingest(original, 'text.pdf').then((r) => {
        order.push('text');
        return r;
      });
      const result = await scanned;
      expect(order).toEqual(['text', 'scan']);
      expect(text.ok).toBe(true);
      console.log(
        `OCR of a 2-page scan in the pool: ${((performance.now() - started) / 1000).toFixed(1)} s (file limit 3 s)`,
      );
      expect(result.ok && result.protocol.ocrPages).toEqual([1, 2]);
    } finally {
      await pool.close();
    }
  }, 300_000);

  it('changes the content hash when the OCR engine, its model or its settings change, not when its time limit does', async () => {
    const found = await ocrAvailability();
    const bytes = new Uint8Array(readFileSync(SOURCE));
    const base = ocrFingerprint(DEFAULT_OCR_SETTINGS, found);
    const prints = [
      base,
      ocrFingerprint({ ...DEFAULT_OCR_SETTINGS, enabled: false }, found),
      ocrFingerprint(DEFAULT_OCR_SETTINGS, { ...found, tesseract: 'tesseract 5.4.1' }),
      ocrFingerprint(DEFAULT_OCR_SETTINGS, { ...found, languages: [...found.languages, 'fin'] }),
      ocrFingerprint(
        DEFAULT_OCR_SETTINGS,
        describeAvailability({
          tesseract: null,
          languages: [],
          pdftoppm: found.pdftoppm,
          missing: ['tesseract-ocr', 'tesseract-ocr-swe'],
        }),
      ),
      ocrFingerprint({ ...DEFAULT_OCR_SETTINGS, maxPages: 10 }, found),
    ];
    expect(new Set(prints.map((p) => contentHash(bytes, p))).size).toBe(prints.length);
    expect(ocrFingerprint({ ...DEFAULT_OCR_SETTINGS, pageTimeoutMs: 99_000 }, found)).toBe(base);
  });
});

describe('reading Tesseract output', () => {
  it('rebuilds lines and paragraphs from TSV and averages the word confidence', () => {
    const header = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
    const row = (block: number, par: number, line: number, conf: number, text: string) =>
      `5\t1\t${block}\t${par}\t${line}\t1\t0\t0\t10\t10\t${conf}\t${text}`;
    const tsv = [
      header,
      '1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t',
      row(1, 1, 1, 90, '$'),
      row(1, 1, 1, 80, '3'),
      row(1, 1, 1, 70, 'Budget'),
      row(1, 1, 2, 60, 'Beslut'),
      row(2, 1, 1, 100, 'Slut'),
    ].join('\n');
    expect(parseTsv(tsv)).toEqual({ text: '$ 3 Budget\nBeslut\n\nSlut', confidence: 80, words: 5 });
    expect(parseTsv('')).toEqual({ text: '', confidence: null, words: 0 });
  });

  it('tells a page-sized scan from a logo or a cover picture in pdfimages -list', () => {
    const list = [
      'page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio',
      '--------------------------------------------------------------------------------------------',
      '   1     0 image     182    71  gray    1   8  jpeg   no        26  0   131   131 5406B  42%',
      '   1     1 smask     182    71  gray    1   8  image  no        26  0   131   131   97B 0.8%',
      '   8    12 image    1240  1753  gray    1   8  jpeg   no       120  0   150   150 90.1K 4.1%',
      '  19    13 image    1280   720  rgb     3   8  jpeg   yes      390  0   176   176 85.5K 3.2%',
    ].join('\n');
    expect([...scannedPages(list)]).toEqual([8]);
  });
});
