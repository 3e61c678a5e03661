/**
 * The data model shared by the ingest worker, the index and the API.
 *
 * Stage values (Page, ProtocolMeta, AgendaItem, ...) are what the pure ingest
 * stages produce; ItemDocument and ProtocolDocument are what Meilisearch stores.
 * Types are inferred from the zod schemas so the API's OpenAPI document and the
 * runtime checks cannot drift from the code.
 */
import { z } from 'zod';

/**
 * One line of a page in reading order (top to bottom, left to right). From a
 * PDF it carries its geometry: x and y of its left top in points from the
 * page's top left, font size, and the font (pdf.js's per-document font id,
 * so two lines in the same font and size share a style). A form table's row is
 * one line whose columns are `cells` ("Organ" | "Välfärdsnämnden"). Lines of a
 * .txt/.md page carry no geometry.
 */
export interface PageLine {
  readonly text: string;
  readonly cells?: readonly string[];
  readonly x?: number;
  readonly y?: number;
  readonly size?: number;
  readonly font?: string;
}

/** One page of extracted text; `number` is 1-based, as printed in a PDF viewer. */
export interface Page {
  readonly number: number;
  /** The page's plain text (pdf.js content order, columns joined by tabs), as searched. */
  readonly text: string;
  /** The text was recognised from the page image (OCR), not read from a text layer. */
  readonly ocr?: boolean;
  /** Mean OCR word confidence of the page, 0-100 (with `ocr`). */
  readonly confidence?: number;
  /** The page's lines in reading order, when the extractor knows them. */
  readonly lines?: readonly PageLine[];
  /** Page height in points (PDF only), for running-header bands. */
  readonly height?: number;
}

/** Something a stage noticed but could work around (shown per protocol, never fatal). */
export interface Warning {
  readonly code: string;
  readonly message: string;
  readonly page?: number;
}

/** What every pure stage returns: its value plus what it noticed. */
export interface StageResult<T> {
  readonly value: T;
  readonly warnings: readonly Warning[];
}

export const ProtocolId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/)
  .brand<'ProtocolId'>();
export type ProtocolId = z.infer<typeof ProtocolId>;

export const ItemId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,120}$/)
  .brand<'ItemId'>();
export type ItemId = z.infer<typeof ItemId>;

/**
 * Dokumenttyp: what a document is: minutes of a meeting (protokoll, minnes- or mötesanteckningar), or the papers sent before
 * it (kallelse, föredragningslista), whose "Förslag" are proposals, not yet decisions.
 */
export const DocType = z.enum([
  'protokoll',
  'minnesanteckningar',
  'mötesanteckningar',
  'föredragningslista',
  'kallelse',
]);
export type DocType = z.infer<typeof DocType>;

/** The twelve municipalities (kommuner) of Örebro län, in official order. */
export const MUNICIPALITIES = [
  'Askersund',
  'Degerfors',
  'Hallsberg',
  'Hällefors',
  'Karlskoga',
  'Kumla',
  'Laxå',
  'Lekeberg',
  'Lindesberg',
  'Ljusnarsberg',
  'Nora',
  'Örebro',
] as const;
export const Municipality = z.enum(MUNICIPALITIES);
export type Municipality = z.infer<typeof Municipality>;

/** Närvarande ledamot / ersättare / övrig närvarande. */
export const AttendeeRole = z.enum(['ledamot', 'ersättare', 'övrig', 'okänd']);
export type AttendeeRole = z.infer<typeof AttendeeRole>;

export const Attendee = z.object({
  name: z.string(),
  role: AttendeeRole,
  /** As written after the name: "Karlskoga", "Region Örebro län", "områdeschef Psykiatri". */
  organisation: z.string().nullable(),
  municipality: Municipality.nullable(),
  /** Region Örebro län (the region, not Örebro kommun). */
  region: z.boolean(),
  /**
   * False when struck through in the list, reported absent in the text ("har anmält frånvaro"), or left unticked
   * in an attendance form ("[ ] Eklund Karita").
   */
  present: z.boolean(),
  absence: z.enum(['struck-through', 'reported-absent', 'not-ticked']).nullable(),
  /** Qualifiers such as "punkt 6", "dag 2", "deltar del av mötet". */
  note: z.string().nullable(),
});
export type Attendee = z.infer<typeof Attendee>;

export const DateStatus = z.enum([
  /** An ISO date was written in the text. */
  'explicit',
  /** Day and month written, year taken from another date in the document. */
  'inferred-year',
  /** No recognisable date: indexed without one and flagged, never guessed. */
  'missing',
]);
export type DateStatus = z.infer<typeof DateStatus>;

/** Where the meeting date was read, so a reader can judge it. */
export const DateSource = z.enum([
  /** A labelled head field: "Sammanträdesdatum", "Tid och plats", "Datum:". */
  'label',
  /** The running header every page repeats. */
  'header',
  /** The title line ("Protokoll styrgrupp äldre den 4 november 2021"). */
  'title',
  /** Another date in the head that nothing marks as justering, anslag or the like (a weekday-and-date sentence). */
  'head',
  /** The source file's name, when the text states no meeting date: the last resort. */
  'filename',
]);
export type DateSource = z.infer<typeof DateSource>;

/**
 * The meeting a protocol records and each of its items belongs to: defined once here and carried,
 * the same, by ProtocolMeta (what metadata reads), ItemDocument and ProtocolDocument (what is stored)
 * and every answer that names a meeting. `meetingDay` and `year` are derived from `meetingDate`
 * (domain/meeting.ts).
 */
export const MeetingShape = {
  /**
   * Organ: the body's canonical name ("Socialnämnden"), furniture, numbers, dates, names and the
   * organisation stripped (domain/bodies.ts); "Okänt organ" when it cannot be told. Null only in
   * documents indexed before bodies were canonical.
   */
  body: z.string().nullable(),
  /** The kommun, region, authority or association the body belongs to ("Nykarleby stad", "Region Örebro län"). */
  organisation: z.string().nullable(),
  docType: DocType.nullable(),
  /** Mötesdatum, ISO yyyy-mm-dd (the first day of a multi-day meeting). */
  meetingDate: z.iso.date().nullable(),
  /** Meeting date as days since 1970-01-01, for range filters and sorting; null when missing. */
  meetingDay: z.number().int().nullable(),
  year: z.number().int().nullable(),
};
export const Meeting = z.object(MeetingShape);
export type Meeting = z.infer<typeof Meeting>;

export const ProtocolMeta = z.object({
  /** The body's canonical name (see MeetingShape); "Okänt organ" when it cannot be told, never null. */
  body: z.string(),
  /** The body's heading, field or running header as written ("PROTOKOLL 1(40) Socialnämnden"); null when none was found. */
  bodyAsWritten: z.string().nullable(),
  organisation: MeetingShape.organisation,
  docType: MeetingShape.docType,
  meetingDate: MeetingShape.meetingDate,
  dateStatus: DateStatus,
  /** Where the meeting date was read; null without a date. */
  dateSource: DateSource.nullable(),
  /** Tid, as written ("13.00-16.00"). */
  time: z.string().nullable(),
  /** Plats. */
  place: z.string().nullable(),
  /** Sekreterare, ordförande, justerare. */
  secretary: z.string().nullable(),
  chair: z.string().nullable(),
  adjuster: z.string().nullable(),
  attendees: z.array(Attendee),
  /** Municipalities with at least one present attendee; null where the list names none. */
  municipalitiesPresent: z.array(Municipality).nullable(),
  regionPresent: z.boolean(),
});
export type ProtocolMeta = z.infer<typeof ProtocolMeta>;

/**
 * The proposal (förslag) a decision approves without restating it ("Enligt förslag.",
 * "i enlighet med förslaget", "Förslaget godkändes"): its verbatim text from the
 * same item (or from the recited earlier handling the decision belongs to).
 */
export const Proposal = z.object({
  text: z.string(),
  page: z.number().int().positive(),
  /** Whose proposal, as written ("Stadsdirektör Martin Norrgård", "Arbetsutskottet"). */
  by: z.string().optional(),
});
export type Proposal = z.infer<typeof Proposal>;

/** Beslut: substantive (the body decides or takes a stance) or routine procedure. */
export const Decision = z.object({
  text: z.string(),
  kind: z.enum(['substantive', 'routine']),
  page: z.number().int().positive(),
  /** The proposal the decision approves, when it only refers to it. */
  proposal: Proposal.optional(),
});
export type Decision = z.infer<typeof Decision>;

/** One piece of evidence for a topic: a term as written in the item, and where it stood. */
export const TopicMention = z.object({
  text: z.string(),
  where: z.enum(['title', 'decision', 'text']),
});
export type TopicMention = z.infer<typeof TopicMention>;

/** A topic (ämne) tagged on an agenda item, with why. */
export const TopicTag = z.object({
  /** Taxonomy id, e.g. "nara-vard". */
  id: z.string(),
  /** Swedish label, e.g. "nära vård"; this is the facet value. */
  label: z.string(),
  /** Strength of evidence; tagging thresholds apply to it. */
  score: z.number(),
  /** The matched phrases as they stand in the text. */
  evidence: z.array(z.string()),
  /** The evidence with where it stood (title, decision, text), title first: "taggad för: …". */
  mentions: z.array(TopicMention),
});
export type TopicTag = z.infer<typeof TopicTag>;

/** A diarienummer of an item: as written, and the key that matches it in other meetings. */
export const CaseNumber = z.object({
  /** As written, without its label ("KS 2019/0123"). */
  written: z.string(),
  /** "KS-2019-123": letters upper case, numbers without leading zeros, years in four digits. */
  key: z.string(),
});
export type CaseNumber = z.infer<typeof CaseNumber>;

/** Uppdrag: a task someone was given (at this meeting, or recited from an earlier one). */
export const Assignment = z.object({
  /** The sentence(s) that give the task, as written. */
  sentence: z.string(),
  /** Who gave it: the body, as written; null when the text does not say. */
  giver: z.string().nullable(),
  /** Who is to do it (person, role, group), as written; null when nobody is named. */
  assignee: z.string().nullable(),
  /** What is to be done: the task clause. */
  task: z.string(),
  /** When, as written ("nästa möte", "senast den 30 juni", "till hösten"); null when not said. */
  due: z.string().nullable(),
  /** The due date when it resolves against the meeting date (ISO); null otherwise. */
  dueDate: z.iso.date().nullable(),
  page: z.number().int().positive(),
  /** Recited from an earlier handling or another body, not given at this meeting. */
  recited: z.boolean(),
});
export type Assignment = z.infer<typeof Assignment>;

/** Återrapport: a passage reporting on an earlier task. */
export const ReportBack = z.object({
  sentence: z.string(),
  page: z.number().int().positive(),
  /** The assignment of the same item it answers (its index in the item's assignments), when recited there. */
  answersInItem: z.number().int().nonnegative().nullable(),
});
export type ReportBack = z.infer<typeof ReportBack>;

/** Dagordningspunkt: one agenda item of a protocol. */
export const AgendaItem = z.object({
  /** 0-based position in the document; with the protocol id, the item's stable id. */
  ordinal: z.number().int().nonnegative(),
  /** As numbered in the document: "7", "3 a", "§ 12"; "" for an unnumbered item. */
  number: z.string(),
  title: z.string(),
  /** Body text, normalised, without the title line. */
  text: z.string(),
  /** PDF pages (1-based) the item spans. */
  pages: z.array(z.number().int().positive()).min(1),
  /** Föredragande: who presented the item. */
  presenters: z.array(z.string()),
  /** Municipalities mentioned in the item's title or text. */
  municipalities: z.array(Municipality),
  decisions: z.array(Decision),
  topics: z.array(TopicTag),
  /** Diarienummer of the item (the pipeline always sets them; optional for stages before the cases stage). */
  caseNumbers: z.array(CaseNumber).optional(),
  /** Uppdrag given or recited in the item. */
  assignments: z.array(Assignment).optional(),
  /** Passages that report back on an earlier task. */
  reportBacks: z.array(ReportBack).optional(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

/** One stored Meilisearch document per agenda item: the search unit. */
export const ItemDocument = z.object({
  id: ItemId,
  protocolId: ProtocolId,
  sourceFile: z.string(),
  /** Where a harvested protocol was published (the file's URL) and the listing page that linked it. */
  sourceUrl: z.url().optional(),
  listingUrl: z.url().optional(),
  ...MeetingShape,
  itemOrdinal: z.number().int().nonnegative(),
  itemNumber: z.string(),
  title: z.string(),
  text: z.string(),
  /** First PDF page of the item. */
  page: z.number().int().positive(),
  pages: z.array(z.number().int().positive()),
  /** Where in `text` each PDF page begins, for the page of a match; absent in documents written before it existed. */
  pageStarts: z
    .array(z.object({ offset: z.number().int().nonnegative(), page: z.number().int().positive() }))
    .optional(),
  presenters: z.array(z.string()),
  municipalities: z.array(Municipality),
  municipalitiesPresent: z.array(Municipality),
  /** Topic labels (facet values). */
  topics: z.array(z.string()),
  topicEvidence: z.array(TopicTag),
  decisions: z.array(Decision),
  /** Substantive decision texts joined, searchable on their own. */
  decisionText: z.string(),
  hasDecision: z.boolean(),
  hasRoutineDecision: z.boolean(),
  /** Derived, and the one field searched: folded Swedish stems, compound parts and synonym concepts of title and text. */
  stems: z.string(),
  /** Derived, read by the timeline: the distinct terms of the title, then of each substantive decision. */
  aboutStems: z.array(z.string()),
  /** Derived, read by the timeline: the terms that occur at least twice in `stems`. */
  repeatedStems: z.string(),
  /** Derived, read by keyness: content words as written with their counts ("pandemin:3 Zoom"). */
  termCounts: z.string(),
  wordCount: z.number().int().nonnegative(),
  /** Diarienummer as written (a facet); optional in documents indexed before they existed. */
  caseNumbers: z.array(z.string()).optional(),
  /** Their matching keys (the `caseNumber` filter and matter threads match on these). */
  caseKeys: z.array(z.string()).optional(),
  /** Uppdrag given or recited in the item. */
  assignments: z.array(Assignment).optional(),
  /** Passages that report back on an earlier task. */
  reportBacks: z.array(ReportBack).optional(),
  /** Filterable: the item holds an assignment / a report-back. */
  hasAssignment: z.boolean().optional(),
  hasReportBack: z.boolean().optional(),
  /** Some of the item's pages were read by OCR (scanned): words may be misread. */
  ocr: z.boolean(),
  /** Mean OCR confidence (0-100) of those pages; null without OCR. */
  ocrConfidence: z.number().nullable(),
  contentHash: z.string(),
});
export type ItemDocument = z.infer<typeof ItemDocument>;

/** One stored Meilisearch document per protocol. */
export const ProtocolDocument = z.object({
  id: ProtocolId,
  sourceFile: z.string(),
  /** Where a harvested protocol was published (the file's URL) and the listing page that linked it. */
  sourceUrl: z.url().optional(),
  listingUrl: z.url().optional(),
  /** Derived from the source bytes and the pipeline's manifest: unchanged means skip. */
  contentHash: z.string(),
  /** sha256 of the source bytes alone (duplicate detection, "what changed"). */
  sourceHash: z.string(),
  /** The pipeline's components this protocol was built with (stage, data file, library → digest). */
  pipeline: z.record(z.string(), z.string()),
  /** The taxonomy version that tagged its items (the store's; absent before the store tagged it) and its digest. */
  taxonomyVersion: z.number().int().positive().optional(),
  taxonomyDigest: z.string().optional(),
  ...MeetingShape,
  /** The body as the protocol writes it (see ProtocolMeta); absent on protocols indexed before it was kept. */
  bodyAsWritten: z.string().nullable().optional(),
  dateStatus: DateStatus,
  dateSource: DateSource.nullable(),
  time: z.string().nullable(),
  place: z.string().nullable(),
  secretary: z.string().nullable(),
  chair: z.string().nullable(),
  adjuster: z.string().nullable(),
  attendees: z.array(Attendee),
  municipalitiesPresent: z.array(Municipality),
  /** True when the attendance list names municipalities at all. */
  hasAttendanceByMunicipality: z.boolean(),
  regionPresent: z.boolean(),
  itemCount: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  topics: z.array(z.string()),
  hasDecision: z.boolean(),
  /** Some pages were read by OCR (no text layer). */
  ocr: z.boolean(),
  /** The pages read by OCR (1-based). */
  ocrPages: z.array(z.number().int().positive()),
  /** Mean OCR confidence (0-100) over those pages; null without OCR. */
  ocrConfidence: z.number().nullable(),
  /** Personnummer redacted before indexing. */
  redactions: z.number().int().nonnegative(),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), page: z.number().optional() })),
  /** ISO timestamp of the ingest. */
  ingestedAt: z.string(),
});
export type ProtocolDocument = z.infer<typeof ProtocolDocument>;

/** A file the worker set aside, with why (kept in the failures index, shown by the API). */
export const IngestFailure = z.object({
  id: z.string(),
  sourceFile: z.string(),
  kind: z.enum([
    'corrupt',
    'encrypted',
    'empty',
    'no-text-layer',
    'not-a-protocol',
    'bad-encoding',
    'too-large',
    'timeout',
    'too-complex',
    'unsupported-type',
    'index-error',
  ]),
  /** Swedish, for people: what is wrong and what to do. */
  reason: z.string(),
  at: z.string(),
});
export type IngestFailure = z.infer<typeof IngestFailure>;
