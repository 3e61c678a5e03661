/**
 * Progress of an ingest as log lines, for output that is not a terminal (a
 * container log, a service journal, `npm start` piped): where a progress bar
 * cannot redraw, a long start-up ingest used to print nothing between
 * "Ingesting…" and "Ingest done". One line after the first file, then at most
 * one every few seconds: files done of all, pages, pages per second, and an
 * estimate of the time left.
 */
import type { ProgressEvent } from './run.js';

export interface ProgressLineOptions {
  /** The least time between two lines (default 5 s). */
  everyMs?: number;
  /** The clock, in ms (tests pass their own). */
  now?: () => number;
}

const seconds = (s: number) =>
  s < 90 ? `${Math.max(1, Math.round(s))} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;

/** A progress listener writing lines to `log`; the last file and the summary are left to the caller's own line. */
export function progressLines(
  log: (line: string) => void,
  { everyMs = 5_000, now = () => performance.now() }: ProgressLineOptions = {},
): (event: ProgressEvent) => void {
  let total = 0;
  let done = 0;
  let failed = 0;
  let pages = 0;
  let started = 0;
  let last = Number.NEGATIVE_INFINITY;
  return (event) => {
    if (event.type === 'start') {
      total = event.total;
      started = now();
      return;
    }
    if (event.type !== 'file') return;
    done++;
    pages += event.pages;
    if (event.status === 'failed') failed++;
    const at = now();
    if (done === total || at - last < everyMs) return;
    last = at;
    const elapsed = Math.max(0.001, (at - started) / 1000);
    const left = ((total - done) * elapsed) / done;
    log(
      `Ingest: ${done}/${total} files (${Math.floor((done / Math.max(1, total)) * 100)} %), ${pages} pages, ` +
        `${(pages / elapsed).toFixed(0)} pages/s${failed ? `, ${failed} failed` : ''}, about ${seconds(left)} left`,
    );
  };
}
