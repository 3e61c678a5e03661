/**
 * Coverage: the gap rules on made-up cadences (pure), then GET /api/coverage
 * on the bundled corpus against the real server.
 */
import { describe, expect, it } from 'vitest';
import { bodyCoverage, protocolFlags, type Coverage } from '../../src/search/coverage.js';
import { appOverBundledCorpus } from '../helpers/app.js';

/** One meeting on the 15th of each given month (1–12) of a year. */
const meetings = (year: number, months: readonly number[]) =>
  months.map((m) => `${year}-${String(m).padStart(2, '0')}-15`);
const MONTHLY = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12];
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('a body’s cadence and its holes', () => {
  it('flags a year without meetings between years with meetings, but not the years before the first or after the last', () => {
    const c = bodyCoverage(
      'Chefsgrupp',
      [...meetings(2019, MONTHLY), ...meetings(2021, MONTHLY), ...meetings(2022, [2, 3])],
      0,
      range(2017, 2024),
    );
    expect(c.years.map((y) => [y.year, y.meetings, y.status])).toEqual([
      [2017, 0, 'outside'],
      [2018, 0, 'outside'],
      [2019, 11, 'ok'],
      [2020, 0, 'gap'],
      [2021, 11, 'ok'],
      [2022, 2, 'ok'],
      [2023, 0, 'outside'],
      [2024, 0, 'outside'],
    ]);
    expect(c.gaps).toEqual([{ kind: 'year', year: 2020, message: 'Inga möten 2020, men möten både före och efter' }]);
  });

  it('flags months without meetings in a monthly body, but not its summer break', () => {
    const c = bodyCoverage(
      'Styrgrupp',
      [...meetings(2021, MONTHLY), ...meetings(2022, [1, 2, 8, 9, 10, 11, 12]), ...meetings(2023, MONTHLY)],
      0,
      range(2021, 2023),
    );
    expect(c.perYear).toBe(7);
    expect(c.gaps).toMatchObject([{ kind: 'months', year: 2022, from: '2022-03', to: '2022-07' }]);
    expect(c.gaps[0]!.message).toBe('Inga möten mars 2022–juli 2022 (5 månader), vanligen ca 7 möten per år');
    expect(c.years.find((y) => y.year === 2022)).toMatchObject({ status: 'holes', holeMonths: [3, 4, 5, 6, 7] });
    expect(c.years.find((y) => y.year === 2021)!.status).toBe('ok');
  });

  it('flags a thin year against the usual number of meetings', () => {
    const c = bodyCoverage(
      'Rådet',
      [
        ...meetings(2020, MONTHLY),
        ...meetings(2021, MONTHLY),
        ...meetings(2022, [3, 10]),
        ...meetings(2023, MONTHLY),
        ...meetings(2024, MONTHLY),
      ],
      0,
      range(2020, 2024),
    );
    expect(c.gaps.filter((g) => g.kind === 'thin')).toEqual([
      { kind: 'thin', year: 2022, message: 'Bara 2 möten 2022, vanligen ca 11' },
    ]);
  });

  it('does not flag months for a body that meets twice a year', () => {
    const c = bodyCoverage(
      'Samverkansråd',
      [...meetings(2020, [5, 11]), ...meetings(2021, [5, 11]), ...meetings(2022, [4, 11])],
      0,
      range(2020, 2022),
    );
    expect(c.gaps).toEqual([]);
  });
});

describe('a protocol’s warnings', () => {
  const base = { body: 'Chefsgrupp', meetingDate: '2024-01-01', itemCount: 9, warnings: [] };
  it('names a missing date, an inferred year, OCR with low confidence and few items', () => {
    expect(protocolFlags({ ...base, dateStatus: 'explicit' })).toEqual([]);
    expect(protocolFlags({ ...base, meetingDate: null, dateStatus: 'missing' }).map((f) => f.code)).toEqual([
      'no-date',
    ]);
    expect(protocolFlags({ ...base, dateStatus: 'inferred-year' }).map((f) => f.code)).toEqual(['date-inferred']);
    expect(
      protocolFlags({
        ...base,
        dateStatus: 'explicit',
        warnings: [{ code: 'ocr-low-confidence', message: 'OCR 61 %' }],
      }).map((f) => f.code),
    ).toEqual(['ocr-low-confidence']);
    expect(protocolFlags({ ...base, dateStatus: 'explicit', itemCount: 1 })).toEqual([
      { code: 'few-items', label: 'Bara en dagordningspunkt hittades' },
    ]);
  });
});

describe('GET /api/coverage', () => {
  const bundled = appOverBundledCorpus();

  it('counts the bundled corpus’s meetings per body and year, the years without meetings included', async () => {
    const { status, body } = await bundled.api.json<Coverage>('/api/coverage');
    expect(status).toBe(200);
    expect(body.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(body.totals).toMatchObject({ protocols: 5, dated: 5, undated: 0 });
    // Facet counts agree with the grid: every body's row sums to its protocols in the index.
    const facets = await bundled.runtime.admin
      .index(bundled.runtime.names.protocols)
      .search(null, { limit: 0, facets: ['body', 'year'] });
    for (const b of body.bodies) {
      expect(b.years.reduce((n, y) => n + y.meetings, 0)).toBe(facets.facetDistribution!.body![b.body]);
      expect(b.years).toHaveLength(5);
    }
    for (const y of body.years)
      expect(body.bodies.reduce((n, b) => n + b.years.find((c) => c.year === y)!.meetings, 0)).toBe(
        facets.facetDistribution!.year![String(y)] ?? 0,
      );
    const chefsgrupp = body.bodies.find((b) => b.body.startsWith('Chefsgrupp för samverkan'))!;
    expect(chefsgrupp.years.map((y) => y.status)).toEqual(['outside', 'outside', 'ok', 'gap', 'ok']);
    expect(body.protocols.find((p) => p.meetingDate === '2020-11-20')?.flags.map((f) => f.code)).toEqual([
      'date-inferred',
    ]);
  });
});
