import { describe, expect, it } from 'vitest';
import { describeSyntax, parseQuerySyntax } from '../../domain/swedish/query-syntax.js';

describe('the search syntax people type', () => {
  it('reads a year alone as a year filter and leaves the words', () => {
    expect(parseQuerySyntax('hemsjukvård 2022')).toMatchObject({
      text: 'hemsjukvård',
      years: { from: 2022, to: 2022 },
    });
  });

  it('reads a year range, in either order, with a hyphen, a dash or two dots', () => {
    for (const q of ['nära vård 2019-2022', 'nära vård 2019–2022', 'nära vård 2022..2019'])
      expect(parseQuerySyntax(q), q).toMatchObject({ text: 'nära vård', years: { from: 2019, to: 2022 } });
  });

  it('keeps the year of a written date, and numbers that are not years, as words', () => {
    expect(parseQuerySyntax('beslut 6 oktober 2021').years).toBeUndefined();
    expect(parseQuerySyntax('dnr 2022/123').years).toBeUndefined();
    expect(parseQuerySyntax('covid-19').text).toBe('covid-19');
  });

  it('reads a case number as registries write it, or after a label, as that case: its digits are no words or years', () => {
    expect(parseQuerySyntax('KS 2019/0123 budget')).toMatchObject({
      text: 'budget',
      caseNumbers: ['KS 2019/0123'],
      caseKeys: ['KS-2019-123'],
    });
    expect(parseQuerySyntax('NKBY/465/02.02.00.00/2022')).toMatchObject({
      text: '',
      caseKeys: ['NKBY-465-2-2-0-0-2022'],
    });
    expect(parseQuerySyntax('vad beslutades om dnr 2022/123?')).toMatchObject({
      text: 'vad beslutades om',
      question: true,
      caseNumbers: ['2022/123'],
      caseKeys: ['2022-123'],
    });
    expect(parseQuerySyntax('KS 2019/123 2022')).toMatchObject({
      years: { from: 2022, to: 2022 },
      caseKeys: ['KS-2019-123'],
    });
    // Not a case: a statute, a year range, a lower-case word before numbers (the reader wants capitals or a
    // label), one written after a minus (an exclusion).
    for (const q of ['SFS 2010:800', 'vård 2019/2020', 'ks 2019/123', 'nära vård 2019-2022', 'budget -KS 2019/123'])
      expect(parseQuerySyntax(q).caseNumbers, q).toBeUndefined();
    // An abbreviation before a year range is the abbreviation in those years, unless a label says it is a case.
    expect(parseQuerySyntax('SIP 2022-2023')).toMatchObject({ text: 'SIP', years: { from: 2022, to: 2023 } });
    expect(parseQuerySyntax('SIP 2022-2023').caseNumbers).toBeUndefined();
    expect(parseQuerySyntax('dnr SIP 2022-2023').caseKeys).toEqual(['SIP-2022-2023']);
    expect(describeSyntax({ ...parseQuerySyntax('KS 2019/123'), ranked: false })).toBe(
      'Tolkat som: diarienummer KS 2019/123.',
    );
  });

  it('reads "exakt fras", -ord, -"fras" and INTE ord', () => {
    expect(parseQuerySyntax('"psykisk hälsa" unga -vuxna -"nära vård" INTE psykiatri')).toMatchObject({
      text: 'unga',
      phrases: ['psykisk hälsa'],
      excluded: ['vuxna', 'nära vård', 'psykiatri'],
    });
  });

  it('leaves a hyphen inside or at the end of a word alone ("hälso- och sjukvård")', () => {
    expect(parseQuerySyntax('hälso- och sjukvård')).toMatchObject({ text: 'hälso- och sjukvård', excluded: [] });
  });

  it('reads OR and, in a short query, eller as alternatives', () => {
    expect(parseQuerySyntax('nära OR psykisk vård')).toMatchObject({ anyOf: [['nära', 'psykisk']], text: 'vård' });
    expect(parseQuerySyntax('demens eller alzheimer')).toMatchObject({ anyOf: [['demens', 'alzheimer']], text: '' });
    expect(parseQuerySyntax('a OR b OR "c d"').anyOf).toEqual([['a', 'b', '"c d"']]);
  });

  it('keeps a lower-case "inte" and an "eller" of a question as words', () => {
    const q = 'Måste arbetet genomföras under året eller går det att fortsätta?';
    expect(parseQuerySyntax(q)).toMatchObject({ anyOf: [], question: true });
    expect(parseQuerySyntax('vad händer om man inte svarar').excluded).toEqual([]);
  });

  it('knows a question by its question mark or its first word', () => {
    expect(parseQuerySyntax('Kan barn samtycka till vaccinering').question).toBe(true);
    expect(parseQuerySyntax('barn samtycke vaccinering?').question).toBe(true);
    expect(parseQuerySyntax('barn samtycke vaccinering').question).toBe(false);
  });

  it('says in one Swedish line what it understood', () => {
    expect(
      describeSyntax({
        years: { from: 2022, to: 2022 },
        phrases: ['nära vård'],
        excluded: ['psykiatri'],
        anyOf: [],
        ranked: false,
      }),
    ).toBe('Tolkat som: år 2022; exakt fras ”nära vård”; utan psykiatri.');
    expect(describeSyntax({ phrases: [], excluded: [], anyOf: [], ranked: false })).toBe('');
  });

  it('says why a query that asked something searches nothing', () => {
    const none = { phrases: [], excluded: [], anyOf: [], ranked: false };
    expect(describeSyntax({ ...none, unsearched: ['vad', 'är', 'det'] })).toBe(
      'Inga ord att söka på: ”vad”, ”är” och ”det” är frågeord eller småord, som inte söks. Punkterna visas utan sökord.',
    );
    expect(describeSyntax({ ...none, years: { from: 2022, to: 2022 }, unsearched: ['vad'] })).toBe(
      'Tolkat som: år 2022. Inga ord att söka på: ”vad” är ett frågeord eller småord, som inte söks. Punkterna visas utan sökord.',
    );
    expect(describeSyntax({ ...none, unsearched: [] })).toBe(
      'Inga ord att söka på i frågan: punkterna visas utan sökord.',
    );
  });
});
