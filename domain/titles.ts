/**
 * An agenda item's title in its parts, as protocols write them: "Ny överenskommelse för hälso- och
 * sjukvård i hemmet, sammanställning av remissvar, Malin D", "Mötestider 2022; Välfärdsnämnden",
 * "Covid – rapport från förstärkt samverkan", "Nästa möte: 12 maj". The first part names the matter
 * (or the formalia); later parts an aspect, the body or a presenter. Browser-safe.
 */

/** The parts between commas, semicolons, colons and spaced dashes, white space single, trailing full stops dropped. */
export function titleParts(title: string): string[] {
  return title
    .split(/\s*(?:[,;:]|\s[–—-]\s)\s*/)
    .map((part) =>
      part
        .replace(/\s+/g, ' ')
        .replace(/[.\s]+$/, '')
        .trim(),
    )
    .filter((part) => part.length > 0);
}

/** The first part ("Inledning, Ingmar Ångman" → "Inledning"), or "" for a title of none. */
export const titleHead = (title: string): string => titleParts(title)[0] ?? '';
