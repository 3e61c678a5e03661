/**
 * The case-number pattern family (domain/case-numbers.ts): the shapes Swedish
 * and Finland-Swedish registries write, one key for every spelling of one
 * number, and what only looks like a case number refused.
 */
import { describe, expect, it } from 'vitest';
import { caseNumberKey, caseNumberLine, findCaseNumbers } from '../../domain/case-numbers.js';

const keys = (text: string) => findCaseNumbers(text, { bare: true }).map((m) => m.key);

describe('case numbers', () => {
  it('reads the registry shapes, labelled or not', () => {
    expect(keys('Dnr KS 2019/123')).toEqual(['KS-2019-123']);
    expect(keys('SN 2019/10')).toEqual(['SN-2019-10']);
    expect(keys('NKBY/497/12.03.01/2022')).toEqual(['NKBY-497-12-3-1-2022']);
    expect(keys('DNR:BUN/2016.41')).toEqual(['BUN-2016-41']);
    expect(keys('RS 22-0456')).toEqual(['RS-2022-456']);
    expect(keys('Vårt dnr: RS 2022-00456')).toEqual(['RS-2022-456']);
    expect(keys('ALN-2020-0123')).toEqual(['ALN-2020-123']);
    expect(keys('Diarienummer: 2021/456')).toEqual(['2021-456']);
    expect(keys('Dnr KS.2021.0123')).toEqual(['KS-2021-123']);
    expect(keys('Dnr TN 2023/12-2.3.1')).toEqual(['TN-2023-12-2-3-1']);
  });

  it('gives every spelling of one number one key', () => {
    expect(caseNumberKey('ks 2019/0123')).toBe('KS-2019-123');
    expect(caseNumberKey('Dnr KS 2019/123')).toBe('KS-2019-123');
    expect(caseNumberKey('KS-2019-123')).toBe('KS-2019-123');
  });

  it('refuses statutes, reports, dates, times, § citations and fractions', () => {
    for (const t of [
      'SFS 2010:800',
      'SOU 2020:80',
      'enligt (EU) 2016/679',
      'mötet 2019-05-06',
      'kl 13.00-16.30',
      'KS § 12/2023',
      'Bilaga 3/2019',
      '6/5 2019',
    ])
      expect(keys(t)).toEqual([]);
  });

  it('reads after a label the shapes of registries not written here: the year before the prefix (Tyresö), a class code', () => {
    expect(keys('Dnr 2016/KS 0065 001')).toEqual(['KS-2016-65-1']);
    expect(keys('Diarienummer 2023/BUN 0214')).toEqual(['BUN-2023-214']);
    expect(keys('Dnr 06/KS 006 012')).toEqual(['KS-2006-6-12']);
    expect(keys('Dnr 2016 KSM/1221.042')).toEqual(['KSM-2016-1221-42']);
    expect(keys('Dnr 9/2014.730')).toEqual(['9-2014-730']);
    expect(keys('Dnr 15/2014.002')).toEqual(['15-2014-2']);
    expect(keys('Dnr 0015/13 - 200')).toEqual(['15-2013-200']);
    // Serial/two-digit year and Stockholm's class-serial/year, after a label only.
    expect(keys('Dnr 31/16')).toEqual(['31-2016']);
    expect(keys('Dnr 1.6-0463/2011')).toEqual(['1-6-463-2011']);
    expect(keys('31/16')).toEqual([]);
    // A registry's letters and a colon, the year in four digits (Jakobstad, Vörå); a note is no registry.
    expect(keys('CFV: 49/2015')).toEqual(['CFV-49-2015']);
    expect(keys('KST: 15/2012')).toEqual(['KST-15-2012']);
    expect(keys('OBS: 12/2019')).toEqual([]);
    expect(keys('1.6-0463/2011')).toEqual([]);
    // Without a label these shapes are no case number.
    expect(keys('2016/KS 0065 001')).toEqual([]);
  });

  it('takes a prose citation only where a label introduces it', () => {
    expect(findCaseNumbers('Se beslutet i KS 2019/123 från i våras.').map((m) => m.key)).toEqual([]);
    expect(findCaseNumbers('Se beslutet, dnr KS 2019/123, från i våras.').map((m) => m.key)).toEqual(['KS-2019-123']);
  });

  it('tells a line that is only case numbers from a sentence that cites one', () => {
    expect(caseNumberLine('  NKBY/458/06.01.02.02/2022')?.map((m) => m.written)).toEqual(['NKBY/458/06.01.02.02/2022']);
    expect(caseNumberLine('Dnr SN 2019/10, SN 2019/11')?.length).toBe(2);
    expect(caseNumberLine('Ärendet KS 2019/123 bordlades.')).toBeNull();
  });
});
