/**
 * Words as the analysis reads them: runs of letters and digits. `countWords` counts what
 * `tokenizeWithOffsets` makes, without making it (ingest counts every item's words twice).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWords, tokenizeWithOffsets } from '../../domain/swedish/tokenize.js';
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
