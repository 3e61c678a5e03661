import { memoize } from './memo.js';

/** Swedish word tokens: letters (å/ä/ö/é included) and digits; hyphens and slashes split words. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0);
}

/** Whether a non-ASCII code point is a letter or digit (\p{L}, \p{N}), remembered: texts use few of them. */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const isNonAsciiWord = memoize(10_000, (codePoint: number) => WORD_CHAR.test(String.fromCodePoint(codePoint)));

/** A word of a text: lower-cased, with its character offsets in the text as written. */
export interface Token {
  token: string;
  start: number;
  end: number;
  /**
   * Only a–z, 0–9, å, ä and ö (either case as written). Such a word's stem is a prefix of the word
   * (but for the lexicon's few irregular overrides, stem.ts) and folding keeps its length, which lets
   * highlighting pass over it cheaply (see highlight.ts).
   */
  plain: boolean;
}

/** ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;
/** å ä ö Å Ä Ö: letters of plain Swedish words. */
const isSwedishLetter = (c: number) => c === 0xe5 || c === 0xe4 || c === 0xf6 || c === 0xc5 || c === 0xc4 || c === 0xd6;

/**
 * Tokens with their character offsets in the original text (for evidence and
 * highlighting): runs of \p{L}/\p{N}, lower-cased. A character loop rather than
 * `matchAll(/[\p{L}\p{N}]+/gu)`, which gave the same tokens at twice the cost;
 * snippets tokenize a region of every hit of every page.
 */
export function tokenizeWithOffsets(text: string, lowerCased = text.toLowerCase()): Token[] {
  const out: Token[] = [];
  const n = text.length;
  // Lower-cased once (or by the caller, `lowerCased`), tokens sliced from it; per token only where
  // lower-casing changes a length ("İ").
  const whole = lowerCased;
  const sameLength = whole.length === n;
  // Read from the lower-cased copy when it lines up: a fresh flat string, where a text passed in is
  // often a slice of a larger one (slower to index). Lower-casing keeps a letter a letter.
  const chars = sameLength ? whole : text;
  let start = -1;
  let plain = true;
  for (let i = 0; i < n; ) {
    const c = chars.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 128) word = ASCII_WORD[c] === 1;
    else if (isSwedishLetter(c)) word = true;
    else {
      const codePoint = chars.codePointAt(i)!;
      if (codePoint > 0xffff) width = 2;
      word = isNonAsciiWord(codePoint);
      if (word) plain = false;
    }
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push({
        token: sameLength ? whole.slice(start, i) : text.slice(start, i).toLowerCase(),
        start,
        end: i,
        plain,
      });
      start = -1;
      plain = true;
    }
    i += width;
  }
  if (start >= 0)
    out.push({ token: sameLength ? whole.slice(start, n) : text.slice(start, n).toLowerCase(), start, end: n, plain });
  return out;
}

/**
 * How many words a text has: runs of \p{L}/\p{N}, as tokenizeWithOffsets reads them, counted without
 * making the tokens (or the array of every word a `match` makes, which ingest did twice per item).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let width = 1;
    let word: boolean;
    if (c < 128) word = ASCII_WORD[c] === 1;
    else if (isSwedishLetter(c)) word = true;
    else {
      const codePoint = text.codePointAt(i)!;
      if (codePoint > 0xffff) width = 2;
      word = isNonAsciiWord(codePoint);
    }
    if (word && !inWord) count++;
    inWord = word;
    i += width;
  }
  return count;
}
