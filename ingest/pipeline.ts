/**
 * The ingest pipeline for one file: extract → normalise → redact → metadata →
 * segment → decisions → topics → documents. A fold over small pure stages; the
 * only IO-shaped step is extraction (pdf-parse is async). Failures are values.
 *
 * The content hash covers the file bytes and every stage's VERSION, so changing
 * a stage re-ingests what it affects and nothing else.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type {
  AgendaItem,
  IngestFailure,
  ItemDocument,
  Page,
  ProtocolDocument,
  ProtocolId,
  Warning,
  ItemId,
} from '../src/domain/schemas.js';
import { dataFileDigests } from '../src/domain/data-files.js';
import * as decisions from './stages/decisions.js';
import * as extract from './stages/extract.js';
import * as layout from './stages/layout.js';
import * as metadata from './stages/metadata/index.js';
import * as normalise from './stages/normalise.js';
import * as redact from './stages/redact.js';
import * as segment from './stages/segment.js';
import * as analyse from '../src/domain/swedish/analyse.js';
import * as tag from './stages/tag.js';

/** Changes whenever any stage changes; part of every content hash. */
export const PIPELINE_VERSION = [
  'pipeline@3',
  extract.VERSION,
  normalise.VERSION,
  layout.VERSION,
  redact.VERSION,
  metadata.VERSION,
  segment.VERSION,
  decisions.VERSION,
  tag.VERSION,
  analyse.VERSION,
].join('+');

export type IngestResult =
  | { ok: true; protocol: ProtocolDocument; items: ItemDocument[]; warnings: readonly Warning[] }
  | { ok: false; failure: IngestFailure };

export interface IngestOptions {
  /** Extraction time limit per file. */
  timeoutMs?: number;
  /** Clock, injectable for tests; defaults to now. */
  now?: () => Date;
}

/** sha256 over the bytes and the pipeline version: equal hash means nothing to do. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(PIPELINE_VERSION).update('\0').update(JSON.stringify(dataFileDigests())).update('\0').update(bytes).digest('hex');
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

/** Days since 1970-01-01 for an ISO date, for range filters and sorting. */
export function epochDay(isoDate: string | null): number | null {
  if (!isoDate) return null;
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(ms) ? null : Math.round(ms / 86_400_000);
}

const countWords = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;

/** Runs the pure stages over extracted pages. Exported for tests on text fixtures. */
export function processPages(pages: readonly Page[]) {
  const warnings: Warning[] = [];
  // Layout reads a PDF's lines in reading order first; normalise cleans that text; layout then decides the rest.
  const reading = layout.readingOrder(pages);
  const normalised = normalise.normalisePages(reading.pages);
  warnings.push(...normalised.warnings);
  const read = layout.readLayout(pages, normalised.value.pages, reading);
  warnings.push(...read.warnings);
  let redactions = 0;
  const redactedPages: Page[] = read.value.pages.map((page) => {
    const r = redact.redactPersonnummer(page.text);
    redactions += r.count;
    return { number: page.number, text: r.text };
  });
  const meta = metadata.extractMetadata(redactedPages, normalised.value.struck, read.value);
  warnings.push(...meta.warnings);
  const segmented = segment.segmentAgendaItems(redactedPages, read.value);
  warnings.push(...segmented.warnings);
  const items: AgendaItem[] = segmented.value.map((segmentedItem) => {
    const found = decisions.findDecisions(segmentedItem, { body: meta.value.body });
    warnings.push(...found.warnings);
    const { pageStarts: _pageStarts, ...item } = segmentedItem;
    return { ...item, decisions: found.value, topics: tag.tagTopics(item) };
  });
  if (items.length === 0) {
    warnings.push({ code: 'no-agenda-items', message: 'Inga dagordningspunkter hittades; hela texten indexeras som en punkt.' });
    const text = redactedPages.map((p) => p.text).join('\n\n').trim();
    const whole = { ordinal: 0, number: '', title: meta.value.body ?? 'Protokoll', text, pages: redactedPages.map((p) => p.number), presenters: [], municipalities: [] };
    items.push({ ...whole, decisions: decisions.findDecisions(whole, { body: meta.value.body }).value, topics: tag.tagTopics(whole) });
  }
  return { meta: meta.value, items, redactions, warnings, pageCount: pages.length };
}

/** Ingests one file's bytes into index documents, or a failure saying why. */
export async function ingestFile(bytes: Uint8Array, sourceFile: string, options: IngestOptions = {}): Promise<IngestResult> {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const fail = (kind: IngestFailure['kind'], reason: string): IngestResult => ({
    ok: false,
    failure: { id: failureIdFor(sourceFile), sourceFile, kind, reason, at: now },
  });
  const extracted = await extract.extractPages(bytes, sourceFile, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  if (!extracted.ok) return fail(extracted.kind, extracted.reason);

  const processed = processPages(extracted.pages);
  const { meta, items, redactions, pageCount } = processed;
  const warnings = [...extracted.warnings, ...processed.warnings];
  const totalWords = items.reduce((n, item) => n + countWords(item.text), 0);
  if (!meta.body && !meta.meetingDate && items.length <= 1 && totalWords < 30) {
    return fail('not-a-protocol', 'Filen liknar inte ett protokoll: inget organ, inget mötesdatum och nästan ingen text hittades.');
  }

  const protocolId = protocolIdFor(sourceFile);
  const hash = contentHash(bytes);
  const meetingDay = epochDay(meta.meetingDate);
  const year = meta.meetingDate ? Number(meta.meetingDate.slice(0, 4)) : null;
  const present = meta.municipalitiesPresent ?? [];

  const itemDocs: ItemDocument[] = items.map((item) => {
    const substantive = item.decisions.filter((d) => d.kind === 'substantive');
    return {
      id: `${protocolId}_${item.ordinal}` as ItemId,
      protocolId,
      sourceFile,
      body: meta.body,
      organisation: meta.organisation,
      docType: meta.docType,
      meetingDate: meta.meetingDate,
      meetingDay,
      year,
      itemOrdinal: item.ordinal,
      itemNumber: item.number,
      title: item.title,
      text: item.text,
      page: item.pages[0] ?? 1,
      pages: item.pages,
      presenters: item.presenters,
      municipalities: item.municipalities,
      municipalitiesPresent: present,
      topics: item.topics.map((t) => t.label),
      topicEvidence: item.topics,
      decisions: item.decisions,
      decisionText: substantive.map((d) => d.text).join('\n'),
      hasDecision: substantive.length > 0,
      hasRoutineDecision: item.decisions.some((d) => d.kind === 'routine'),
      stems: analyse.analyseForIndex(`${item.title}\n${item.text}`),
      folded: analyse.foldDiacritics(`${item.title}\n${item.text}`),
      wordCount: countWords(`${item.title} ${item.text}`),
      contentHash: hash,
    };
  });

  const protocol: ProtocolDocument = {
    id: protocolId,
    sourceFile,
    contentHash: hash,
    body: meta.body,
    organisation: meta.organisation,
    docType: meta.docType,
    meetingDate: meta.meetingDate,
    meetingDay,
    year,
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
    warnings: warnings.map((w) => (w.page === undefined ? { code: w.code, message: w.message } : { code: w.code, message: w.message, page: w.page })),
    ingestedAt: now,
  };
  return { ok: true, protocol, items: itemDocs, warnings };
}
