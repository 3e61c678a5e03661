/**
 * Headings, table of contents and body on pages read by OCR, without running
 * Tesseract: the fixtures in test/fixtures/ocr are what Tesseract read from
 * degraded scans of two real protocols (Nykarleby, headings written "1§"),
 * kept as extractPages returned them; the short pages below are shapes taken
 * from such readings. Everything runs through the production stages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalBody } from '../../domain/bodies.js';
import type { Page } from '../../domain/schemas.js';
import { processPages } from '../../ingest/pipeline.js';
import { mendOcrTitle } from '../../ingest/stages/layout/headings.js';
import { readLayout } from '../../ingest/stages/layout/index.js';
import { realLabels, sameNumber, similarTitle } from '../helpers/real.js';

const ocrFixture = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../fixtures/ocr/${name}.worn.json`, import.meta.url), 'utf8')) as { pages: Page[] })
    .pages;

const ocrPages = (...texts: string[]): Page[] => texts.map((text, i) => ({ number: i + 1, text, ocr: true }));
const headingsOf = (pages: Page[]) => readLayout(pages).value.headings.map((h) => `${h.number}|${h.rest}`);

describe('a real scan read by Tesseract, headings written number-first ("1§")', () => {
  for (const file of [
    '004_nykarleby-ungdomsfullmaktige-2023-01-30',
    '007_nykarleby-radet-for-funktionshindrade-2023-05-24',
  ]) {
    it(`finds every item of ${file}, its date and its body, and nothing from its table of contents`, () => {
      const label = realLabels.find((d) => d.file === `${file}.pdf`)!;
      const { meta, items } = processPages(ocrFixture(file), 'skannad.pdf');
      const found = label.items.filter((want) =>
        items.some((got) => sameNumber(got.number, want.number) && similarTitle(got.title, want.title)),
      );
      console.log(`${file}: ${found.length}/${label.items.length} items, body ${meta.body}, date ${meta.meetingDate}`);
      expect(meta).toMatchObject({ body: label.body, meetingDate: label.meeting_date });
      expect(found.map((f) => f.number)).toEqual(label.items.map((i) => i.number));
      expect(items).toHaveLength(label.items.length);
    });
  }
});

describe('the number-first heading grammar on OCR pages', () => {
  it('reads the sign misread as a digit, a letter or "$"/"&", glued or apart, where the sequence runs through it', () => {
    const pages = ocrPages(
      'Protokoll 1/2023\nOrgan Ungdomsfullmäktige',
      'Protokoll 18 30.01.2023 Sida\n18 Sammanträdets laglighet\nText.',
      '28 — Val av protokolljusterare\nText.',
      '35 Godkännande av föredragningslistan\nText.',
      '4 & Dagens gäst\nText.',
      '5 5 Kortkurs för ungdomar\nText.',
      '6S Det våras\nText.',
      '7:$ Övriga ärenden\nText.',
      '858 Vårens möten\nText.',
    );
    expect(headingsOf(pages)).toEqual([
      '1 §|Sammanträdets laglighet',
      '2 §|Val av protokolljusterare',
      '3 §|Godkännande av föredragningslistan',
      '4 §|Dagens gäst',
      '5 §|Kortkurs för ungdomar',
      '6 §|Det våras',
      '7 §|Övriga ärenden',
      '8 §|Vårens möten',
    ]);
  });

  it('keeps "18 Budget" item 18 in a protocol numbered 1 … 19', () => {
    const titles = Array.from({ length: 19 }, (_, i) => (i === 17 ? 'Budget' : `Ärende nummer ${i + 1}`));
    const pages = ocrPages(...titles.map((t, i) => `${i + 1} ${t}\nText.`));
    expect(headingsOf(pages)).toEqual(titles.map((t, i) => `${i + 1}|${t}`));
  });

  it('reads "l." for "1." and "§" read as a digit glued to the number ("812" for "§12") where the sequence asks', () => {
    expect(headingsOf(ocrPages('l. Mötets öppnande\nText.', '2. Val av justerare\nText.', '3. Budget\nText.'))).toEqual(
      ['1|Mötets öppnande', '2|Val av justerare', '3|Budget'],
    );
    expect(headingsOf(ocrPages('§ 11 Öppnande\nText.', '812 Val av justerare\nText.', '§ 13 Budget\nText.'))).toEqual([
      '§ 11|Öppnande',
      '§ 12|Val av justerare',
      '§ 13|Budget',
    ]);
  });

  it('reads "S." for "5." and a speck read before the number ("É 6.") in a numbered protocol (seed 000 scanned)', () => {
    const pages = ocrPages(
      '4. Föregående möte\nText.',
      'S. Rapport från chefsgruppen\nText.',
      'É 6. Tema Barn och unga\nText.',
      '7. Handlingsplan\nText.',
    );
    expect(headingsOf(pages)).toEqual([
      '4|Föregående möte',
      '5|Rapport från chefsgruppen',
      '6|Tema Barn och unga',
      '7|Handlingsplan',
    ]);
  });

  it('takes no heading from a numbered list inside an item of a "§ N" protocol', () => {
    const pages = ocrPages(
      '§ 1 Öppnande\nText.',
      '§ 2 Remissvar\nNämnden lyfter fram\n3. Kompetensförsörjning\n4 Digitalisering\n5 Samverkan',
      '§ 3 Budget\nText.',
      '§ 4 Avslutning\nText.',
    );
    expect(headingsOf(pages)).toEqual(['§ 1|Öppnande', '§ 2|Remissvar', '§ 3|Budget', '§ 4|Avslutning']);
  });

  it('takes no heading from a line whose misread number no sequence runs through', () => {
    const pages = ocrPages(
      '1 § Öppnande\n25 Styrelsen har fått en skrivelse.\nText.',
      '2 § Val av justerare\nText.',
      '3 § Budget\n85 Nämnden ska återkomma\nText.',
    );
    expect(headingsOf(pages)).toEqual(['1 §|Öppnande', '2 §|Val av justerare', '3 §|Budget']);
  });

  it('reads a heading OCR lost the number of between two numbers a step apart ("158" for "11§")', () => {
    const pages = ocrPages(
      '108 Sammanträdets laglighet\nText.',
      '158 Val av protokolljusterare\nText.',
      '128 Godkännande av föredragningslistan\nText.',
      '13$ Motion om leder\nText.',
    );
    expect(headingsOf(pages)).toEqual([
      '10 §|Sammanträdets laglighet',
      '11 §|Val av protokolljusterare',
      '12 §|Godkännande av föredragningslistan',
      '13 §|Motion om leder',
    ]);
  });

  it('takes the plainly read heading over a guess at a body line before it ("25 Styrelsen …" before "2 § Val …")', () => {
    const pages = ocrPages(
      '1 § Öppnande\nText.',
      '25 Styrelsen och nämnderna har under året\narbetat vidare.',
      '2 § Val av justerare\nText.',
      '3 § Budget\nText.',
    );
    expect(headingsOf(pages)).toEqual(['1 §|Öppnande', '2 §|Val av justerare', '3 §|Budget']);
  });

  it('fills no gap with a year or a count (a § left out of a published protocol)', () => {
    const pages = ocrPages(
      '22 § Budget\nText.',
      '2019 Årsredovisningen visar ett överskott\nText.',
      '24 § Avslutning\nText.',
    );
    expect(headingsOf(pages)).toEqual(['22 §|Budget', '24 §|Avslutning']);
  });

  it('takes an OCR-read table of contents out of the reading text (its leaders read as letters)', () => {
    const pages = ocrPages(
      'Ärenden Sida\n18 SÖNUNANUSOES SaGUDNEE OCK oas sesbrrepss 1\n28 Val av protokolljusterare ....s.ssesss 2\n35 Godkännande av listan =......es.ssess 3',
      '18 Sammanträdets laglighet\nText.',
      '28 — Val av protokolljusterare\nText.',
      '3$ Godkännande av listan\nText.',
    );
    const layout = readLayout(pages).value;
    expect(layout.headings.map((h) => [h.page, h.number])).toEqual([
      [2, '1 §'],
      [3, '2 §'],
      [4, '3 §'],
    ]);
    expect(layout.pages[0]!.text).not.toMatch(/SÖNUNANUSOES/);
  });

  it('mends an OCR heading title from the words the document uses', () => {
    const counts = new Map([
      ['ungdomsfullmäktige', 25],
      ['val', 1],
      ['inför', 1],
      ['in', 4],
    ]);
    const isWord = (w: string) => ['val', 'därför', 'teman'].includes(w);
    expect(mendOcrTitle('Det våras för urgdomsfullmäktige', counts, isWord)).toBe('Det våras för ungdomsfullmäktige');
    expect(mendOcrTitle('Valav vice ordförande', counts, isWord)).toBe('Val av vice ordförande');
    expect(mendOcrTitle('Teman inför hösten', counts, isWord)).toBe('Teman inför hösten');
    expect(mendOcrTitle('Tema Bam och unga', new Map([['barn', 12]]), isWord)).toBe('Tema Barn och unga');
    expect(mendOcrTitle('Tema Bam och unga', new Map([['barn', 12]]), (w) => w === 'bam')).toBe('Tema Bam och unga');
    // A word of the language stays, whatever it ends in.
    expect(mendOcrTitle('Därför', new Map([['där', 9]]), isWord)).toBe('Därför');
  });
});

describe('the body of a scanned cover', () => {
  it('is the "Organ" form field read as one line, never the decision label "<body>s beslut"', () => {
    const pages = ocrPages(
      'Protokoll 1/2023\nOrgan Ungdomsfullmäktige\nSammanträdestid 30.1.2023 kl. 16:15',
      '18 Öppnande\nUngdomsfullmäktiges beslut:\nKonstaterades.',
      '28 Val av justerare\nUngdomsfullmäktiges beslut:\nValdes.',
      '38 Avslutning\nUngdomsfullmäktiges beslut:\nAvslutades.',
    );
    expect(processPages(pages).meta.body).toBe('Ungdomsfullmäktige');
  });

  it('reads no body from a decision label', () => {
    expect(canonicalBody('Ungdomsfullmäktiges beslut:')).toBeNull();
    expect(canonicalBody('Kommunstyrelsens förslag till kommunfullmäktige')).toBe('Kommunfullmäktige');
    expect(canonicalBody('Kommunstyrelsens arbetsutskott')).toBe('Kommunstyrelsens arbetsutskott');
  });
});
