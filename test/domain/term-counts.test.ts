/**
 * The `termCounts` field keyness sums: an item's content words as written,
 * counted, on a real seed protocol's text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countTerms, forEachTermCount, serialiseTermCounts, termCountsOf } from '../../domain/swedish/term-counts.js';
import { seedTextPath } from '../helpers/seed.js';

describe('termCounts', () => {
  it('counts content words as written, without stop words, numbers, one-letter words or addresses', () => {
    const counts = countTerms(
      'Mötet hölls via Zoom. Pandemin och pandemin igen: se https://www.regionorebrolan.se/smitta eller mejla a.b@rol.se, 2020-11-20, § 4 a.',
    );
    expect(Object.fromEntries(counts)).toEqual({
      Mötet: 1,
      hölls: 1,
      via: 1,
      Zoom: 1,
      Pandemin: 1,
      pandemin: 1,
      igen: 1,
      se: 1,
      mejla: 1,
    });
  });

  it('reads back exactly what it wrote, counts above one after a colon', () => {
    const text = readFileSync(seedTextPath('000_fba7a9fba055a2c4'), 'utf8');
    const field = termCountsOf('Covid-19 och smittan', text);
    expect(field).toMatch(/(^| )smittade:2( |$)/);
    const back = new Map<string, number>();
    forEachTermCount(field, (form, n) => back.set(form, n));
    expect(back).toEqual(countTerms(`Covid-19 och smittan\n${text}`));
    expect(serialiseTermCounts(back)).toBe(field);
    // Half the text's size or less: a small field beside `text` and `stems`.
    expect(field.length).toBeLessThan(text.length * 0.6);
  });
});
