/**
 * Validated filter parameters → Meilisearch filter expressions. The only place
 * filters are built: every value is quoted and escaped, so a value such as
 * `x" OR year > 0` stays a literal and cannot change the expression.
 */
import { epochDay } from '../../domain/dates.js';

/** Filters shared by search, timeline, decisions and trends. */
export interface ItemFilters {
  body?: readonly string[] | undefined;
  type?: readonly string[] | undefined;
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
}

/** A Meilisearch filter: top-level entries are ANDed, entries of an inner array ORed. */
export type Filter = (string | string[])[];

/** Quotes a value for a Meilisearch filter string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const anyOf = (field: string, values: readonly string[]) => values.map((v) => `${field} = ${quote(v)}`);

export function itemFilter(f: ItemFilters): Filter {
  const out: Filter = [];
  if (f.body?.length) out.push(anyOf('body', f.body));
  if (f.type?.length) out.push(anyOf('docType', f.type));
  if (f.topics?.length) {
    if (f.topicsMode === 'all') for (const t of f.topics) out.push(`topics = ${quote(t)}`);
    else out.push(anyOf('topics', f.topics));
  }
  if (f.municipality?.length) out.push(anyOf('municipalities', f.municipality));
  if (f.present?.length) out.push(anyOf('municipalitiesPresent', f.present));
  if (f.yearFrom !== undefined) out.push(`year >= ${Math.trunc(f.yearFrom)}`);
  if (f.yearTo !== undefined) out.push(`year <= ${Math.trunc(f.yearTo)}`);
  if (f.year !== undefined) out.push(`year = ${Math.trunc(f.year)}`);
  const dayFrom = epochDay(f.dateFrom);
  const dayTo = epochDay(f.dateTo);
  if (dayFrom !== null) out.push(`meetingDay >= ${dayFrom}`);
  if (dayTo !== null) out.push(`meetingDay <= ${dayTo}`);
  if (f.hasDecision !== undefined) out.push(`hasDecision = ${f.hasDecision ? 'true' : 'false'}`);
  if (f.protocolId) out.push(`protocolId = ${quote(f.protocolId)}`);
  return out;
}

/** The protocols index has the meeting's municipalities present, not items' mentions. */
export function protocolFilter(
  f: Pick<ItemFilters, 'body' | 'type' | 'yearFrom' | 'yearTo' | 'municipality' | 'topics'>,
): Filter {
  const out: Filter = [];
  if (f.body?.length) out.push(anyOf('body', f.body));
  if (f.type?.length) out.push(anyOf('docType', f.type));
  if (f.yearFrom !== undefined) out.push(`year >= ${Math.trunc(f.yearFrom)}`);
  if (f.yearTo !== undefined) out.push(`year <= ${Math.trunc(f.yearTo)}`);
  if (f.municipality?.length) out.push(anyOf('municipalitiesPresent', f.municipality));
  if (f.topics?.length) out.push(anyOf('topics', f.topics));
  return out;
}
