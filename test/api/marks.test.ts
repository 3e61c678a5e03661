/** What is marked for a query as typed: its words, phrases and alternatives, never what it excludes or its years. */
import { describe, expect, it } from 'vitest';
import { analyseQuery } from '../../domain/swedish/analyse.js';
import { markedTerms, withDecisionMarks } from '../../src/search/marks.js';

const term = (w: string) => analyseQuery(w).words.map((x) => x.term);

describe('markedTerms', () => {
  it('marks the words, not an excluded word or a year', () => {
    expect(markedTerms('vård -psykiatri 2022')).toEqual(term('vård'));
    expect(markedTerms('nära INTE psykiatri')).toEqual(term('nära'));
    expect(markedTerms('"nära vård" OR samsjuklighet').sort()).toEqual(
      [...new Set([...term('nära vård'), ...term('samsjuklighet')])].sort(),
    );
    expect(markedTerms('  ')).toEqual([]);
  });

  it('marks each decision of a hit where the words stand', () => {
    const result = withDecisionMarks('överenskommelse -psykiatri', {
      hits: [{ decisions: [{ text: 'Överenskommelsen om psykiatri godkänns.' }, { text: 'Inget här.' }] }],
    });
    expect(result.hits[0]!.decisionMarks).toEqual([[[0, 'Överenskommelsen'.length]], []]);
  });
});
