/**
 * The normalise stage: characters and markup, struck-through spans, and the
 * rule for words broken at line ends (which the layout stage applies once the
 * furniture is out; letterheads and running headers are tested there).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/schemas.js';
import { joinHyphenation, normalisePages, removeStruck, stripMarkup } from '../../ingest/stages/normalise.js';
import { seedTextPages } from '../helpers/seed.js';

const pages = (...texts: string[]): Page[] => texts.map((text, i) => ({ number: i + 1, text }));
const normalised = (p: readonly Page[]) => normalisePages(p).value;

describe('joinHyphenation', () => {
  it('joins "Hed-\\nkvist" and "förtroende-\\nvalda" but keeps "hälso- och sjukvård"', () => {
    expect(joinHyphenation('Linnea Hed-\nkvist')).toBe('Linnea Hedkvist');
    expect(joinHyphenation('de förtroende-\nvalda')).toBe('de förtroendevalda');
    expect(joinHyphenation('hälso-\noch sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('hälso- och sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('barn-\neller ungdomsfrågor')).toBe('barn- eller ungdomsfrågor');
  });

  it('keeps hyphens that belong to the word: "SIP-\\narbetet", "Covid-\\n19", "Nära vård-arbetet"', () => {
    expect(joinHyphenation('i SIP-\narbetet')).toBe('i SIP-arbetet');
    expect(joinHyphenation('Covid-\n19')).toBe('Covid-19');
    expect(joinHyphenation('Nära vård-arbetet')).toBe('Nära vård-arbetet');
  });
});

describe('stripMarkup', () => {
  it('removes headings, emphasis and links but keeps the words', () => {
    expect(stripMarkup('## **6. Nära vård systemanalys**')).toBe('6. Nära vård systemanalys');
    expect(stripMarkup('#### 4. Rapport från AU, Ingmar Ångman')).toBe('4. Rapport från AU, Ingmar Ångman');
    expect(stripMarkup('se denna [länk](#) och <https://example.se/x>')).toBe('se denna länk och https://example.se/x');
    expect(stripMarkup('Undersökningen *Liv och hälsa ung* visar')).toBe('Undersökningen Liv och hälsa ung visar');
  });
});

describe('strike-through', () => {
  it('takes <del> and ~~ spans out of the text and returns them', () => {
    expect(removeStruck('A <del>Madelene Maxe</del>\t<del>Laxå</del> och ~~utgår~~ B')).toEqual({
      text: 'A \t och  B',
      struck: ['Madelene Maxe', 'Laxå', 'utgår'],
    });
  });

  it('keeps struck attendees and phrases of 001 out of the searchable text but reports them with their page', () => {
    const { pages: out, struck } = normalised(seedTextPages('001_50d6c6026012b732'));
    const text = out.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/Madelene Maxe\tLaxå/);
    expect(text).not.toContain('det saknas samsyn i problemformulering');
    expect(struck).toEqual(
      expect.arrayContaining([
        { page: 1, text: 'Madelene Maxe', row: 'Madelene Maxe\tLaxå' },
        { page: 1, text: 'Laxå' },
        { page: 1, text: 'Patrik Jonsson', row: 'Patrik Jonsson\tÖrebro' },
        { page: 1, text: 'det saknas samsyn i problemformulering och åtgärd' },
      ]),
    );
  });
});

describe('normalisePages', () => {
  it('composes NFC and keeps page numbers', () => {
    const out = normalised(pages('Ma\u0308rta i Ha\u0308llefors', 'sida två'));
    expect(out.pages).toEqual([
      { number: 1, text: 'Märta i Hällefors' },
      { number: 2, text: 'sida två' },
    ]);
  });

  it('spells out ligatures and drops soft hyphens', () => {
    expect(normalised(pages('E\ufb00ekt av \ufb01nansiering och sam\u00adverkan')).pages[0]!.text).toBe(
      'Effekt av finansiering och samverkan',
    );
  });

  it("normalises a PDF page's lines and cells too, keeping their geometry", () => {
    const [page] = normalised([
      {
        number: 1,
        text: 'Organ\tV\u00e4lf\u00e4rdsn\u00e4mnden',
        lines: [
          {
            text: 'Organ\tVa\u0308lfa\u0308rdsna\u0308mnden',
            cells: ['Organ', 'Va\u0308lfa\u0308rdsna\u0308mnden'],
            x: 72,
            y: 100,
            size: 11,
          },
        ],
      },
    ]).pages;
    expect(page!.lines).toEqual([
      { text: 'Organ\tVälfärdsnämnden', cells: ['Organ', 'Välfärdsnämnden'], x: 72, y: 100, size: 11 },
    ]);
  });

  it('is pure: the same input gives the same output and the input is untouched', () => {
    const input = seedTextPages('000_fba7a9fba055a2c4');
    const copy = structuredClone(input);
    expect(normalisePages(input)).toEqual(normalisePages(input));
    expect(input).toEqual(copy);
  });
});
