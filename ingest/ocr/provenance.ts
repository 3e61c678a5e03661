/**
 * OCR provenance on the index documents: a protocol or agenda item whose text
 * came (partly) from OCR says so, with the mean confidence of those pages, so
 * the API and UI can warn that the words may be misread.
 */
import type { Page } from '../../domain/schemas.js';

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/** Fields of the protocol document. */
export function protocolOcrFields(pages: readonly Page[]): {
  ocr: boolean;
  ocrPages: number[];
  ocrConfidence: number | null;
} {
  const read = pages.filter((p) => p.ocr === true);
  return {
    ocr: read.length > 0,
    ocrPages: read.map((p) => p.number),
    ocrConfidence: mean(read.map((p) => p.confidence ?? 0)),
  };
}

/** Fields of an item document: OCR when any of its pages was OCR'd. */
export function itemOcrFields(
  pages: readonly Page[],
  itemPages: readonly number[],
): { ocr: boolean; ocrConfidence: number | null } {
  const on = new Set(itemPages);
  const read = pages.filter((p) => p.ocr === true && on.has(p.number));
  return { ocr: read.length > 0, ocrConfidence: mean(read.map((p) => p.confidence ?? 0)) };
}
