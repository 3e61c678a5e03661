/**
 * One list of filter keys (domain/filter-keys.ts), read by the API's request
 * schema, every list endpoint, the feeds and the UI: each endpoint reads each
 * filter (a bad value is refused naming it, not silently dropped), and a
 * feed's own address keeps every filter it was asked for.
 */
import { describe, expect, it } from 'vitest';
import { FILTER_KEYS, FILTER_LABELS, type FilterKey } from '../../domain/filter-keys.js';
import { feedQuery } from '../../src/search/feed.js';
import { filterShape, SearchParams } from '../../src/search/params.js';
import { appOverBundledCorpus } from '../helpers/app.js';

/** A value each filter refuses. */
const BAD: Record<FilterKey, string> = {
  body: 'x'.repeat(201),
  type: 'pressmeddelande',
  agendas: 'ibland',
  topics: 'x'.repeat(101),
  topicsMode: 'några',
  municipality: 'Ingenstans',
  present: 'Ingenstans',
  yearFrom: 'förra året',
  yearTo: '20x0',
  dateFrom: '13 oktober',
  dateTo: '2022-13-45',
  hasDecision: 'kanske',
  caseNumber: 'x',
};

describe('the filter keys', () => {
  it('are the API schema’s filters, each with a Swedish label', () => {
    expect(Object.keys(filterShape).sort()).toEqual([...FILTER_KEYS].sort());
    for (const key of FILTER_KEYS) expect(FILTER_LABELS[key]).toMatch(/^[A-ZÅÄÖ][a-zåäö ]+$/);
  });

  it('all travel into a feed’s own address', () => {
    const params = SearchParams.parse({
      q: 'vård',
      body: 'Styrgrupp',
      type: 'protokoll',
      agendas: 'false',
      topics: 'nära vård',
      topicsMode: 'all',
      municipality: 'Karlskoga',
      present: 'Laxå',
      yearFrom: '2020',
      yearTo: '2024',
      dateFrom: '2020-01-01',
      dateTo: '2024-12-31',
      hasDecision: 'true',
      caseNumber: 'KS 2019/123',
    });
    const query = feedQuery(params);
    expect([...new Set(query.keys())]).toEqual(['q', ...FILTER_KEYS]);
  });
});

describe('every list endpoint', () => {
  const held = appOverBundledCorpus();
  for (const endpoint of ['/api/search', '/api/decisions', '/api/timeline', '/api/feed'])
    it(`${endpoint} reads every filter: a bad value is refused by its name`, async () => {
      const refused: [string, number, string | undefined][] = [];
      for (const key of FILTER_KEYS) {
        const res = await held.api.get(`${endpoint}?q=vård&${key}=${encodeURIComponent(BAD[key])}`);
        const body = (await res.json()) as { param?: string };
        refused.push([key, res.status, body.param]);
      }
      expect(refused).toEqual(FILTER_KEYS.map((key) => [key, 400, key]));
    });
});
