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
 * What the character at `i` of `chars` is to a word: 1 a plain word character (a–z, 0–9, å, ä, ö,
 * either case), 2 another letter or digit, 3 another letter or digit of two code units; -1 or -2 no
 * word character of one or two code units. One reading of a character for every scanner below.
 */
function wordChar(chars: string, i: number): number {
  const c = chars.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1 ? 1 : -1;
  if (isSwedishLetter(c)) return 1;
  const codePoint = chars.codePointAt(i)!;
  const wide = codePoint > 0xffff;
  if (isNonAsciiWord(codePoint)) return wide ? 3 : 2;
  return wide ? -2 : -1;
}

/** The code units a character of wordChar's kind takes (2: outside the Basic Multilingual Plane). */
const widthOf = (kind: number) => (kind === 3 || kind === -2 ? 2 : 1);

/**
 * A text's words as offsets: runs of \p{L}/\p{N}, each word lower-cased only when asked for
 * (`word(i)`). Highlighting passes most words of a hit's text by their offsets, first letter and
 * length alone; making every word's string was half its cost. `tokenizeWithOffsets` makes them all.
 */
export class TextWords {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** 1 where the word is plain (see Token.plain), else 0. */
  readonly plain: number[] = [];
  /** Whether lower-casing kept the text's length (it does but for a few letters, "İ"): offsets then index both. */
  readonly sameLength: boolean;

  constructor(
    readonly text: string,
    /** The text lower-cased (the caller's, when it has it). */
    readonly lower = text.toLowerCase(),
  ) {
    const n = text.length;
    this.sameLength = lower.length === n;
    // Read from the lower-cased copy when it lines up: a fresh flat string, where a text passed in is
    // often a slice of a larger one (slower to index). Lower-casing keeps a letter a letter.
    const chars = this.sameLength ? lower : text;
    let start = -1;
    let plain = 1;
    for (let i = 0; i < n; ) {
      const kind = wordChar(chars, i);
      if (kind > 0) {
        if (start < 0) start = i;
        if (kind > 1) plain = 0;
      } else if (start >= 0) {
        this.starts.push(start);
        this.ends.push(i);
        this.plain.push(plain);
        start = -1;
        plain = 1;
      }
      i += widthOf(kind);
    }
    if (start >= 0) {
      this.starts.push(start);
      this.ends.push(n);
      this.plain.push(plain);
    }
  }

  get count(): number {
    return this.starts.length;
  }

  /** The `i`th word, lower-cased. */
  word(i: number): string {
    return this.sameLength
      ? this.lower.slice(this.starts[i]!, this.ends[i]!)
      : this.text.slice(this.starts[i]!, this.ends[i]!).toLowerCase();
  }

  /** Every word as a Token. */
  tokens(): Token[] {
    const out: Token[] = new Array<Token>(this.count);
    for (let i = 0; i < out.length; i++)
      out[i] = { token: this.word(i), start: this.starts[i]!, end: this.ends[i]!, plain: this.plain[i] === 1 };
    return out;
  }
}

/**
 * Tokens with their character offsets in the original text (for evidence and
 * highlighting): runs of \p{L}/\p{N}, lower-cased. A character loop rather than
 * `matchAll(/[\p{L}\p{N}]+/gu)`, which gave the same tokens at twice the cost.
 */
export function tokenizeWithOffsets(text: string, lowerCased = text.toLowerCase()): Token[] {
  return new TextWords(text, lowerCased).tokens();
}

/**
 * How many words a text has: runs of \p{L}/\p{N}, as tokenizeWithOffsets reads them, counted without
 * making the tokens (or the array of every word a `match` makes, which ingest did twice per item).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const kind = wordChar(text, i);
    if (kind > 0 && !inWord) count++;
    inWord = kind > 0;
    i += widthOf(kind);
  }
  return count;
}
