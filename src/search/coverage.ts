/**
 * Coverage ("Täckning"): which meetings the index holds, per body and year,
 * with the holes in a body's usual cadence flagged, and per protocol what
 * makes it doubtful (no date, date inferred, OCR read with low confidence,
 * few items). An analyst reading a dip in a trend sees here whether it is a
 * real dip or missing protocols.
 *
 * Counted from the protocol documents themselves (one per meeting), not
 * estimated: a body's cadence is its median number of meetings in the years
 * between its first and last year, so a body meeting twice a year is not
 * flagged for the months a monthly one would be. A kallelse or
 * föredragningslista counts only for a meeting whose minutes the index does
 * not hold (same body, same date), and is flagged so.
 */
import { agendaNoun, isAgendaType } from '../../domain/doc-types.js';
import type { ProtocolDocument } from '../../domain/schemas.js';
import { meili } from '../../domain/store/client.js';
import type { SearchContext } from './context.js';
import { UNKNOWN_BODY } from '../../domain/bodies.js';
import { SWEDISH_MONTHS } from '../../domain/dates.js';

export { UNKNOWN_BODY };
/** Protocol documents read at most; past it the answer says it is truncated. */
const MAX_PROTOCOLS = 50_000;
const MAX_FLAGGED = 1000;

export type YearStatus = 'ok' | 'gap' | 'thin' | 'holes' | 'outside';

export interface YearCell {
  year: number;
  meetings: number;
  /** Meetings per month, January first. */
  months: number[];
  status: YearStatus;
  /** Months (1–12) inside a flagged run of months without meetings. */
  holeMonths: number[];
}

export interface Gap {
  kind: 'year' | 'thin' | 'months';
  year: number;
  /** yyyy-mm, for runs of months. */
  from?: string;
  to?: string;
  message: string;
}

export interface BodyCoverage {
  body: string;
  /** Meetings in the index: each by its minutes, or by its kallelse or föredragningslista when the minutes are not held. */
  protocols: number;
  undated: number;
  first: string | null;
  last: string | null;
  /** Median meetings per year between the first and last year (the usual cadence). */
  perYear: number;
  years: YearCell[];
  gaps: Gap[];
}

export interface ProtocolFlag {
  code: 'no-date' | 'date-inferred' | 'ocr-low-confidence' | 'few-items' | 'no-body' | 'agenda-only';
  label: string;
}

export interface FlaggedProtocol {
  id: string;
  body: string;
  meetingDate: string | null;
  sourceFile: string;
  sourceUrl: string | null;
  itemCount: number;
  flags: ProtocolFlag[];
}

export interface Coverage {
  years: number[];
  bodies: BodyCoverage[];
  totals: {
    /** Documents read: minutes, kallelser and föredragningslistor. */
    protocols: number;
    /** Of them kallelser and föredragningslistor; those of a meeting whose minutes are held are not counted again. */
    agendas: number;
    dated: number;
    undated: number;
    flagged: number;
    gaps: number;
    byFlag: Record<string, number>;
  };
  protocols: FlaggedProtocol[];
  truncated: boolean;
}

type ProtocolRow = Pick<
  ProtocolDocument,
  'id' | 'body' | 'docType' | 'meetingDate' | 'dateStatus' | 'itemCount' | 'warnings' | 'sourceFile' | 'sourceUrl'
>;

const isAgenda = (r: Pick<ProtocolRow, 'docType'>) => isAgendaType(r.docType);

const monthName = (index: number) => `${SWEDISH_MONTHS[index % 12]} ${Math.floor(index / 12)}`;

const median = (values: readonly number[]) => {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** What makes one protocol doubtful, in words for people. */
export function protocolFlags(
  p: Pick<ProtocolRow, 'body' | 'meetingDate' | 'dateStatus' | 'itemCount' | 'warnings'>,
): ProtocolFlag[] {
  const flags: ProtocolFlag[] = [];
  const codes = new Set(p.warnings.map((w) => w.code));
  if (p.dateStatus === 'missing' || !p.meetingDate) flags.push({ code: 'no-date', label: 'Inget mötesdatum hittades' });
  else if (p.dateStatus === 'inferred-year') flags.push({ code: 'date-inferred', label: 'Året i datumet är härlett' });
  if ([...codes].some((c) => /ocr/i.test(c) && /low|confidence|uncertain|osaker/i.test(c)))
    flags.push({ code: 'ocr-low-confidence', label: 'OCR-läst med låg säkerhet' });
  if (p.itemCount <= 2 || codes.has('no-agenda-items'))
    flags.push({
      code: 'few-items',
      label: p.itemCount <= 1 ? 'Bara en dagordningspunkt hittades' : `Bara ${p.itemCount} dagordningspunkter hittades`,
    });
  if (!p.body || p.body === UNKNOWN_BODY) flags.push({ code: 'no-body', label: 'Inget organ hittades' });
  return flags;
}

/** One body's grid row and gaps, from its protocols' dates. */
export function bodyCoverage(
  body: string,
  dates: readonly string[],
  undated: number,
  years: readonly number[],
): BodyCoverage {
  const sorted = [...dates].sort();
  const byYear = new Map<number, number[]>();
  for (const d of sorted) {
    const y = Number(d.slice(0, 4));
    const months = byYear.get(y) ?? Array.from({ length: 12 }, () => 0);
    months[Number(d.slice(5, 7)) - 1]!++;
    byYear.set(y, months);
  }
  const first = sorted[0] ?? null;
  const last = sorted.at(-1) ?? null;
  const firstYear = first ? Number(first.slice(0, 4)) : null;
  const lastYear = last ? Number(last.slice(0, 4)) : null;
  const count = (y: number) => (byYear.get(y) ?? []).reduce((a, b) => a + b, 0);
  const interior = firstYear !== null && lastYear !== null ? years.filter((y) => y > firstYear && y < lastYear) : [];
  // The usual cadence: full years only (the first and last are usually partial); with no full year, the busiest one.
  const perYear = interior.some((y) => count(y) > 0)
    ? median(interior.filter((y) => count(y) > 0).map(count))
    : Math.max(0, ...[...byYear.keys()].map(count));
  const gaps: Gap[] = [];
  const cells = new Map<number, YearCell>();
  for (const y of years) {
    const meetings = count(y);
    const inside = firstYear !== null && lastYear !== null && y >= firstYear && y <= lastYear;
    let status: YearStatus = inside ? 'ok' : 'outside';
    if (interior.includes(y) && meetings === 0) {
      status = 'gap';
      gaps.push({ kind: 'year', year: y, message: `Inga möten ${y}, men möten både före och efter` });
    } else if (interior.includes(y) && perYear >= 4 && meetings < perYear / 2) {
      status = 'thin';
      gaps.push({ kind: 'thin', year: y, message: `Bara ${meetings} möten ${y}, vanligen ca ${Math.round(perYear)}` });
    }
    cells.set(y, {
      year: y,
      meetings,
      months: byYear.get(y) ?? Array.from({ length: 12 }, () => 0),
      status,
      holeMonths: [],
    });
  }
  // Runs of months without a meeting, for bodies that meet about monthly or more often: longer than a
  // summer break and than two and a half usual intervals.
  if (first && last && perYear >= 6) {
    const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
    const held = new Set(sorted.map(index));
    const threshold = Math.max(4, Math.ceil(2.5 * (12 / perYear)));
    let run: number[] = [];
    const close = () => {
      const years = new Set(run.map((m) => Math.floor(m / 12)));
      const wholeGapYear = [...years].some((y) => cells.get(y)?.status === 'gap');
      if (run.length >= threshold && !wholeGapYear) {
        const y = Math.floor(run[0]! / 12);
        const fmt = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        gaps.push({
          kind: 'months',
          year: y,
          from: fmt(run[0]!),
          to: fmt(run.at(-1)!),
          message: `Inga möten ${monthName(run[0]!)}–${monthName(run.at(-1)!)} (${run.length} månader), vanligen ca ${Math.round(perYear)} möten per år`,
        });
        for (const m of run) {
          const cell = cells.get(Math.floor(m / 12));
          if (!cell) continue;
          cell.holeMonths.push((m % 12) + 1);
          if (cell.status === 'ok') cell.status = 'holes';
        }
      }
      run = [];
    };
    for (let m = index(first); m <= index(last); m++) {
      if (held.has(m)) close();
      else run.push(m);
    }
    close();
  }
  gaps.sort((a, b) => a.year - b.year || (a.from ?? '').localeCompare(b.from ?? ''));
  return {
    body,
    protocols: dates.length + undated,
    undated,
    first,
    last,
    perYear,
    years: years.map((y) => cells.get(y)!),
    gaps,
  };
}

/** GET /api/coverage. */
export async function coverage(ctx: SearchContext): Promise<Coverage> {
  const res = await meili(() =>
    ctx.client.index<ProtocolRow>(ctx.names.protocols).search(null, {
      limit: MAX_PROTOCOLS,
      sort: ['meetingDay:asc'],
      attributesToRetrieve: [
        'id',
        'body',
        'docType',
        'meetingDate',
        'dateStatus',
        'itemCount',
        'warnings',
        'sourceFile',
        'sourceUrl',
      ],
    }),
  );
  const rows = res.hits;
  const dated = rows.filter((r) => r.meetingDate);
  const allYears = dated.map((r) => Number(r.meetingDate!.slice(0, 4)));
  const years = allYears.length
    ? Array.from({ length: Math.max(...allYears) - Math.min(...allYears) + 1 }, (_, i) => Math.min(...allYears) + i)
    : [];
  // A meeting whose minutes are held is counted by them, not again by its kallelse or föredragningslista.
  const bodyOf = (r: ProtocolRow) => r.body ?? UNKNOWN_BODY;
  const minutesHeld = new Set(
    rows.filter((r) => r.meetingDate && !isAgenda(r)).map((r) => `${bodyOf(r)}|${r.meetingDate}`),
  );
  const agendaOnly = (r: ProtocolRow) =>
    isAgenda(r) && !(r.meetingDate && minutesHeld.has(`${bodyOf(r)}|${r.meetingDate}`));
  const groups = new Map<string, { dates: string[]; undated: number }>();
  for (const r of rows) {
    if (isAgenda(r) && !agendaOnly(r)) continue;
    const g = groups.get(r.body ?? UNKNOWN_BODY) ?? { dates: [], undated: 0 };
    if (r.meetingDate) g.dates.push(r.meetingDate);
    else g.undated++;
    groups.set(r.body ?? UNKNOWN_BODY, g);
  }
  const bodies = [...groups]
    .map(([body, g]) => bodyCoverage(body, g.dates, g.undated, years))
    .sort(
      (a, b) =>
        (a.body === UNKNOWN_BODY ? 1 : 0) - (b.body === UNKNOWN_BODY ? 1 : 0) ||
        b.protocols - a.protocols ||
        a.body.localeCompare(b.body, 'sv'),
    );
  const flagged: FlaggedProtocol[] = [];
  const byFlag: Record<string, number> = {};
  for (const r of rows) {
    const flags = [
      ...protocolFlags(r),
      ...(agendaOnly(r)
        ? [
            {
              code: 'agenda-only',
              label: `Bara ${agendaNoun(1)}: mötets protokoll finns inte i indexet`,
            } as const,
          ]
        : []),
    ];
    if (flags.length === 0) continue;
    for (const f of flags) byFlag[f.code] = (byFlag[f.code] ?? 0) + 1;
    flagged.push({
      id: r.id,
      body: r.body ?? UNKNOWN_BODY,
      meetingDate: r.meetingDate,
      sourceFile: r.sourceFile,
      sourceUrl: r.sourceUrl ?? null,
      itemCount: r.itemCount,
      flags,
    });
  }
  flagged.sort(
    (a, b) => a.body.localeCompare(b.body, 'sv') || (a.meetingDate ?? '').localeCompare(b.meetingDate ?? ''),
  );
  return {
    years,
    bodies,
    totals: {
      protocols: rows.length,
      agendas: rows.filter(isAgenda).length,
      dated: dated.length,
      undated: rows.length - dated.length,
      flagged: flagged.length,
      gaps: bodies.reduce((n, b) => n + b.gaps.length, 0),
      byFlag,
    },
    protocols: flagged.slice(0, MAX_FLAGGED),
    truncated: (res.estimatedTotalHits ?? rows.length) > rows.length,
  };
}
