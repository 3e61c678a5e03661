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

/** For each ASCII letter, the Latin letters that fold to it (å, ä, á … for a). */
const variants = new Map<string, string>();
for (let code = 0xc0; code <= 0x24f; code++) {
  const c = String.fromCodePoint(code);
  const f = foldDiacritics(c);
  if (/^[a-z]$/.test(f) && c.toLowerCase() === c) variants.set(f, (variants.get(f) ?? f) + c);
}

/**
 * A regular-expression source that matches, in a text lower-cased (or as written,
 * with the flags `iu`), what folds to `folded`: "halsa" matches "hälsa" (and
 * "HÄLSA" case-insensitively). It
 * finds a folded term in a text without folding the text, which costs
 * Unicode normalisation of every character (snippets do this for every hit).
 */
export function foldedPattern(folded: string): string {
  let out = '';
  for (const c of folded) {
    const v = variants.get(c);
    out += v ? `[${v}]` : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}
