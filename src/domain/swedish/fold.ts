/**
 * Diacritic folding (å→a, ä→a, ö→o, é→e …) and lower-casing: the `folded`
 * field, so "nara vard" finds "nära vård" once the Swedish locale stops
 * Meilisearch from folding by itself.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .toLowerCase();
}
