/**
 * The trend parts of the exports: a long table (a row per series and year,
 * what each point is made of), a wide one (a row per year, a column per
 * series, as a chart is read), the events, and "Om datat" in words. Each
 * states what the points leave out (items and protocols without a date, or
 * without a body under a body filter, and kallelser and föredragningslistor)
 * with counts and a link, leaves the years
 * without meetings empty rather than zero, and marks small bases.
 */
import { EXCLUSION_LABELS, EXCLUSION_WHY, exclusionSummary } from '../../domain/exclusions.js';
import type { AboutField, ExportAbout, ExportTable, ExportValue } from './export.js';
import { SMALL_BASE, type TrendPoint, type TrendRequest, type Trends, type TrendUnit } from './trends.js';

/** The unit as a person reads it, and how the charted value is written. */
export const UNIT_NAMES: Record<TrendUnit, string> = {
  items: 'Andel dagordningspunkter (%)',
  meetings: 'Andel möten (%)',
  per10k: 'Dagordningspunkter per 10 000 ord',
};

/** The value as charted: percent for shares, as is for per 10,000 words. */
export const chartedValue = (unit: TrendUnit, share: number | null): number | null =>
  share === null ? null : unit === 'per10k' ? Math.round(share * 100) / 100 : Math.round(share * 10_000) / 100;

const SMALL_BASE_NOTE = `litet underlag (färre än ${SMALL_BASE.items} punkter eller ${SMALL_BASE.meetings} möten)`;
const GAP_NOTE = 'inga möten detta år';
const UNDATED_NOTE = `${EXCLUSION_LABELS.undated}: ${EXCLUSION_WHY.undated}`;

/** Why a point reads as it does: a gap, a small base, or nothing to say. */
const noteOf = (p: TrendPoint) => (p.gap ? GAP_NOTE : p.smallBase ? SMALL_BASE_NOTE : null);

/** The trends as one long table: a row per series and year, the charted value and what it is made of. */
export function trendsTable(trends: Trends): ExportTable {
  const row = (...cells: ExportValue[]) => cells;
  return {
    sheet: 'Trender',
    columns: [
      { header: 'Serie', kind: 'text', width: 28 },
      { header: 'Typ', kind: 'text' },
      { header: 'År', kind: 'integer' },
      { header: UNIT_NAMES[trends.unit], kind: 'decimal', width: 30 },
      { header: 'Dagordningspunkter', kind: 'integer', width: 20 },
      { header: 'Möten', kind: 'integer' },
      { header: 'Dagordningspunkter totalt', kind: 'integer', width: 26 },
      { header: 'Möten totalt', kind: 'integer', width: 14 },
      { header: 'Ord totalt', kind: 'integer', width: 12 },
      { header: 'Anmärkning', kind: 'text', width: 40 },
    ],
    rows: [
      ...trends.series.flatMap((s) => {
        const kind = s.kind === 'topic' ? 'ämne' : 'sökord';
        return [
          ...s.points.map((p) =>
            row(
              s.label,
              kind,
              p.year,
              chartedValue(trends.unit, p.share),
              p.items,
              p.meetings,
              p.totalItems,
              p.totalMeetings,
              p.totalWords,
              noteOf(p),
            ),
          ),
          // The series' own items in undated protocols: counted, in no year.
          ...(s.undated.items
            ? [row(s.label, kind, null, null, s.undated.items, s.undated.protocols, null, null, null, UNDATED_NOTE)]
            : []),
        ];
      }),
      // Everything left out under the filters, per reason: the denominators' missing part.
      ...trends.excluded.map((e) =>
        row(
          'Alla dagordningspunkter',
          'underlag',
          null,
          null,
          null,
          null,
          e.items,
          e.protocols,
          null,
          `${e.label}: ${EXCLUSION_WHY[e.reason]}`,
        ),
      ),
    ],
  };
}

/** Series labels as column headers, a term that spells like a topic told apart. */
function seriesHeaders(trends: Trends): string[] {
  const labels = trends.series.map((s) => s.label);
  return trends.series.map((s, i) =>
    labels.indexOf(s.label) !== i || labels.lastIndexOf(s.label) !== i
      ? `${s.label} (${s.kind === 'topic' ? 'ämne' : 'sökord'})`
      : s.label,
  );
}

/** The trends as one wide table: a row per year, a column per series (the charted value), the year's base. */
export function trendsWideTable(trends: Trends): ExportTable {
  const words = trends.unit === 'per10k';
  const base = trends.series[0]?.points ?? [];
  return {
    sheet: 'Per år',
    columns: [
      { header: 'År', kind: 'integer', width: 8 },
      ...seriesHeaders(trends).map((header) => ({
        header,
        kind: 'decimal' as const,
        width: Math.max(12, header.length + 2),
      })),
      { header: 'Dagordningspunkter totalt', kind: 'integer', width: 26 },
      { header: 'Möten totalt', kind: 'integer', width: 14 },
      ...(words ? [{ header: 'Ord totalt', kind: 'integer' as const, width: 12 }] : []),
      { header: 'Anmärkning', kind: 'text', width: 40 },
    ],
    rows: [
      ...trends.years.map((year, y) => {
        const p = base[y];
        return [
          year,
          ...trends.series.map((s) => chartedValue(trends.unit, s.points[y]?.share ?? null)),
          p?.totalItems ?? 0,
          p?.totalMeetings ?? 0,
          ...(words ? [p?.totalWords ?? null] : []),
          p ? noteOf(p) : null,
        ];
      }),
      ...trends.excluded.map((e) => [
        null,
        ...trends.series.map(() => null),
        e.items,
        e.protocols,
        ...(words ? [null] : []),
        `${e.label}: ${EXCLUSION_WHY[e.reason]}`,
      ]),
    ],
  };
}

/** The events drawn on the chart, with real dates. */
export function annotationsTable(trends: Trends): ExportTable {
  return {
    sheet: 'Händelser',
    columns: [
      { header: 'Datum', kind: 'date', width: 12 },
      { header: 'Till och med', kind: 'date', width: 13 },
      { header: 'Händelse', kind: 'text', width: 40 },
      { header: 'Beskrivning', kind: 'text', width: 60 },
      { header: 'Ämnen', kind: 'text', width: 30 },
      { header: 'Organ', kind: 'text', width: 30 },
    ],
    rows: trends.annotations.map((a) => [
      a.date,
      a.end,
      a.label,
      a.description || null,
      a.topics.join(', ') || 'alla',
      a.bodies.join(', ') || 'alla',
    ]),
  };
}

/** The sheets of a trends workbook: long, wide, and the events when there are any. */
export const trendsSheets = (trends: Trends): ExportTable[] => [
  trendsTable(trends),
  trendsWideTable(trends),
  ...(trends.annotations.length ? [annotationsTable(trends)] : []),
];

/** What a trends export shows, in words (no URL-encoded query); links from `base` (PUBLIC_URL, or "" for root-relative). */
export function trendsAbout(
  trends: Trends,
  req: TrendRequest,
  corpus: { version: string; updatedAt: string | null },
  now: Date,
  base: string,
): ExportAbout {
  const list = (xs: readonly string[] | undefined, none: string) => (xs?.length ? xs.join(', ') : none);
  const gaps = trends.series[0]?.points.filter((p) => p.gap).map((p) => p.year) ?? [];
  const small = trends.series[0]?.points.filter((p) => p.smallBase).map((p) => p.year) ?? [];
  const excluded: AboutField[] = trends.excluded.map((e) => [
    `Utelämnat, ${e.label}`,
    `${exclusionSummary(e)}. Lista: ${base}${e.link}`,
  ]);
  const events: AboutField[] = trends.annotations.map((a) => [
    'Händelse',
    `${a.date}${a.end ? ` till ${a.end}` : ''}: ${a.label}${a.description ? ` – ${a.description}` : ''}`,
  ]);
  return {
    title: 'Protokollsök – trender över åren',
    fields: [
      ['Ämnen', list(req.topics, req.terms?.length ? '–' : 'alla ämnen')],
      ['Egna sökord', list(req.terms, '–')],
      ['Organ', list(req.body, 'alla organ')],
      ['Kommun (närvarande)', list(req.municipality, 'alla kommuner')],
      ['År', trends.years.length ? `${trends.years[0]}–${trends.years.at(-1)}` : '–'],
      ['Enhet', UNIT_NAMES[trends.unit]],
      [
        'Nämnare',
        'Dagordningspunkter totalt, Möten totalt och Ord totalt: årets alla under samma filter (organ, kommun), i protokoll och anteckningar; ett möte räknas efter sitt protokoll, inte efter sin kallelse eller föredragningslista.',
      ],
      ...(excluded.length ? excluded : [['Utelämnat', 'inget: alla protokoll under filtren har datum'] as const]),
      ['År utan möten', gaps.length ? `${gaps.join(', ')}: lämnas tomma, inte noll` : '–'],
      [
        'Litet underlag',
        `${small.length ? `${small.join(', ')}: ` : ''}år med färre än ${SMALL_BASE.items} dagordningspunkter eller ${SMALL_BASE.meetings} möten markeras "litet underlag"`,
      ],
      ...(events.length ? events : [['Händelser', '–'] as const]),
      ['Korpusversion', corpus.version],
      ...(corpus.updatedAt
        ? [['Korpusen uppdaterad', corpus.updatedAt, 'datetime'] as const]
        : [['Korpusen uppdaterad', 'okänt'] as const]),
      ['Exporterad', `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`, 'datetime'],
      ['Källa', 'Protokollsök: protokoll från samverkan inom hälsa, vård och omsorg i Region Örebro län'],
    ],
  };
}
