/**
 * Cover-page form tables as label → value pairs: two-cell rows whose first
 * cell reads as a label ("Organ" | "Välfärdsnämnden", "Plats och tid" |
 * "Stadshuset, tisdag 4 maj 2010 kl 13.00"), and "Label: value" lines.
 */
import type { Page } from '../../../domain/schemas.js';
import { SIGNATURE_FURNITURE } from './furniture.js';

export interface FormField {
  /** The label as written, trimmed ("Sammanträdestid"). */
  readonly label: string;
  readonly value: string;
  readonly page: number;
}

/** A form label: short, no digits, not a sentence ("Organ", "Plats och tid", "Nämnd/styrelse"). */
const LABEL = /^[\p{Lu}][\p{L}/ .,-]{1,40}:?$/u;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Label → value pairs of the form tables on the first three pages' lines (a
 * PDF's rows with their cells); `furniture` holds `page:index` keys to skip.
 */
export function findFields(pages: readonly Page[], furniture: ReadonlySet<string> = new Set()): FormField[] {
  const fields: FormField[] = [];
  for (const page of pages.slice(0, 3)) {
    for (const [index, line] of (page.lines ?? []).entries()) {
      if (furniture.has(`${page.number}:${index}`) || SIGNATURE_FURNITURE.test(line.text.trim())) continue;
      const cells =
        line.cells ??
        line.text
          .split('\t')
          .map((c) => c.trim())
          .filter(Boolean);
      if (cells.length >= 2 && LABEL.test(cells[0]!) && words(cells[0]!) <= 4) {
        fields.push({ label: cells[0]!.replace(/:$/, ''), value: cells.slice(1).join(' | '), page: page.number });
        continue;
      }
      const m = line.text.trim().match(/^([\p{Lu}][\p{L}/ ]{1,30}):\s+(\S.*)$/u);
      if (m && words(m[1]!) <= 4) fields.push({ label: m[1]!, value: m[2]!.trim(), page: page.number });
    }
  }
  return fields;
}
