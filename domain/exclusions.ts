/**
 * What a trend leaves out of every point, and why, in Swedish: the one wording the chart, its table,
 * its exports and their "Om datat" share (src/search/trends.ts counts; public/src/views/trends.ts and
 * src/search/trends-export.ts show). Browser-safe.
 */
import { agendaNoun } from './doc-types.js';

/**
 * - undated: minutes without a meeting date, in no year;
 * - no-body: under a body filter, minutes without a body, which no body filter can reach;
 * - agenda: kallelser and föredragningslistor, the papers sent before a meeting: their items come
 *   back in the meeting's minutes, so counted beside them a meeting and its items would count twice.
 */
export const EXCLUSION_REASONS = ['undated', 'no-body', 'agenda'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Short, for a table's note column ("utan datum: ingår inte i något år"). */
export const EXCLUSION_LABELS: Readonly<Record<ExclusionReason, string>> = {
  undated: 'utan datum',
  'no-body': 'utan organ',
  agenda: agendaNoun(2),
};

/** Why the items are not counted, after their label or their counts. */
export const EXCLUSION_WHY: Readonly<Record<ExclusionReason, string>> = {
  undated: 'ingår inte i något år',
  'no-body': 'ingår inte: inget organfilter når dem',
  agenda: 'räknas inte: ett möte räknas efter sitt protokoll',
};

/** The documents of a reason, one and many. */
const DOCUMENTS: Readonly<Record<ExclusionReason, readonly [string, string]>> = {
  undated: ['protokoll utan datum', 'protokoll utan datum'],
  'no-body': ['protokoll utan organ', 'protokoll utan organ'],
  agenda: [agendaNoun(1), agendaNoun(2)],
};

/**
 * "63 dagordningspunkter i 39 protokoll utan datum ingår inte i något år"; `num` writes a count (the
 * UI's groups its digits).
 */
export function exclusionSummary(
  e: { reason: ExclusionReason; items: number; protocols: number },
  num: (n: number) => string = String,
): string {
  const [one, many] = DOCUMENTS[e.reason];
  const items = `${num(e.items)} ${e.items === 1 ? 'dagordningspunkt' : 'dagordningspunkter'}`;
  return `${items} i ${num(e.protocols)} ${e.protocols === 1 ? one : many} ${EXCLUSION_WHY[e.reason]}`;
}
