/**
 * Dates, in one time zone: Europe/Stockholm, where the meetings are held and
 * the readers sit. A meeting date is a calendar date (ISO yyyy-mm-dd, no
 * time); day numbers (days since 1970-01-01) let Meilisearch filter and sort
 * by it; instants (an export's time, "today") are shown as a Swedish clock
 * shows them, whatever the server's or the browser's own time zone.
 * Browser-safe: the UI formats with the same functions.
 */
import { lazily } from './lazy.js';

export const TIME_ZONE = 'Europe/Stockholm';

/** The months' Swedish names, lower case, January first: how protocols write a date and how the UI names a month. */
export const SWEDISH_MONTHS: readonly string[] = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date (`2022-10-13` → 19278), or null for none or a malformed one. */
export function epochDay(isoDate: string | null | undefined): number | null {
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return null;
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(ms) ? null : Math.round(ms / MS_PER_DAY);
}

/** The ISO date of a day number (19278 → `2022-10-13`). */
export const isoOfDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** The year of an ISO date, or null. */
export const yearOf = (isoDate: string | null | undefined): number | null =>
  isoDate && /^\d{4}-/.test(isoDate) ? Number(isoDate.slice(0, 4)) : null;

/**
 * A formatter in Stockholm's time zone, made on first use: the first DateTimeFormat with a time zone loads
 * ICU's zone data (~20 ms), which a process that formats no date (an ingest run with nothing to do) need not pay.
 */
const stockholmFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  lazily(() => new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE }));

const longDate = stockholmFormat('sv-SE', { year: 'numeric', month: 'long', day: 'numeric' });

/**
 * A meeting date as a Swedish reader writes it: `2022-10-13` → "13 oktober 2022"; "odaterat" without
 * one. Formatted at noon UTC, which is the same calendar day in Stockholm in summer and winter alike.
 */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return 'odaterat';
  const ms = Date.parse(`${isoDate}T12:00:00Z`);
  return Number.isNaN(ms) ? isoDate : longDate().format(ms);
}

const parts = stockholmFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function stockholmParts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of parts().formatToParts(at)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** The calendar date in Stockholm at an instant, ISO (`2024-03-31` at 2024-03-30T23:30Z). */
export function stockholmDate(at: Date = new Date()): string {
  const p = stockholmParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as a Stockholm clock shows it, for people: "2024-03-31 01:30". */
export function stockholmTime(at: Date = new Date()): string {
  const p = stockholmParts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
