/** The meeting fields of a protocol's documents, derived once from its metadata (see MeetingShape in schemas.ts). */
import { epochDay, yearOf } from './dates.js';
import type { Meeting } from './schemas.js';

/** Body, organisation, type and date as metadata read them, with the day number and year the index filters on. */
export function meetingOf(meta: Pick<Meeting, 'body' | 'organisation' | 'docType' | 'meetingDate'>): Meeting {
  return {
    body: meta.body,
    organisation: meta.organisation,
    docType: meta.docType,
    meetingDate: meta.meetingDate,
    meetingDay: epochDay(meta.meetingDate),
    year: yearOf(meta.meetingDate),
  };
}
