/**
 * The derived terms an item document carries, and the timeline's test of
 * whether an item is about an issue or mentions it in passing, read from them.
 */
import { describe, expect, it } from 'vitest';
import { analyseQuery } from '../../domain/swedish/analyse.js';
import { itemTerms, repeatedTerms } from '../../domain/swedish/item-terms.js';
import { isAbout } from '../../src/search/timeline.js';

const queryTerms = (q: string) => [...new Set(analyseQuery(q).stems.split(' ').filter(Boolean))];

describe('item terms', () => {
  it('keep the terms that occur twice or more, each once', () => {
    expect(repeatedTerms('vard nara vard hem nara vard')).toBe('vard nara');
    expect(repeatedTerms('')).toBe('');
  });

  it('analyse the title and each substantive decision on its own', () => {
    const terms = itemTerms('Suicidprevention', 'Text om annat.', [
      'Chefsgruppen beslutar att inrätta en suicidsamordnare.',
    ]);
    expect(terms.aboutStems).toHaveLength(2);
    expect(terms.aboutStems[1]!.split(' ')).toEqual(expect.arrayContaining(queryTerms('suicidsamordnare')));
    // The searched field is the title and the text, as before.
    expect(terms.stems.split(' ')).toEqual(expect.arrayContaining(queryTerms('suicidprevention')));
  });
});

describe('an item is about an issue', () => {
  const query = queryTerms('hälso- och sjukvård i hemmet');

  it('when its title names the issue, in any inflection', () => {
    expect(isAbout(query, itemTerms('Hälso- och sjukvården i hemmen', 'Information lämnades.', []))).toBe(true);
  });

  it('when one substantive decision names it', () => {
    expect(
      isAbout(
        query,
        itemTerms('Övriga frågor', 'Diskussion.', ['Gruppen beslutar att utreda hälso- och sjukvård i hemmet vidare.']),
      ),
    ).toBe(true);
  });

  it('when the text names it twice, but not when it names it once', () => {
    const once = 'Rapport om läget. Hälso- och sjukvård i hemmet nämndes kort. Budget och ekonomi.';
    const twice = `${once} Hälso- och sjukvården i hemmet diskuterades åter.`;
    expect(isAbout(query, itemTerms('Rapporter', once, []))).toBe(false);
    expect(isAbout(query, itemTerms('Rapporter', twice, []))).toBe(true);
  });

  it('not when the words are spread over the title and a decision', () => {
    expect(isAbout(query, itemTerms('Hemmet', 'Kort text.', ['Beslut om hälso- och sjukvård.']))).toBe(false);
  });
});
