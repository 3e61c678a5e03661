/**
 * Validated filter parameters → Meilisearch filter expressions. The only place
 * filters are built: every value is quoted and escaped, so a value such as
 * `x" OR year > 0` stays a literal and cannot change the expression.
 */
import { UNKNOWN_BODY } from '../../domain/bodies.js';
import { epochDay } from '../../domain/dates.js';

import { caseNumberKey } from '../../domain/case-numbers.js';
import { AGENDA_TYPES, isAgendaType } from '../../domain/doc-types.js';

/** Filters shared by search, timeline, decisions and trends. */
export interface ItemFilters {
  body?: readonly string[] | undefined;
  type?: readonly string[] | undefined;
  /** false: no kallelse or föredragningslista (AGENDA_TYPES); a document of no known type stays. */
  agendas?: boolean | undefined;
  topics?: readonly string[] | undefined;
  /** "any" (default): at least one of the topics; "all": every one. */
  topicsMode?: 'any' | 'all' | undefined;
  municipality?: readonly string[] | undefined;
  /** Municipalities present at the meeting (from its attendance list), not mentioned in the item. */
  present?: readonly string[] | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  /** ISO dates, inclusive. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  hasDecision?: boolean | undefined;
  protocolId?: string | undefined;
  year?: number | undefined;
  /** Diarienummer, as a person types them; matched by key ("ks 2019/0123" finds "Dnr KS 2019/123"). */
  caseNumber?: readonly string[] | undefined;
  /** Case-number keys as domain/case-numbers.ts reads them ("KS-2019-123": those a query wrote). */
  caseKeys?: readonly string[] | undefined;
  /** With yearFrom/yearTo: also documents without a year (trends count what a dated range leaves out). */
  orUndated?: boolean | undefined;
  /** Only documents without a meeting date. */
  undated?: boolean | undefined;
  /** Only documents without a body (none read, or the placeholder "Okänt organ"). */
  noBody?: boolean | undefined;
  /** Only documents of a known body other than these (keyness: one body against the others). */
  otherThanBody?: readonly string[] | undefined;
  /** Only dated documents outside these years, inclusive (keyness: a period against the rest). */
  outsideYears?: { from: number; to: number } | undefined;
}

/** No year: the field null or absent. */
const UNDATED = ['year IS NULL', 'year NOT EXISTS'];
/** The placeholder a protocol without a readable body carries (older ones: null); domain/bodies.ts owns it. */
export { UNKNOWN_BODY };
const NO_BODY = ['body IS NULL', 'body IS EMPTY', 'body NOT EXISTS', `body = ${quote(UNKNOWN_BODY)}`];
/** Each ANDed: a body was read. */
const KNOWN_BODY = ['body EXISTS', 'body IS NOT NULL', 'body IS NOT EMPTY', `body != ${quote(UNKNOWN_BODY)}`];

/** The year range (and whether documents without a year are admitted alongside it, or alone). */
function yearClauses(f: Pick<ItemFilters, 'yearFrom' | 'yearTo' | 'orUndated' | 'undated'>): Filter {
  if (f.undated) return [UNDATED];
  const from = f.yearFrom === undefined ? undefined : Math.trunc(f.yearFrom);
  const to = f.yearTo === undefined ? undefined : Math.trunc(f.yearTo);
  if (from === undefined && to === undefined) return [];
  if (!f.orUndated)
    return [...(from === undefined ? [] : [`year >= ${from}`]), ...(to === undefined ? [] : [`year <= ${to}`])];
  const range =
    from !== undefined && to !== undefined
      ? `year ${from} TO ${to}`
      : from !== undefined
        ? `year >= ${from}`
        : `year <= ${to}`;
  return [[range, ...UNDATED]];
}

/** A Meilisearch filter: top-level entries are ANDed, entries of an inner array ORed. */
export type Filter = (string | string[])[];

/** Quotes a value for a Meilisearch filter string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const anyOf = (field: string, values: readonly string[]) => values.map((v) => `${field} = ${quote(v)}`);
/** Not an agenda: NOT IN keeps the documents whose type is null or absent. */
const NO_AGENDA = `docType NOT IN [${AGENDA_TYPES.map(quote).join(', ')}]`;

export function itemFilter(f: ItemFilters): Filter {
  const out: Filter = [];
  if (f.body?.length) out.push(anyOf('body', f.body));
  if (f.type?.length) out.push(anyOf('docType', f.type));
  if (f.agendas === false) out.push(NO_AGENDA);
  if (f.topics?.length) {
    if (f.topicsMode === 'all') for (const t of f.topics) out.push(`topics = ${quote(t)}`);
    else out.push(anyOf('topics', f.topics));
  }
  if (f.municipality?.length) out.push(anyOf('municipalities', f.municipality));
  if (f.present?.length) out.push(anyOf('municipalitiesPresent', f.present));
  out.push(...yearClauses(f));
  if (f.noBody) out.push(NO_BODY);
  if (f.otherThanBody?.length) out.push(`body NOT IN [${f.otherThanBody.map(quote).join(', ')}]`, ...KNOWN_BODY);
  if (f.outsideYears)
    out.push([`year < ${Math.trunc(f.outsideYears.from)}`, `year > ${Math.trunc(f.outsideYears.to)}`]);
  if (f.year !== undefined) out.push(`year = ${Math.trunc(f.year)}`);
  const dayFrom = epochDay(f.dateFrom);
  const dayTo = epochDay(f.dateTo);
  if (dayFrom !== null) out.push(`meetingDay >= ${dayFrom}`);
  if (dayTo !== null) out.push(`meetingDay <= ${dayTo}`);
  if (f.hasDecision !== undefined) out.push(`hasDecision = ${f.hasDecision ? 'true' : 'false'}`);
  if (f.protocolId) out.push(`protocolId = ${quote(f.protocolId)}`);
  if (f.caseNumber?.length)
    out.push(
      anyOf(
        'caseKeys',
        f.caseNumber.map((c) => caseNumberKey(c) ?? c.trim().toUpperCase()),
      ),
    );
  if (f.caseKeys?.length) out.push(anyOf('caseKeys', f.caseKeys));
  return out;
}

/** The protocols index has the meeting's municipalities present, not items' mentions. */
export function protocolFilter(
  f: Pick<
    ItemFilters,
    'body' | 'type' | 'agendas' | 'yearFrom' | 'yearTo' | 'municipality' | 'topics' | 'orUndated' | 'undated' | 'noBody'
  >,
): Filter {
  const out: Filter = [];
  if (f.body?.length) out.push(anyOf('body', f.body));
  if (f.type?.length) out.push(anyOf('docType', f.type));
  if (f.agendas === false) out.push(NO_AGENDA);
  out.push(...yearClauses(f));
  if (f.noBody) out.push(NO_BODY);
  if (f.municipality?.length) out.push(anyOf('municipalitiesPresent', f.municipality));
  if (f.topics?.length) out.push(anyOf('topics', f.topics));
  return out;
}

/** The fields of a stored item the same filters read, for `itemMatcher`. */
export interface FilterableItem {
  body: string | null;
  docType: string | null;
  topics: readonly string[];
  municipalities: readonly string[];
  municipalitiesPresent: readonly string[];
  year: number | null;
  meetingDay: number | null;
  hasDecision: boolean;
  protocolId: string;
}

/**
 * The same filters as a predicate over items held in memory (keyness sums word counts in the API
 * process rather than fetching every matching item). Meant to agree with `itemFilter` exactly: a
 * contract test runs both over one corpus.
 */
export function itemMatcher(f: ItemFilters): (item: FilterableItem) => boolean {
  const tests: ((i: FilterableItem) => boolean)[] = [];
  const some = (values: readonly string[], have: readonly string[]) => values.some((v) => have.includes(v));
  const known = (i: FilterableItem) => i.body !== null && i.body !== '' && i.body !== UNKNOWN_BODY;
  if (f.body?.length) tests.push((i) => i.body !== null && f.body!.includes(i.body));
  if (f.type?.length) tests.push((i) => i.docType !== null && f.type!.includes(i.docType));
  if (f.agendas === false) tests.push((i) => !isAgendaType(i.docType));
  if (f.topics?.length)
    tests.push(
      f.topicsMode === 'all' ? (i) => f.topics!.every((t) => i.topics.includes(t)) : (i) => some(f.topics!, i.topics),
    );
  if (f.municipality?.length) tests.push((i) => some(f.municipality!, i.municipalities));
  if (f.present?.length) tests.push((i) => some(f.present!, i.municipalitiesPresent));
  if (f.undated) tests.push((i) => i.year === null);
  else if (f.yearFrom !== undefined || f.yearTo !== undefined) {
    const from = f.yearFrom === undefined ? -Infinity : Math.trunc(f.yearFrom);
    const to = f.yearTo === undefined ? Infinity : Math.trunc(f.yearTo);
    tests.push((i) => (i.year === null ? !!f.orUndated : i.year >= from && i.year <= to));
  }
  if (f.noBody) tests.push((i) => !known(i));
  if (f.otherThanBody?.length) tests.push((i) => known(i) && !f.otherThanBody!.includes(i.body!));
  if (f.outsideYears) {
    const { from, to } = f.outsideYears;
    tests.push((i) => i.year !== null && (i.year < Math.trunc(from) || i.year > Math.trunc(to)));
  }
  if (f.year !== undefined) tests.push((i) => i.year === Math.trunc(f.year!));
  const dayFrom = epochDay(f.dateFrom);
  const dayTo = epochDay(f.dateTo);
  if (dayFrom !== null) tests.push((i) => i.meetingDay !== null && i.meetingDay >= dayFrom);
  if (dayTo !== null) tests.push((i) => i.meetingDay !== null && i.meetingDay <= dayTo);
  if (f.hasDecision !== undefined) tests.push((i) => i.hasDecision === f.hasDecision);
  if (f.protocolId) tests.push((i) => i.protocolId === f.protocolId);
  return (item) => tests.every((t) => t(item));
}
