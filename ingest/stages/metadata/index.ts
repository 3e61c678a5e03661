/**
 * Metadata of a protocol from its normalised pages and its layout: organ
 * (body) and organisation, dokumenttyp, mötesdatum (in every shape the genre
 * uses, with where it came from), tid, plats, sekreterare, ordförande,
 * justerare, närvarande with role and organisation, and the municipalities
 * present. Absence is read from strike-through (when the source kept it) and
 * from the text itself, since a PDF loses strike-through. A date that cannot
 * be found is left out and flagged, never guessed.
 */
import { canonicalBody, UNKNOWN_BODY } from '../../../domain/bodies.js';
import type { Attendee, Page, ProtocolMeta, StageResult, Warning } from '../../../domain/schemas.js';
import { MUNICIPALITIES } from '../../../domain/schemas.js';
import type { StruckSpan } from '../normalise.js';
import type { Layout } from '../layout/index.js';
import { findMeetingDate, findTime } from './dates.js';
import { chairInline, chooseBody, findDocType, findOrganisation, findPlace, findRolePerson, isName } from './fields.js';
import {
  absentByNote,
  findReportedAbsent,
  inSpokenOrder,
  parseAttendeeLine,
  parseAttendees,
  sameName,
} from './attendees.js';

export { parseSwedishDate } from './dates.js';
export { findReportedAbsent } from './attendees.js';

export const VERSION = 'metadata@37';

/** What metadata needs from the layout stage: where the head ends, the form fields, the running headers. */
export type MetadataLayout = Pick<Layout, 'headLines' | 'fields' | 'running'>;

export function extractMetadata(
  pages: readonly Page[],
  struck: readonly StruckSpan[],
  layout: MetadataLayout,
  origin: { file?: string | null } = {},
): StageResult<ProtocolMeta> {
  const warnings: Warning[] = [];
  const fullText = pages.map((p) => p.text).join('\n');
  const lines = fullText.split('\n');
  const header = lines.slice(0, layout.headLines);
  const { fields, running } = layout;

  const {
    date,
    status,
    time,
    source,
    warnings: dateWarnings,
  } = findMeetingDate(header, fullText, {
    fields,
    running: running.filter((r) => r.top).map((r) => r.text),
    file: origin.file ?? null,
  });
  warnings.push(...dateWarnings);
  if (status === 'missing')
    warnings.push({ code: 'date-missing', message: 'Inget mötesdatum hittades; protokollet indexeras utan datum.' });
  if (status === 'inferred-year')
    warnings.push({
      code: 'date-year-inferred',
      message: `Året i mötesdatumet ${date} är härlett ur andra datum i dokumentet.`,
    });

  const struckTexts = struck.map((s) => s.text.toLowerCase());
  const absent = findReportedAbsent(fullText);
  const attendees: Attendee[] = inSpokenOrder(parseAttendees(header), header).map(({ ticked, ...a }) => {
    const isStruck = struckTexts.some((s) => s === a.name.toLowerCase() || s.startsWith(`${a.name.toLowerCase()}`));
    // Reported absent in the text, or by a note on the person's row: "Lisa Holm, Hallsberg (ej närvarande)".
    const reported = absent.some((n) => sameName(a.name, n)) || absentByNote(a.note);
    const unticked = ticked === false;
    return {
      ...a,
      present: !isStruck && !reported && !unticked,
      absence: isStruck ? 'struck-through' : reported ? 'reported-absent' : unticked ? 'not-ticked' : null,
    };
  });
  // Rows struck through in the list are gone from the text: list them as absent, with the
  // role the list gives people of their kind (municipality, region, other).
  const kind = (a: { municipality: unknown; region: boolean }) =>
    a.municipality !== null ? 'municipality' : a.region ? 'region' : 'other';
  for (const span of struck) {
    if (span.row === undefined) continue;
    const parsed = parseAttendeeLine(span.row, 'okänd');
    if (!parsed || !isName(parsed.name) || attendees.some((a) => a.name === parsed.name)) continue;
    const roles = attendees.filter((a) => kind(a) === kind(parsed)).map((a) => a.role);
    const role = roles.length > 0 && roles.every((r) => r === roles[0]) ? roles[0]! : 'okänd';
    attendees.push({ ...parsed, role, present: false, absence: 'struck-through' });
  }
  const byMunicipality = attendees.some((a) => a.municipality !== null);
  const present = new Set(attendees.filter((a) => a.present && a.municipality).map((a) => a.municipality!));
  const municipalitiesPresent = byMunicipality ? MUNICIPALITIES.filter((m) => present.has(m)) : null;

  const body = chooseBody(header, { fields, running });
  // The chair ("ordförande", "ordf."), not a vice chair listed before them ("Per Berg (M), vice ordförande"), nor
  // another body's chair attending ("Carola Sundqvist, stadsfullmäktiges ordförande" at the stadsstyrelse).
  const othersChair = (role: string) => {
    const of = role.match(/(\p{L}+)s\s+ordf/iu)?.[1]?.toLowerCase();
    return of !== undefined && !(body.body ?? '').toLowerCase().includes(of);
  };
  const chairFromList =
    attendees.find((a) => {
      const role = `${a.organisation ?? ''} ${a.note ?? ''}`;
      return /(?<!vice\s*)ordf(?:örande|\.)?(?![\p{L}])/iu.test(role) && !othersChair(role);
    })?.name ?? null;
  warnings.push(...body.warnings);
  const organisation = findOrganisation(
    header,
    running.map((r) => r.text),
  );
  const secretary = findRolePerson(header, /sekreterare|protokollförare|vid protokollet/);
  const chair = chairInline(header) ?? chairFromList ?? findRolePerson(header, /ordförande/);
  const adjuster = findRolePerson(header, /utses att justera|justerare|justeras av|justerande/);
  // The body's name alone: furniture, numbers, dates, the organisation and the people named stripped.
  const names = [...attendees.map((a) => a.name), secretary, chair, adjuster].filter((n): n is string => !!n);
  const canonical = canonicalBody(body.body, { organisation, names });
  const meta: ProtocolMeta = {
    body: canonical ?? UNKNOWN_BODY,
    bodyAsWritten: body.body,
    organisation,
    docType: findDocType(header),
    meetingDate: date,
    dateStatus: status,
    dateSource: source,
    time: time ?? findTime(header),
    place: findPlace(header),
    secretary,
    chair,
    adjuster,
    attendees,
    municipalitiesPresent,
    regionPresent: attendees.some((a) => a.present && a.region),
  };
  if (!canonical)
    warnings.push({
      code: 'body-missing',
      message: body.body
        ? `Organet kunde inte läsas ur "${body.body}"; protokollet förs till ${UNKNOWN_BODY}.`
        : `Organet (mötets namn) hittades inte; protokollet förs till ${UNKNOWN_BODY}.`,
    });
  return { value: meta, warnings };
}
