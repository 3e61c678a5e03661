/**
 * General compound splitting measured on real protocol text: 270+ words from
 * the seed protocols and the real PDFs with the parts a reader would split them
 * into (test/fixtures/compounds.json), precision and recall over parts printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import { compoundParts, stem } from '../../domain/swedish/stem.js';

const fixture = JSON.parse(readFileSync(path.join(projectRoot, 'test/fixtures/compounds.json'), 'utf8')) as {
  expected: Record<string, string[]>;
};
const entries = Object.entries(fixture.expected);

describe('compound splitting against the Swedish word list', () => {
  it('splits the examples of the field: linking -s-, -o-, dropped -e, three parts', () => {
    expect(compoundParts('kvinnofridsarbetet')).toEqual(['kvinnofrid', 'arbete']);
    expect(compoundParts('arbetsgruppsresurser')).toEqual(['arbetsgrupp', 'resurs']);
    expect(compoundParts('föräldraskapsstöd')).toEqual(['föräldraskap', 'stöd']);
    expect(compoundParts('barntandvårdsenheten')).toEqual(['barn', 'tandvård', 'enhet']);
    expect(compoundParts('remissvaren')).toEqual(['remiss', 'svar']);
  });

  it('never splits into non-words or suffixes: handling, föräldraskap, verksamhet, budget, presenterades', () => {
    for (const w of [
      'handling',
      'föräldraskap',
      'verksamhet',
      'budgeten',
      'presenterades',
      'samverkan',
      'utredningen',
      'närvarande',
      'rekrytering',
    ])
      expect(compoundParts(w), w).toEqual([]);
  });

  it(`finds the parts of ${entries.length} words from real protocols with precision and recall of at least 0.9`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(200);
    let predicted = 0;
    let expected = 0;
    let correct = 0;
    let exact = 0;
    const wrong: string[] = [];
    for (const [word, parts] of entries) {
      const got = new Set(compoundParts(word).map(stem));
      const want = new Set(parts.map(stem));
      predicted += got.size;
      expected += want.size;
      let hit = 0;
      for (const s of got) if (want.has(s)) hit++;
      correct += hit;
      if (hit === got.size && hit === want.size) exact++;
      else wrong.push(`${word}: ${[...got].join('+') || '–'} (expected ${[...want].join('+') || '–'})`);
    }
    const precision = correct / predicted;
    const recall = correct / expected;
    console.log(
      `compounds: ${entries.length} words (${entries.filter(([, p]) => p.length >= 2).length} compounds), parts precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, words exactly right ${exact}/${entries.length}\n  wrong: ${wrong.join('; ')}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
