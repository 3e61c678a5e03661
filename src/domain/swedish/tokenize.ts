import { memoize } from './memo.js';

/** Swedish word tokens: letters (å/ä/ö/é included) and digits; hyphens and slashes split words. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0);
}

/** Whether a non-ASCII code point is a letter or digit (\p{L}, \p{N}), remembered: texts use few of them. */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const isNonAsciiWord = memoize(10_000, (codePoint: number) => WORD_CHAR.test(String.fromCodePoint(codePoint)));

/**
 * Tokens with their character offsets in the original text (for evidence and
 * highlighting): runs of \p{L}/\p{N}, lower-cased. A character loop rather than
 * `matchAll(/[\p{L}\p{N}]+/gu)`, which gave the same tokens at twice the cost;
 * snippets tokenize a region of every hit of every page.
 */
export function tokenizeWithOffsets(text: string): { token: string; start: number; end: number }[] {
  const out: { token: string; start: number; end: number }[] = [];
  const n = text.length;
  // Lower-cased once, tokens sliced from it; per token only where lower-casing changes a length ("İ").
  const whole = text.toLowerCase();
  const lower = whole.length === n ? (from: number, to: number) => whole.slice(from, to) : (from: number, to: number) => text.slice(from, to).toLowerCase();
  let start = -1;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    else {
      const codePoint = text.codePointAt(i)!;
      if (codePoint > 0xffff) width = 2;
      word = isNonAsciiWord(codePoint);
    }
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push({ token: lower(start, i), start, end: i });
      start = -1;
    }
    i += width;
  }
  if (start >= 0) out.push({ token: lower(start, n), start, end: n });
  return out;
}
