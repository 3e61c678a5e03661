/**
 * Every kind of bad input, as a real file: each is reported with a kind and a
 * Swedish reason, and nothing throws.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectKind, extractPages } from '../../ingest/stages/extract.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { IngestPool } from '../../ingest/pool.js';
import { makePdf } from '../helpers/pdfs.js';
import { seedPdfPath } from '../helpers/seed.js';

const real = readFileSync(seedPdfPath('002_dd3eb397fa6549bb'));
// Taken before any PDF is read in this process: pdf.js is loaded on the first one.
const v8Push = Array.prototype.push;
const failureOf = async (bytes: Uint8Array, name: string, timeoutMs?: number) => {
  const result = await extractPages(bytes, name, timeoutMs === undefined ? {} : { timeoutMs });
  if (result.ok) throw new Error(`${name} was read`);
  return result;
};

describe('extractPages', () => {
  it('reads a real protocol PDF page by page', async () => {
    const result = await extractPages(new Uint8Array(real), 'x.pdf');
    expect(result.ok && result.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("leaves V8's own Array.prototype.push in place once pdf.js is loaded, and the builtins pdf.js adds", async () => {
    // pdf.js's legacy build carries core-js, which swaps push for a JavaScript one ~10× slower.
    const result = await extractPages(new Uint8Array(real), 'x.pdf');
    expect(result.ok).toBe(true);
    expect(Array.prototype.push).toBe(v8Push);
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function');
    const pushed: number[] = [];
    expect(pushed.push(1, 2)).toBe(2);
  });

  it('splits a text file into pages at form feeds and strips the BOM', async () => {
    const result = await extractPages(new TextEncoder().encode('\uFEFFsida ett\fsida två'), 'x.txt');
    expect(result.ok && result.pages).toEqual([
      { number: 1, text: 'sida ett', lines: [{ text: 'sida ett' }] },
      { number: 2, text: 'sida två', lines: [{ text: 'sida två' }] },
    ]);
  });

  it('reports a zero-byte file as empty', async () => {
    expect(await failureOf(new Uint8Array(), 'tom.pdf')).toMatchObject({
      kind: 'empty',
      reason: expect.stringMatching(/tom/),
    });
  });

  it('reports a truncated PDF as corrupt', async () => {
    expect((await failureOf(new Uint8Array(real.subarray(0, Math.floor(real.length / 3))), 'halv.pdf')).kind).toBe(
      'corrupt',
    );
  });

  it('reports garbage with a .pdf name as corrupt', async () => {
    expect((await failureOf(new TextEncoder().encode('detta är ingen pdf'), 'skräp.pdf')).reason).toMatch(/ingen PDF/);
    expect((await failureOf(new TextEncoder().encode('%PDF-1.7\n%%EOF garbage'), 'skräp2.pdf')).kind).toBe('corrupt');
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const encrypted = await makePdf((doc) => doc.text('Protokoll hemligt'), {
      userPassword: 'hemligt',
      ownerPassword: 'hemligt',
    });
    expect(await failureOf(new Uint8Array(encrypted), 'låst.pdf')).toMatchObject({
      kind: 'encrypted',
      reason: expect.stringMatching(/lösenord/),
    });
  });

  it('reports a scanned (image-only) PDF as having no text layer', async () => {
    const drawing = await makePdf((doc) => doc.rect(50, 50, 200, 100).fill('#333'));
    expect(await failureOf(new Uint8Array(drawing), 'skannad.pdf')).toMatchObject({
      kind: 'no-text-layer',
      reason: expect.stringMatching(/OCR/),
    });
  });

  it('reports Latin-1 text as not UTF-8', async () => {
    expect(
      (await failureOf(new Uint8Array(Buffer.from('Protokoll för nämnden, överenskommelse', 'latin1')), 'gammal.txt'))
        .kind,
    ).toBe('bad-encoding');
  });

  it('refuses file types it does not read', async () => {
    expect((await failureOf(new Uint8Array([1, 2, 3]), 'protokoll.doc')).kind).toBe('unsupported-type');
  });

  it('tells the kind of file by its name, in any case', () => {
    expect([
      detectKind('A.PDF'),
      detectKind('b.txt'),
      detectKind('c.Md'),
      detectKind('d.docx'),
      detectKind('e.ODT'),
      detectKind('f.doc'),
      detectKind('pdf'),
    ]).toEqual(['pdf', 'text', 'text', 'docx', 'odt', null, null]);
  });

  it('reads a markdown file as one page without a form feed', async () => {
    const result = await extractPages(new TextEncoder().encode('# Protokoll\n\n1. Inledning'), 'x.md');
    expect(result).toEqual({
      ok: true,
      kind: 'text',
      pages: [
        {
          number: 1,
          text: '# Protokoll\n\n1. Inledning',
          lines: [{ text: '# Protokoll' }, { text: '' }, { text: '1. Inledning' }],
        },
      ],
      warnings: [],
    });
  });

  it('warns about a blank page in an otherwise readable file', async () => {
    const result = await extractPages(new TextEncoder().encode('sida ett\f \fsida tre'), 'x.txt');
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ code: 'blank-page', page: 2 })]);
  });

  it('reports a text file of white space only as empty', async () => {
    expect((await failureOf(new TextEncoder().encode(' \n\f\n'), 'tom.txt')).kind).toBe('empty');
  });

  it('gives up on a PDF that takes longer than its time limit, with a Swedish reason', async () => {
    const long = await makePdf((doc) => {
      for (let i = 0; i < 200; i++) doc.text(`Sida ${i} av ett långt protokoll.`).addPage();
    });
    expect(await failureOf(new Uint8Array(long), 'lång.pdf', 1)).toMatchObject({
      kind: 'timeout',
      reason: expect.stringMatching(/tog längre tid/),
    });
  });

  it('keeps each PDF line in reading order with its position, size and font, and a form row as cells', async () => {
    const pdf = await makePdf((doc) => {
      // Drawn bottom first, as some meeting systems write the running header last.
      doc.fontSize(11).text('Ordföranden öppnar mötet.', 72, 300);
      doc.fontSize(12).text('Organ', 72, 120).text('Socialnämnden', 220, 120);
      doc.fontSize(10).text('Protokoll 2023-05-10 Sida 1', 72, 40);
    });
    const result = await extractPages(new Uint8Array(pdf), 'x.pdf');
    if (!result.ok) throw new Error(result.reason);
    const lines = result.pages[0]!.lines!;
    expect(lines.map((l) => l.text)).toEqual([
      'Protokoll 2023-05-10 Sida 1',
      'Organ\tSocialnämnden',
      'Ordföranden öppnar mötet.',
    ]);
    expect(lines[1]).toMatchObject({ cells: ['Organ', 'Socialnämnden'], x: 72, size: 12 });
    expect(lines[0]!.y!).toBeLessThan(lines[1]!.y!);
    expect(typeof lines[2]!.font).toBe('string');
    // The searched text stays in content order, as pdf-parse joins it.
    expect(result.pages[0]!.text.indexOf('Ordföranden')).toBeLessThan(result.pages[0]!.text.indexOf('Protokoll'));
  });

  it('reads the seed PDFs page by page with their letterheads on every page', async () => {
    const result = await extractPages(new Uint8Array(readFileSync(seedPdfPath('003_5f027efdf8c98c30'))), '003.pdf');
    if (!result.ok) throw new Error(result.reason);
    expect(result.pages.length).toBeGreaterThan(10);
    expect(result.pages.filter((p) => p.text.includes('Tjänsteställe')).length).toBeGreaterThan(5);
    expect(result.warnings).toEqual([]);
  });
});

describe('ingestFile on input that is not a protocol', () => {
  it('sets aside a PDF that reads as something else', async () => {
    const invoice = await makePdf((doc) => doc.text('Faktura 1234'));
    const result = await ingestFile(new Uint8Array(invoice), 'faktura.pdf');
    expect(result.ok ? null : result.failure).toMatchObject({ kind: 'not-a-protocol', sourceFile: 'faktura.pdf' });
  });
});

describe('IngestPool', () => {
  it('stops a file that runs past the time limit by terminating its worker', async () => {
    const long = await makePdf((doc) => {
      for (let i = 0; i < 400; i++) doc.text(`Sida ${i} av ett mycket långt protokoll.`).addPage();
    });
    const pool = new IngestPool(1, 100);
    try {
      const slow = await pool.ingest(new Uint8Array(long), 'lång.pdf');
      expect(slow.ok ? null : slow.failure).toMatchObject({
        kind: 'timeout',
        sourceFile: 'lång.pdf',
        reason: expect.stringMatching(/tog längre tid/),
      });
    } finally {
      await pool.close();
    }
  });

  it('starts the replacement of a recycled process only once the old one has exited', async () => {
    const pool = new IngestPool({ size: 1, recycleAfter: 1, timeoutMs: 30_000 });
    const seen = new Set<number>();
    // A process counts as running until it is reaped or a zombie (its memory freed).
    const running = async (pid: number) =>
      await readFile(`/proc/${pid}/stat`, 'utf8').then(
        (s) => !/^\d+ \(.*\) Z/.test(s),
        () => false,
      );
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const pid of pool.pids) seen.add(pid);
        const alive = (await Promise.all([...seen].map(running))).filter(Boolean).length;
        most = Math.max(most, alive);
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    try {
      const results = await Promise.all([1, 2, 3].map((n) => pool.ingest(new Uint8Array(real), `kopia-${n}/002.pdf`)));
      expect(results.every((r) => r.ok)).toBe(true);
    } finally {
      sampling = false;
      await sampler;
      await pool.close();
    }
    expect(seen.size).toBe(3);
    expect(most).toBe(1);
  });

  it('processes files in parallel worker threads with the same result as in-process', async () => {
    const pool = new IngestPool(2, 30_000);
    try {
      const [a, b] = await Promise.all([
        pool.ingest(new Uint8Array(real), '002.pdf'),
        pool.ingest(new Uint8Array(real), 'kopia/002.pdf'),
      ]);
      const inProcess = await ingestFile(new Uint8Array(real), '002.pdf');
      const titles = (r: typeof a) => (r.ok ? r.items.map((i) => i.title) : r.failure);
      expect(inProcess.ok).toBe(true);
      expect(titles(a)).toEqual(titles(inProcess));
      expect(titles(b)).toEqual(titles(inProcess));
    } finally {
      await pool.close();
    }
  });
});
