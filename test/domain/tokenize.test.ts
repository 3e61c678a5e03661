/**
 * Words as the analysis reads them: runs of letters and digits. `countWords` counts what
 * `tokenizeWithOffsets` makes, without making it (ingest counts every item's words twice).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWords, TextWords, tokenizeWithOffsets } from '../../domain/swedish/tokenize.js';
import { seedTextPath } from '../helpers/seed.js';

const byPattern = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;

describe('countWords', () => {
  it('counts a real protocol as the Unicode word pattern and the tokenizer do', () => {
    const text = readFileSync(seedTextPath('000_fba7a9fba055a2c4'), 'utf8');
    expect(countWords(text)).toBe(byPattern(text));
    expect(countWords(text)).toBe(tokenizeWithOffsets(text).length);
    expect(countWords(text)).toBeGreaterThan(500);
  });

  it.each([
    ['', 0],
    ['Hälso- och sjukvård i hemmet', 5],
    ['§ 12, 2023-05-10: KS 2019/123', 7],
    ['café vs cafe\u0301 (a combining accent splits a word)', 9],
    ['Ærø, İstanbul, ŞİŞLİ', 3],
    ['𝐀𝐁𝐂 och 😀 och \ud800 ensam', 4],
  ])('counts %j as %i words', (text, words) => {
    expect(countWords(text)).toBe(words);
    expect(byPattern(text)).toBe(words);
  });
});

describe('TextWords', () => {
  /** The words as the Unicode pattern finds them, lower-cased, with their offsets in the text as written. */
  const byPatternWithOffsets = (text: string) =>
    [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
      token: m[0].toLowerCase(),
      start: m.index,
      end: m.index + m[0].length,
      plain: /^[a-zåäö0-9]+$/i.test(m[0]),
    }));

  it.each([
    ['a real protocol', readFileSync(seedTextPath('002_dd3eb397fa6549bb'), 'utf8')],
    ['letters lower-casing makes longer', 'İSTANBUL och İzmir, ŞİŞLİ: Ærø 12 § 4'],
    ['words beyond the basic plane', '𝐀𝐁𝐂 och 😀 och café'],
  ])('finds the words of %s as the pattern does, each made only when asked', (_what, text) => {
    const words = new TextWords(text);
    expect(words.tokens()).toEqual(byPatternWithOffsets(text));
    expect(tokenizeWithOffsets(text)).toEqual(byPatternWithOffsets(text));
    expect(words.word(words.count - 1)).toBe(byPatternWithOffsets(text).at(-1)!.token);
  });
});
