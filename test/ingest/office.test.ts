/**
 * Word (.docx) and OpenDocument (.odt) protocols through the production
 * wiring (extraction, then the fold of the text stages): headings and
 * automatically numbered paragraphs arrive as layout, so "§ 12" written by
 * Word's numbering (not in the text) becomes an item heading; the head's form
 * table gives the date; page breaks give item pages. And the reading is
 * bounded: a zip bomb is refused by its declared size, and a part that lies
 * about its size is cut off there.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractOffice } from '../../ingest/office/index.js';
import { readParts } from '../../ingest/office/zip.js';
import { processPages } from '../../ingest/pipeline.js';
import { extractPages } from '../../ingest/stages/extract.js';
import { MEETING, makeDocxProtocol, makeOdtProtocol } from '../helpers/office.js';

async function read(bytes: Uint8Array, name: string) {
  const extracted = await extractPages(bytes, name);
  if (!extracted.ok) throw new Error(`${name}: ${extracted.reason}`);
  return { extracted, processed: processPages(extracted.pages) };
}

const expectedItems = MEETING.items.map((i) => [`§ ${i.number}`, i.title]);

describe('a .docx protocol', () => {
  it('comes out dated, with its body, and segmented at its automatically numbered headings', async () => {
    const { processed } = await read(new Uint8Array(await makeDocxProtocol()), 'protokoll.docx');
    expect(processed.meta).toMatchObject({ body: MEETING.body, meetingDate: MEETING.date });
    expect(processed.items.map((i) => [i.number, i.title])).toEqual(expectedItems);
    const budget = processed.items.find((i) => i.number === '§ 13')!;
    expect(budget.text).toMatch(/Hemtjänsten/);
    expect(budget.decisions.map((d) => d.text).join(' ')).toMatch(/godkänna budgetuppföljningen/);
  });

  it('keeps headings as layout: larger and bold at the margin, list items and table rows as cells', async () => {
    const { extracted } = await read(new Uint8Array(await makeDocxProtocol()), 'protokoll.docx');
    const lines = extracted.pages.flatMap((p) => p.lines ?? []);
    const heading = lines.find((l) => l.text.endsWith('Val av justerare'))!;
    const body = lines.find((l) => l.text.startsWith('Anna Andersson'))!;
    expect(heading.cells).toEqual(['§ 12', 'Val av justerare']);
    expect(heading.size!).toBeGreaterThan(body.size!);
    expect(heading.x).toBe(body.x);
    expect(lines.find((l) => l.text.startsWith('Plats och tid'))?.cells).toEqual([
      'Plats och tid',
      'Kommunhuset, tisdagen den 12 mars 2024 kl 13.00–15.30',
    ]);
    expect(lines.find((l) => l.text.endsWith('Hemtjänsten'))?.cells).toEqual(['•', 'Hemtjänsten']);
  });

  it('starts a new page where Word breaks the page, and the items after it are on page 2', async () => {
    const { extracted, processed } = await read(
      new Uint8Array(await makeDocxProtocol({ pageBreakBefore: '15' })),
      'protokoll.docx',
    );
    expect(extracted.pages).toHaveLength(2);
    expect(processed.items.map((i) => i.pages[0])).toEqual([1, 1, 1, 2, 2]);
  });
});

describe('an .odt protocol', () => {
  it('comes out dated and segmented at its numbered list items, without tracked deletions', async () => {
    const { extracted, processed } = await read(new Uint8Array(makeOdtProtocol()), 'protokoll.odt');
    expect(processed.meta).toMatchObject({ body: MEETING.body, meetingDate: MEETING.date });
    expect(processed.items.map((i) => [i.number, i.title])).toEqual(expectedItems);
    expect(extracted.pages).toHaveLength(2);
    expect(extracted.pages.map((p) => p.text).join('\n')).not.toMatch(/Borttagen text/);
  });
});

describe('reading office files is bounded and says why it fails', () => {
  /** A .docx whose document.xml inflates to `size` bytes of nothing. */
  const bomb = (size: number) =>
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': [new Uint8Array(size).fill(0x20), { level: 9 }],
    });

  it('refuses a part that would inflate past the limit, by its declared size, before inflating it', () => {
    const bytes = bomb(80 * 1024 * 1024);
    // 80 MB of spaces packs into ~80 kB: a 1000:1 bomb.
    expect(bytes.length).toBeLessThan(200_000);
    const started = performance.now();
    const result = extractOffice(bytes, 'docx');
    expect(result).toMatchObject({ ok: false, kind: 'too-complex' });
    expect(!result.ok && result.reason).toMatch(
      /word\/document\.xml packas upp till 80 MB \(gränsen är 64 MB\).*komprimeringsbomb/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('cuts a part that lies about its size off at the size it declared', () => {
    const bytes = bomb(5 * 1024 * 1024);
    // Patch the central directory's uncompressed size of document.xml to 1 kB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = bytes.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (name === 'word/document.xml') view.setUint32(at + 24, 1024, true);
    }
    const read = readParts(bytes, ['word/document.xml']);
    expect(read.ok && read.parts.get('word/document.xml')?.length).toBe(1024);
  });

  it('sets aside an encrypted or old binary Word file, a damaged one and an empty one with Swedish reasons', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(extractOffice(ole, 'docx')).toMatchObject({ ok: false, kind: 'encrypted' });
    expect(extractOffice(strToU8('inte ett zip-paket'), 'odt')).toMatchObject({ ok: false, kind: 'corrupt' });
    const noDocument = zipSync({ 'word/styles.xml': strToU8('<w:styles/>') });
    expect(extractOffice(noDocument, 'docx')).toMatchObject({ ok: false, kind: 'corrupt' });
    const empty = zipSync({ 'word/document.xml': strToU8('<w:document><w:body><w:p/></w:body></w:document>') });
    expect(extractOffice(empty, 'docx')).toMatchObject({ ok: false, kind: 'empty' });
  });
});
