/**
 * Which document types are the papers sent before a meeting. Browser-safe (a type import only): the web UI
 * marks their items, and the search, trends and coverage count a meeting by its minutes instead.
 */
import type { DocType } from './schemas.js';

/**
 * Kallelse and föredragningslista: their items come back in the meeting's minutes, so counted beside
 * them a meeting and its items would count twice; what reads as a decision in them is a proposal.
 */
export const AGENDA_TYPES = ['kallelse', 'föredragningslista'] as const satisfies readonly DocType[];

/** How many of them, as the views and exports write it: "1 kallelse eller föredragningslista", "2 kallelser och …". */
export const agendaNoun = (n: number): string =>
  n === 1 ? 'kallelse eller föredragningslista' : 'kallelser och föredragningslistor';

/** Whether a document type is one of AGENDA_TYPES. */
export const isAgendaType = (docType: string | null | undefined): boolean =>
  docType !== null && docType !== undefined && (AGENDA_TYPES as readonly string[]).includes(docType);
