/**
 * The ingest pipeline for one file: extraction (bytes → pages, the only
 * asynchronous step), then a fold of the pure text stages over the protocol
 * draft in the order `TEXT_STAGES` lists them, then the index documents.
 * Failures are values. The content hash is derived from the source bytes and
 * the pipeline's manifest (stages, data files, libraries: see fingerprint.ts).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type {
  IngestFailure,
  ItemDocument,
  Page,
  ProtocolDocument,
  ProtocolId,
  Warning,
  ItemId,
  AgendaItem,
} from '../domain/schemas.js';
import { UNKNOWN_BODY } from '../domain/bodies.js';
import { itemTerms } from '../domain/swedish/item-terms.js';
import { countWords } from '../domain/swedish/tokenize.js';
import { meetingOf } from '../domain/meeting.js';
import { contentHashOf, manifestWithOcr, sourceDigest } from './fingerprint.js';
import { extractPages } from './stages/extract.js';
import { TEXT_STAGES } from './stages/index.js';
import { emptyDraft, type ProtocolDraft, type TextStage } from './stages/stage.js';
import { currentOcrFingerprint, itemOcrFields, protocolOcrFields, type OcrSettings } from './ocr/index.js';

export type IngestResult =
  | { ok: true; protocol: ProtocolDocument; items: ItemDocument[]; warnings: readonly Warning[] }
  | { ok: false; failure: IngestFailure };

export interface IngestOptions {
  /** Extraction time limit per file. */
  timeoutMs?: number;
  /** Clock, injectable for tests; defaults to now. */
  now?: () => Date;
  /** OCR of pages without a text layer (OCR_ENABLED, ...); defaults to on with the default limits. */
  ocr?: OcrSettings;
  /** Called before each page is OCR'd. */
  onOcrPage?: (page: number) => void;
}

/**
 * The content hash of a file under the running pipeline: equal hash means nothing to do.
 * `ocrFingerprint` (from `currentOcrFingerprint`) makes a change of OCR engine,
 * model or settings re-ingest.
 */
export function contentHash(bytes: Uint8Array, ocrFingerprint = ''): string {
  return contentHashOf(sourceDigest(bytes), manifestWithOcr(ocrFingerprint));
}

/**
 * Stable protocol id derived from the source path (not the content), so a
 * changed file replaces its old items instead of adding new ones.
 */
export function protocolIdFor(sourceFile: string): ProtocolId {
  const base = path.basename(sourceFile).replace(/\.[^.]+$/, '');
  const slug = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const digest = createHash('sha256').update(sourceFile).digest('hex').slice(0, 8);
  return `${slug || 'protokoll'}-${digest}` as ProtocolId;
}

export function failureIdFor(sourceFile: string): string {
  return `f-${createHash('sha256').update(sourceFile).digest('hex').slice(0, 24)}`;
}

/** Folds the stages over a draft, collecting every stage's warnings. */
export function runStages(
  draft: ProtocolDraft,
  stages: readonly TextStage[] = TEXT_STAGES,
): { draft: ProtocolDraft; warnings: Warning[] } {
  return stages.reduce<{ draft: ProtocolDraft; warnings: Warning[] }>(
    (acc, stage) => {
      const { value, warnings } = stage.run(acc.draft);
      return { draft: value, warnings: [...acc.warnings, ...warnings] };
    },
    { draft, warnings: [] },
  );
}

/**
 * Runs the pure stages over extracted pages. Exported for tests on text fixtures.
 * `sourceFile` (its name's date is the meeting date's last resort) is optional.
 */
export function processPages(pages: readonly Page[], sourceFile: string | null = null) {
  const { draft, warnings } = runStages(emptyDraft(pages, sourceFile));
  const items: AgendaItem[] = draft.items.map(({ pageStarts: _pageStarts, ...item }) => ({
    ...item,
    decisions: item.decisions ?? [],
    topics: item.topics ?? [],
    caseNumbers: item.caseNumbers ?? [],
    assignments: item.assignments ?? [],
    reportBacks: item.reportBacks ?? [],
  }));
  // Where each page begins in each item's text, kept beside the items: the page of a match (concordance).
  const pageStarts = draft.items.map((item) => item.pageStarts ?? []);
  return { meta: draft.meta!, items, pageStarts, redactions: draft.redactions, warnings, pageCount: pages.length };
}

/** Ingests one file's bytes into index documents, or a failure saying why. */
/** A decision as one record: an approval with the proposal it approves ("Enligt förslag. (enligt förslaget: …)"). */
const decisionRecord = (d: AgendaItem['decisions'][number]) =>
  d.proposal ? `${d.text} (enligt förslaget: ${d.proposal.text})` : d.text;

/** The item's case numbers, assignments and report-backs as the index stores them (issue 24). */
function matterFields(item: AgendaItem) {
  const assignments = item.assignments ?? [];
  const reportBacks = item.reportBacks ?? [];
  return {
    caseNumbers: (item.caseNumbers ?? []).map((c) => c.written),
    caseKeys: (item.caseNumbers ?? []).map((c) => c.key),
    assignments,
    reportBacks,
    hasAssignment: assignments.length > 0,
    hasReportBack: reportBacks.length > 0,
  };
}

export async function ingestFile(
  bytes: Uint8Array,
  sourceFile: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const fail = (kind: IngestFailure['kind'], reason: string): IngestResult => ({
    ok: false,
    failure: { id: failureIdFor(sourceFile), sourceFile, kind, reason, at: now },
  });
  const extracted = await extractPages(bytes, sourceFile, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.ocr === undefined ? {} : { ocr: options.ocr }),
    ...(options.onOcrPage === undefined ? {} : { ocrHooks: { onPage: options.onOcrPage } }),
  });
  if (!extracted.ok) return fail(extracted.kind, extracted.reason);

  const processed = processPages(extracted.pages, sourceFile);
  const { meta, items, redactions, pageCount } = processed;
  const warnings = [...extracted.warnings, ...processed.warnings];
  const totalWords = items.reduce((n, item) => n + countWords(item.text), 0);
  // A date taken from the file's name is no evidence that the text is a protocol.
  const statedDate = meta.meetingDate !== null && meta.dateSource !== 'filename';
  if (meta.body === UNKNOWN_BODY && !statedDate && items.length <= 1 && totalWords < 30) {
    return fail(
      'not-a-protocol',
      'Filen liknar inte ett protokoll: inget organ, inget mötesdatum och nästan ingen text hittades.',
    );
  }

  const protocolId = protocolIdFor(sourceFile);
  const source = sourceDigest(bytes);
  const manifest = manifestWithOcr(await currentOcrFingerprint(options.ocr));
  const hash = contentHashOf(source, manifest);
  const meeting = meetingOf(meta);
  const present = meta.municipalitiesPresent ?? [];

  const itemDocs: ItemDocument[] = items.map((item, i) => {
    const substantive = item.decisions.filter((d) => d.kind === 'substantive');
    return {
      id: `${protocolId}_${item.ordinal}` as ItemId,
      protocolId,
      sourceFile,
      ...meeting,
      itemOrdinal: item.ordinal,
      itemNumber: item.number,
      title: item.title,
      text: item.text,
      page: item.pages[0] ?? 1,
      pages: item.pages,
      pageStarts: [...(processed.pageStarts[i] ?? [])],
      presenters: item.presenters,
      municipalities: item.municipalities,
      municipalitiesPresent: present,
      topics: item.topics.map((t) => t.label),
      topicEvidence: item.topics,
      decisions: item.decisions,
      decisionText: substantive.map(decisionRecord).join('\n'),
      hasDecision: substantive.length > 0,
      hasRoutineDecision: item.decisions.some((d) => d.kind === 'routine'),
      ...itemTerms(item.title, item.text, substantive.map(decisionRecord)),
      wordCount: countWords(`${item.title} ${item.text}`),
      ...matterFields(item),
      ...itemOcrFields(extracted.pages, item.pages),
      contentHash: hash,
    };
  });

  const protocol: ProtocolDocument = {
    id: protocolId,
    sourceFile,
    contentHash: hash,
    sourceHash: source,
    pipeline: manifest,
    ...meeting,
    bodyAsWritten: meta.bodyAsWritten,
    dateStatus: meta.dateStatus,
    dateSource: meta.dateSource,
    time: meta.time,
    place: meta.place,
    secretary: meta.secretary,
    chair: meta.chair,
    adjuster: meta.adjuster,
    attendees: meta.attendees,
    municipalitiesPresent: present,
    hasAttendanceByMunicipality: meta.municipalitiesPresent !== null,
    regionPresent: meta.regionPresent,
    itemCount: itemDocs.length,
    pageCount,
    wordCount: itemDocs.reduce((n, d) => n + d.wordCount, 0),
    topics: [...new Set(itemDocs.flatMap((d) => d.topics))],
    hasDecision: itemDocs.some((d) => d.hasDecision),
    redactions,
    ...protocolOcrFields(extracted.pages),
    warnings: warnings.map((w) =>
      w.page === undefined ? { code: w.code, message: w.message } : { code: w.code, message: w.message, page: w.page },
    ),
    ingestedAt: now,
  };
  return { ok: true, protocol, items: itemDocs, warnings };
}
