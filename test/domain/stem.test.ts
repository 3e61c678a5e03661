/** Stemming words written with letters Swedish does not have (é, ü, ó, ñ …). */
import { describe, expect, it } from 'vitest';
import { analyseForIndex, analyseQuery } from '../../domain/swedish/analyse.js';
import { highlightSpans } from '../../domain/swedish/highlight.js';

const terms = (q: string) => analyseQuery(q).words.map((w) => w.term);

describe('a word written with é, ü, ó or ñ', () => {
  it('stems as the same word typed without it, so either spelling finds the other', () => {
    for (const [written, typed] of [
      ['idéer', 'ideer'],
      ['José', 'Jose'],
      ['Calderón', 'Calderon'],
      ['Müller', 'Muller'],
      ['entrén', 'entren'],
      ['Muñoz', 'Munoz'],
    ] as const) {
      expect(terms(written)).toEqual(terms(typed));
      expect(analyseForIndex(`Ett protokoll om ${written}.`).split(' ')).toEqual(expect.arrayContaining(terms(typed)));
    }
  });

  it('stems its inflections together: "idé", "idéer" and "idéerna" share a term', () => {
    const [one] = terms('idé');
    expect(terms('idéer')).toEqual([one]);
    expect(terms('idéerna')).toEqual([one]);
  });

  it('is highlighted when the query is typed without the accent', () => {
    const text = 'Nya idéer om vården och ett förslag från José Calderón.';
    expect(highlightSpans(text, terms('ideer jose calderon')).map(([s, e]) => text.slice(s, e))).toEqual([
      'idéer',
      'José Calderón',
    ]);
  });
});

describe('a neuter noun in its definite form', () => {
  it('stems with its indefinite form: "barnet", "barnets" and "barn" share a term, as do "mötet" and "möte"', () => {
    for (const [definite, indefinite] of [
      ['barnet', 'barn'],
      ['barnets', 'barn'],
      ['mötet', 'möte'],
      ['beslutet', 'beslut'],
      ['hemmet', 'hem'],
      ['programmet', 'program'],
      ['intresset', 'intresse'],
    ] as const)
      expect(terms(definite)).toEqual(terms(indefinite));
  });

  it('stems a compound no dictionary lists by its last part: "familjehemmet" and "familjehemmen" find "familjehem"', () => {
    expect(terms('familjehemmet')).toEqual(terms('familjehem'));
    expect(terms('familjehemmen')).toEqual(terms('familjehem'));
  });

  it('leaves a word whose -et belongs to it alone ("paket", "budget")', () => {
    expect(terms('paket')).toEqual(['paket']);
    expect(terms('budget')).toEqual(['budget']);
  });
});

describe('other forms the stemmer alone leaves apart', () => {
  it('stems the genitive of a definite form in -an with the noun: "elevhälsans", "kvinnans"', () => {
    expect(terms('elevhälsans')).toEqual(terms('elevhälsa'));
    expect(terms('folkhälsans')).toEqual(terms('folkhälsa'));
    expect(terms('kvinnans')).toEqual(terms('kvinna'));
  });

  it('stems the definite form of a noun in -i with it: "psykiatrin", "barnpsykiatrins", "strategin"', () => {
    expect(terms('psykiatrin')).toEqual(terms('psykiatri'));
    expect(terms('barnpsykiatrins')).toEqual(terms('barnpsykiatri'));
    expect(terms('strategin')).toEqual(terms('strategi'));
    // Whose -in belongs to the word: no noun in -i stands under it.
    expect(terms('medicin')).toEqual(['medicin']);
    expect(terms('maskin')).toEqual(['maskin']);
  });

  it('keeps the s of a noun in -os: "diagnos" and "diagnoser", "dubbeldiagnos" and "dubbeldiagnoser" share a term', () => {
    expect(terms('diagnoser')).toEqual(terms('diagnos'));
    expect(terms('dubbeldiagnoser')).toEqual(terms('dubbeldiagnos'));
    expect(terms('psykoser')).toEqual(terms('psykos'));
    // A genitive -s after -o goes: "kontos" is "konto".
    expect(terms('kontos')).toEqual(terms('konto'));
  });
});
