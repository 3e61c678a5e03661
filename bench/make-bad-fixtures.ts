/**
 * Writes the malformed-input fixtures under test/fixtures/bad/ (all tiny; the
 * results are committed, this script documents how they were made):
 *
 *   npx tsx bench/make-bad-fixtures.ts
 *
 * Each file is listed in expected.json with the failure kind the worker must
 * report for it. The over-size case is not a fixture: the drill makes a sparse
 * file at run time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../domain/paths.js';
import type { IngestFailure } from '../domain/schemas.js';
import { makePdf } from './lib/pdf.js';
import { generateProtocol, mulberry32, writePdf } from './lib/corpus.js';

export const BAD_DIR = path.join(projectRoot, 'test/fixtures/bad');

/** A pdfkit PDF with a fixed creation date, so the committed fixtures are reproducible. */
const pdfkitBytes = (draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}) =>
  makePdf(draw, { info: { CreationDate: new Date(Date.UTC(2025, 0, 1)) }, ...options });

/** Assembles a PDF from numbered object bodies with a correct xref table. */
function rawPdf(objects: readonly string[], rootRef = '1 0 R'): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${rootRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A page tree where every node lists the next node twice: 40 levels claim
 * 2^40 pages in under 3 KB, all of them the same page with real text.
 */
function pageTreeBomb(levels: number): Buffer {
  // 1: catalog, 2: font, 3: content, 4: leaf page, 5…: tree nodes (5 is the root).
  const objects: string[] = [
    '<< /Type /Catalog /Pages 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '',
    '',
  ];
  const content = 'BT /F1 12 Tf 72 720 Td (Protokoll styrgrupp 2020-01-01) Tj ET';
  objects[2] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  const leafParent = 5 + levels - 1;
  objects[3] = `<< /Type /Page /Parent ${leafParent} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>`;
  for (let level = 0; level < levels; level++) {
    const id = 5 + level;
    const child = level === levels - 1 ? 4 : id + 1;
    const count = 2 ** (levels - level);
    const parent = level === 0 ? '' : ` /Parent ${id - 1} 0 R`;
    objects.push(`<< /Type /Pages${parent} /Kids [${child} 0 R ${child} 0 R] /Count ${count} >>`);
  }
  return rawPdf(objects);
}

/** One page whose content stream nests arrays 30,000 deep (and an annotation array as deep). */
function deepNesting(depth: number): Buffer {
  const content = `${'['.repeat(depth)}${']'.repeat(depth)} pop`;
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots 5 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
  ]);
}

export type BadKind = IngestFailure['kind'];

export async function makeBadFixtures(dir = BAD_DIR): Promise<Record<string, BadKind>> {
  mkdirSync(dir, { recursive: true });
  const expected: Record<string, BadKind> = {};
  const put = (name: string, bytes: Uint8Array | string, kind: BadKind) => {
    writeFileSync(path.join(dir, name), bytes);
    expected[name] = kind;
  };

  // A real generated protocol, cut off after 40 % of its bytes.
  const tmp = path.join(dir, '.whole.tmp.pdf');
  await writePdf(generateProtocol(1, 3), tmp);
  const whole = readFileSync(tmp);
  put('truncated.pdf', whole.subarray(0, Math.floor(whole.length * 0.4)), 'corrupt');
  writeFileSync(tmp, '');
  const { rmSync } = await import('node:fs');
  rmSync(tmp);

  put(
    'encrypted.pdf',
    await pdfkitBytes(
      (doc) => {
        doc.fontSize(14).text('Protokoll styrgrupp nära vård 2021-03-04');
        doc.fontSize(11).text('1. Mötet öppnades\n2. Val av justerare');
      },
      { userPassword: 'hemligt', ownerPassword: 'ägare', pdfVersion: '1.7' },
    ),
    'encrypted',
  );
  put('zero-bytes.pdf', new Uint8Array(0), 'empty');

  const rand = mulberry32(42);
  const garbage = new Uint8Array(4096).map(() => Math.floor(rand() * 256));
  put('garbage.pdf', garbage, 'corrupt');
  // Garbage behind a valid-looking header: gets past the %PDF check into the parser.
  put('garbage-with-header.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), garbage]), 'corrupt');

  put('bomb-page-tree.pdf', pageTreeBomb(40), 'timeout');
  // pdf.js survives the nesting and finds no text: what matters is that it neither crashes nor hangs.
  put('deep-nesting.pdf', deepNesting(30_000), 'no-text-layer');

  put(
    'image-only.pdf',
    await pdfkitBytes((doc) => {
      // A "scanned" page: vector drawing only, no text layer.
      doc.rect(60, 60, 475, 720).lineWidth(2).stroke();
      for (let y = 100; y < 740; y += 14)
        doc
          .moveTo(80, y)
          .lineTo(80 + ((y * 7919) % 420), y)
          .lineWidth(4)
          .stroke();
    }),
    'no-text-layer',
  );

  // "Protokoll för Socialnämnden … § 1 Mötets öppnande" in ISO-8859-1.
  put(
    'latin1.txt',
    Buffer.from(
      'Protokoll Socialnämnden Kumla kommun 2019-05-14\n\n§ 1 Mötets öppnande\n\nOrdföranden förklarade mötet öppnat. Närvarande: Åsa Öberg.\n',
      'latin1',
    ),
    'bad-encoding',
  );
  put(
    'nul-bytes.txt',
    Buffer.concat([Buffer.from('Protokoll 2020-01-01\n'), new Uint8Array(64), Buffer.from('\n1. Inledning\n')]),
    'bad-encoding',
  );
  put('shopping-list.txt', 'mjölk\nägg\nsmör\n', 'not-a-protocol');
  put('whitespace.txt', '\n\n   \n\t\n', 'empty');

  writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  return expected;
}

if (process.argv[1]?.endsWith('make-bad-fixtures.ts')) {
  makeBadFixtures().then(
    (expected) =>
      console.log(`Wrote ${Object.keys(expected).length} bad fixtures to ${path.relative(process.cwd(), BAD_DIR)}.`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
