/** How a question is carried between the views (public/src/journey.ts, pure: no browser needed). */
import { describe, expect, it } from 'vitest';
import { FILTER_KEYS } from '../../domain/filter-keys.js';
import { carry, hasQuestion } from '../../public/src/journey.js';

const params = (s: string) => new URLSearchParams(s);
const entries = (p: URLSearchParams) => [...p];

describe('carry', () => {
  it('carries the words and every shared filter between the list views, and nothing of the view itself', () => {
    const all = FILTER_KEYS.map((k) => `${k}=v-${k}`).join('&');
    const from = params(`view=sok&q=vård&${all}&body=Andra&page=3&sort=date-desc&id=x`);
    const to = carry(from, 'sok', 'tidslinje');
    expect(entries(to)).toEqual([
      ['view', 'tidslinje'],
      ['q', 'vård'],
      ...FILTER_KEYS.flatMap((k) =>
        k === 'body'
          ? [
              [k, `v-${k}`],
              [k, 'Andra'],
            ]
          : [[k, `v-${k}`]],
      ),
    ]);
    // The order travels between the two lists that have it.
    expect(carry(from, 'sok', 'beslut').get('sort')).toBe('date-desc');
    expect(carry(from, 'sok', 'konkordans').get('sort')).toBeNull();
  });

  it('asks Trender for the words as its own series and its kommun as the meetings attended, and back', () => {
    const from = params('view=sok&q=hemsjukvård&body=Styrgrupp&present=Karlskoga&municipality=Laxå&yearFrom=2021');
    const trend = carry(from, 'sok', 'trender');
    expect(entries(trend)).toEqual([
      ['view', 'trender'],
      ['terms', 'hemsjukvård'],
      ['body', 'Styrgrupp'],
      ['municipality', 'Karlskoga'],
      ['yearFrom', '2021'],
    ]);
    expect(entries(carry(trend, 'trender', 'sok'))).toEqual([
      ['view', 'sok'],
      ['q', 'hemsjukvård'],
      ['body', 'Styrgrupp'],
      ['present', 'Karlskoga'],
      ['yearFrom', '2021'],
    ]);
  });

  it('turns a topic filter into topic series and back when there are no words', () => {
    expect(entries(carry(params('topics=nära vård&topics=samsjuklighet'), 'sok', 'trender'))).toEqual([
      ['view', 'trender'],
      ['topics', 'nära vård'],
      ['topics', 'samsjuklighet'],
    ]);
    expect(entries(carry(params('topics=inga'), 'trender', 'tidslinje'))).toEqual([['view', 'tidslinje']]);
    // Several own terms: the first is the question.
    expect(carry(params('terms=SIP, hemsjukvård&topics=äldre'), 'trender', 'beslut').get('q')).toBe('SIP');
  });

  it('gives Uppdrag a one-year range as its year, and takes its year back as a range', () => {
    expect(entries(carry(params('q=utredning&yearFrom=2023&yearTo=2023&body=KS'), 'sok', 'uppdrag'))).toEqual([
      ['view', 'uppdrag'],
      ['q', 'utredning'],
      ['body', 'KS'],
      ['year', '2023'],
    ]);
    expect(carry(params('q=utredning&yearFrom=2021&yearTo=2023'), 'sok', 'uppdrag').get('year')).toBeNull();
    expect(entries(carry(params('view=uppdrag&q=utredning&year=2023&status=öppen'), 'uppdrag', 'tidslinje'))).toEqual([
      ['view', 'tidslinje'],
      ['q', 'utredning'],
      ['yearFrom', '2023'],
      ['yearTo', '2023'],
    ]);
  });
});

describe('hasQuestion', () => {
  it('is true for words or a filter, false for a bare view or Trender untouched', () => {
    expect(hasQuestion(params('view=sok&q=vård'), 'sok')).toBe(true);
    expect(hasQuestion(params('view=beslut&hasDecision=true'), 'beslut')).toBe(true);
    expect(hasQuestion(params('view=sok&page=2&sort=date-asc'), 'sok')).toBe(false);
    expect(hasQuestion(params('view=trender&unit=meetings'), 'trender')).toBe(false);
  });
});
