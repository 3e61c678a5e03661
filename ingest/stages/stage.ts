/**
 * The one shape every stage has. A stage is a pure function of the protocol
 * draft (no IO, clock or logging) plus a description of everything that decides
 * its output: its name, the version of its code, its config and the data files
 * it reads. The pipeline folds the stages over the draft in order, and hashes
 * the descriptions into every protocol's content hash (as LlamaIndexTS's
 * ingestion cache keys each transform by `sha256(input + JSON of the
 * transform)`), so changing any of them re-ingests exactly what it affects.
 */
import type { DataFileName } from '../../domain/data-files.js';
import type { AgendaItem, Page, ProtocolMeta, StageResult } from '../../domain/schemas.js';
import type { Layout, Reading } from './layout.js';
import type { StruckSpan } from './normalise.js';
import type { SegmentedItem } from './segment.js';

/** What decides a stage's output, apart from its input. */
export interface StageDescriptor {
  readonly name: string;
  /** Bump when the stage's code changes what it produces. */
  readonly version: string;
  /** Settings that change the output; JSON-serialisable. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Data files the stage reads (hashed by their bytes). */
  readonly dataFiles: readonly DataFileName[];
}

/** A protocol as it moves through the text stages; each stage fills in its part. */
export interface ProtocolDraft {
  /** The pages as extracted (with their lines and geometry, when a PDF has them). */
  readonly source: readonly Page[];
  /** Page texts as the latest stage left them (in reading order, normalised, laid out, then redacted). */
  readonly pages: readonly Page[];
  /** Filled by the reading stage: reading order and the page furniture found. */
  readonly reading: Reading | null;
  /** Filled by the layout stage: head, form fields, running headers, table of contents, headings. */
  readonly layout: Layout | null;
  /** Struck-through spans the source kept (`<del>`): absence evidence for metadata. */
  readonly struck: readonly StruckSpan[];
  /** Personnummer redacted so far. */
  readonly redactions: number;
  /** Filled by the metadata stage. */
  readonly meta: ProtocolMeta | null;
  /** Filled by the segment stage; decisions and topics added by later stages. */
  readonly items: readonly DraftItem[];
}

export type DraftItem = SegmentedItem &
  Partial<Pick<AgendaItem, 'decisions' | 'topics' | 'caseNumbers' | 'assignments' | 'reportBacks'>>;

/** A pure text stage: draft in, new draft out, with what it noticed. */
export interface TextStage extends StageDescriptor {
  run(draft: ProtocolDraft): StageResult<ProtocolDraft>;
}

export const emptyDraft = (pages: readonly Page[]): ProtocolDraft => ({
  source: pages,
  pages,
  reading: null,
  layout: null,
  struck: [],
  redactions: 0,
  meta: null,
  items: [],
});

/** What a later stage needs from an earlier one; a missing one is a wiring bug in the stage list. */
export function requireMeta(draft: ProtocolDraft, stage: string): ProtocolMeta {
  if (!draft.meta) throw new Error(`stage "${stage}" runs before the metadata stage`);
  return draft.meta;
}

export function requireLayout(draft: ProtocolDraft, stage: string): Layout {
  if (!draft.layout) throw new Error(`stage "${stage}" runs before the layout stage`);
  return draft.layout;
}
