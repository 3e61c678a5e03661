/** The marker on text that came from OCR (a scanned page): its words may be misread. */
import { h } from './dom.js';

export interface OcrProvenance {
  ocr?: boolean;
  ocrConfidence?: number | null;
}

/** "Text från OCR (säkerhet 87 %)", or null when the text came from a text layer. */
export function ocrLabel(p: OcrProvenance): string | null {
  if (!p.ocr) return null;
  return typeof p.ocrConfidence === 'number'
    ? `Text från OCR (säkerhet ${Math.round(p.ocrConfidence)} %)`
    : 'Text från OCR';
}

export function ocrBadge(p: OcrProvenance): HTMLElement | null {
  const label = ocrLabel(p);
  return label
    ? h(
        'span',
        {
          class: 'badge ocr',
          title: 'Texten är maskinläst från en inskannad sida och kan innehålla feltolkade ord. Jämför med PDF-filen.',
        },
        label,
      )
    : null;
}
