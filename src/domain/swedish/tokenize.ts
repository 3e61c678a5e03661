/** Swedish word tokens: letters (å/ä/ö/é included) and digits; hyphens and slashes split words. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0);
}

/** Tokens with their character offsets in the original text (for evidence). */
export function tokenizeWithOffsets(text: string): { token: string; start: number; end: number }[] {
  const out: { token: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ token: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}
