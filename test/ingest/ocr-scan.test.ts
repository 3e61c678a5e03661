/**
 * OCR of a degraded scan, the way archives hold old kommun protocols: a
 * protocol in the kommun shape (cover form table, ANSLAG/BEVIS box, running
 * header "KS § N", 13 § items) rasterised at 150 dpi, turned 1.5–2°, blurred,
 * grayed and speckled, and put back together as an image-only PDF; read
 * through the whole pipeline with the real Tesseract. Clean re-renders hide
 * what real scans do ("KS$1", "KS 541" for "KS § 41"), so these do not.
 * Also a real development protocol (test/fixtures/real) degraded the same two ways.
 * Also the image step alone: deskew and denoise.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cropRows,
  estimateSkew,
  median3,
  missedTextBands,
  parsePgm,
  prepareScan,
  rotate,
  textLines,
  toPgm,
} from '../../ingest/ocr/image.js';
import { assembleText } from '../../ingest/ocr/text.js';
import { DEFAULT_OCR_SETTINGS } from '../../ingest/ocr/settings.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { realDir, realLabels, sameNumber, similarTitle } from '../helpers/real.js';
import {
  type Degradation,
  degrade,
  degradedScanPdf,
  KOMMUN_ITEMS,
  kommunProtocolPdf,
  rasterPages,
  WORN_SCAN,
} from '../helpers/scans.js';

// The machine is shared by parallel test files: a page can take far longer than in production.
const OCR_PATIENT = { ...DEFAULT_OCR_SETTINGS, pageTimeoutMs: 300_000 };

const SCANS: Record<string, Degradation> = {
  'turned 1.5° counter-clockwise, blurred, noisy': WORN_SCAN,
  'turned 2° clockwise, blurred, noisier': { ...WORN_SCAN, skew: -2, noise: 16, seed: 4242 },
};

describe('OCR of a degraded 150-dpi scan of a kommun protocol', () => {
  let clean: Buffer;
  beforeAll(async () => {
    clean = await kommunProtocolPdf();
  });

  it('reads the text-layer original: date, body and all 13 § items (the fixture is sound)', async () => {
    const result = await ingestFile(new Uint8Array(clean), 'kommunstyrelsen-original.pdf');
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.protocol).toMatchObject({ meetingDate: '2010-05-04', body: 'Kommunstyrelsen', ocr: false });
    expect(result.items.map((i) => `${i.itemNumber}|${i.title}`)).toEqual(
      KOMMUN_ITEMS.map((k) => `${k.number}|${k.title}`),
    );
  });

  for (const [name, degradation] of Object.entries(SCANS)) {
    it(`dates a scan ${name}, names its body and finds at least 12 of its 13 § items`, async () => {
      const scan = await degradedScanPdf(new Uint8Array(clean), degradation);
      const result = await ingestFile(new Uint8Array(scan), 'kommunstyrelsen-skannad.pdf', { ocr: OCR_PATIENT });
      if (!result.ok) throw new Error(result.failure.reason);
      const found = KOMMUN_ITEMS.map((k) => {
        const item = result.items.find((i) => i.itemNumber === k.number && similarTitle(i.title, k.title));
        return { ...k, read: item ? item.title : null };
      });
      console.log(
        [
          `── ${name}: date ${result.protocol.meetingDate} (${result.protocol.dateSource}), body ${result.protocol.body}, OCR confidence ${result.protocol.ocrConfidence} %, ${found.filter((f) => f.read).length}/13 items`,
          ...found.map((f) => `${f.number.padEnd(9)} ${f.read ? 'ok ' : '-- '} ${f.title}`),
        ].join('\n'),
      );
      expect(result.protocol).toMatchObject({ ocr: true, meetingDate: '2010-05-04', body: 'Kommunstyrelsen' });
      // Never the justering (2010-05-11) or anslag (2010-05-12) date the cover also states.
      expect(found.filter((f) => f.read !== null).length).toBeGreaterThanOrEqual(12);
    }, 900_000);
  }
});

/**
 * A real protocol nobody here wrote (Nykarleby, Finland-Swedish meeting system), scanned:
 * a cover form ("Organ Ungdomsfullmäktige"), a table of contents, headings written
 * number-first with the sign glued on ("1§"), which Tesseract reads as "18", "28 —",
 * "3$", "458", "7 5", and the same number in every page's running header.
 */
describe('OCR of a degraded 150-dpi scan of a real protocol (004, Nykarleby ungdomsfullmäktige)', () => {
  const file = '004_nykarleby-ungdomsfullmaktige-2023-01-30.pdf';
  const label = realLabels.find((d) => d.file === file)!;

  for (const [name, degradation] of Object.entries(SCANS)) {
    it(`dates a scan ${name}, names its body from the cover form and finds all but at most one of its 9 items`, async () => {
      const scan = await degradedScanPdf(new Uint8Array(readFileSync(new URL(file, realDir))), degradation);
      const result = await ingestFile(new Uint8Array(scan), 'nykarleby-ungdomsfullmaktige-skannad.pdf', {
        ocr: OCR_PATIENT,
        timeoutMs: 900_000,
      });
      if (!result.ok) throw new Error(result.failure.reason);
      const found = label.items.map((want) => {
        const item = result.items.find(
          (i) => sameNumber(i.itemNumber, want.number) && similarTitle(i.title, want.title),
        );
        return { ...want, read: item ? item.title : null };
      });
      console.log(
        [
          `── ${file}, ${name}: date ${result.protocol.meetingDate}, body ${result.protocol.body}, OCR confidence ${result.protocol.ocrConfidence} %, ${found.filter((f) => f.read).length}/${label.items.length} items (${result.items.length} extracted)`,
          ...found.map((f) => `${f.number.padEnd(4)} ${f.read ? 'ok ' : '-- '} ${f.title}`),
        ].join('\n'),
      );
      expect(result.protocol).toMatchObject({ ocr: true, meetingDate: label.meeting_date, body: label.body });
      expect(found.filter((f) => f.read !== null).length).toBeGreaterThanOrEqual(label.items.length - 1);
      // No item from the table of contents or the running header: one item per § of the protocol.
      expect(result.items.length).toBeLessThanOrEqual(label.items.length);
    }, 900_000);
  }
});

describe('the image step before Tesseract', () => {
  let page: Awaited<ReturnType<typeof rasterPages>>[number];
  beforeAll(async () => {
    [, page] = (await rasterPages(new Uint8Array(await kommunProtocolPdf()), 150)) as [typeof page, typeof page];
  });

  it.each([1.5, -2, 0.8])('finds a skew of %s° within 0.2° and turns the page straight', (skew) => {
    const turned = rotate(page, skew);
    expect(Math.abs(estimateSkew(turned) + skew)).toBeLessThan(0.2);
    const { image, skew: found } = prepareScan(turned);
    expect(Math.abs(found + skew)).toBeLessThan(0.2);
    expect(Math.abs(estimateSkew(image))).toBeLessThan(0.2);
  });

  it('leaves a straight page unturned', () => {
    expect(Math.abs(estimateSkew(page))).toBeLessThan(0.2);
    expect(prepareScan(page).skew).toBe(estimateSkew(median3(page)));
  });

  it('takes the specks out of a worn scan and keeps the ink', () => {
    const worn = degrade(page, { skew: 0, blur: 0, noise: 0, specks: 0.01, seed: 1 });
    const specks = (img: typeof page) => {
      // Dark pixels with no dark neighbour: specks, not strokes.
      let n = 0;
      for (let y = 1; y + 1 < img.height; y++)
        for (let x = 1; x + 1 < img.width; x++) {
          const i = y * img.width + x;
          if (img.data[i]! >= 128) continue;
          const around = [i - 1, i + 1, i - img.width, i + img.width].filter((j) => img.data[j]! < 128).length;
          if (around === 0) n++;
        }
      return n;
    };
    const ink = (img: typeof page) => img.data.filter((v) => v < 128).length;
    const cleaned = median3(worn);
    expect(specks(worn)).toBeGreaterThan(1000);
    expect(specks(cleaned)).toBeLessThan(specks(worn) / 20);
    // A 3×3 median takes the odd edge pixel off a thin stroke at 150 dpi, never the stroke.
    expect(ink(cleaned)).toBeGreaterThan(ink(page) * 0.7);
  });

  it('finds the text lines no word was read in (a block Tesseract dropped), and none when every line was read', () => {
    const lines = textLines(page, 150);
    expect(lines.length).toBeGreaterThan(10);
    expect(missedTextBands(page, lines, 150)).toEqual([]);
    const line = lines[5]!;
    const pad = Math.round(150 / 25.4);
    const dropped = { top: line.top - pad, bottom: line.bottom + pad };
    expect(missedTextBands(page, [...lines.slice(0, 5), ...lines.slice(6)], 150)).toEqual([dropped]);
    // The band cropped out is those rows of the page.
    const crop = cropRows(page, dropped);
    expect(crop.height).toBe(dropped.bottom - dropped.top);
    expect(crop.data[0]).toBe(page.data[dropped.top * page.width]);
  });

  it('puts the lines read again back where they stand on the page', () => {
    const whole = {
      paragraphs: [
        { lines: ['Protokoll 128 24.05.2023'], top: 200 },
        { lines: ['Rådet godkänner föredragningslistan.'], top: 480 },
      ],
      words: [
        { top: 200, bottom: 230, conf: 90 },
        { top: 480, bottom: 510, conf: 80 },
      ],
    };
    const again = {
      paragraphs: [{ lines: ['128 Godkännande av föredragningslistan'], top: 330 }],
      words: [{ top: 330, bottom: 370, conf: 70 }],
    };
    expect(assembleText(whole, [again])).toEqual({
      text: 'Protokoll 128 24.05.2023\n\n128 Godkännande av föredragningslistan\n\nRådet godkänner föredragningslistan.',
      confidence: 80,
      words: 3,
    });
  });

  it('reads and writes the PGM pdftoppm and Tesseract speak', () => {
    const back = parsePgm(toPgm(page));
    expect([back.width, back.height]).toEqual([page.width, page.height]);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(page.data))).toBe(0);
    expect(() => parsePgm(Buffer.from('P6\n2 2\n255\n0000'))).toThrow(/not an 8-bit binary PGM/);
  });
});
