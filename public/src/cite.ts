/**
 * "Kopiera citat": a passage with the reference a report cites it by,
 * "(Organ, 13 oktober 2022, § 8, s. 10)". Pure text functions here; the
 * button (copy.ts) puts the result on the clipboard.
 */
import { formatDate } from '../../domain/dates.js';

/** Where a passage stands: the meeting, the item and the PDF page. */
export interface CitationSource {
  body: string | null;
  meetingDate: string | null;
  itemNumber: string;
  page: number;
}

/** "§ 8", "KS § 3 a" as written when the number carries its own sign, nothing for an unnumbered item. */
const paragraph = (n: string) => (!n.trim() ? '' : /§/.test(n) ? n.trim() : `§ ${n.trim()}`);

/** The reference: "Organ, 13 oktober 2022, § 8, s. 10". */
export function reference(s: CitationSource): string {
  return [s.body ?? 'Okänt organ', formatDate(s.meetingDate), paragraph(s.itemNumber), `s. ${s.page}`]
    .filter(Boolean)
    .join(', ');
}

/** The passage in quotation marks, white space as in running text, then its reference. */
export function citation(text: string, s: CitationSource): string {
  const passage = text.replace(/\s+/g, ' ').trim();
  return `”${passage}” (${reference(s)})`;
}
