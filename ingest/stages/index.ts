/**
 * The text stages in the order they run. Extraction (bytes → pages) comes
 * before them and is described by `EXTRACT`; the index documents' derived
 * fields (`stems`, `aboutStems`, `repeatedStems`) after them by `DOCUMENTS`. The order is this list:
 * reading order → normalise → layout → redact → metadata → segment → decisions → tag.
 * Layout is one stage run as two passes around normalise (its reading order is
 * what normalise cleans; its decisions are made on the clean text), and it is
 * the one owner of where the head ends, what a heading is and what is page furniture.
 */
import type { Page, Warning } from '../../domain/schemas.js';
import { findDecisions } from './decisions.js';
import * as office from '../office/index.js';
import * as extract from './extract.js';
import * as decisions from './decisions.js';
import * as layout from './layout.js';
import * as metadata from './metadata/index.js';
import * as normalise from './normalise.js';
import * as redact from './redact.js';
import * as segment from './segment.js';
import * as tag from './tag.js';
import { VERSION as ANALYSE_VERSION } from '../../domain/swedish/analyse.js';
import { requireLayout, requireMeta, type StageDescriptor, type TextStage } from './stage.js';

export const EXTRACT: StageDescriptor = {
  name: 'extract',
  version: extract.VERSION,
  // The Word/OpenDocument reader (ingest/office) is part of extraction.
  config: { office: office.VERSION },
  dataFiles: [],
};

/** Reading order: a PDF's lines by position, running headers, footers and the table of contents out. */
const readingStage: TextStage = {
  name: 'reading',
  version: layout.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const reading = layout.readingOrder(draft.source);
    return { value: { ...draft, reading, pages: reading.pages }, warnings: [] };
  },
};

/** The layout decisions, made once for every later stage, on the normalised reading text. */
const layoutStage: TextStage = {
  name: 'layout',
  version: layout.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = layout.readLayout(
      draft.source,
      draft.pages,
      draft.reading ?? layout.readingOrder(draft.source),
    );
    return { value: { ...draft, layout: value, pages: value.pages }, warnings };
  },
};

const normaliseStage: TextStage = {
  name: 'normalise',
  version: normalise.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = normalise.normalisePages(draft.pages);
    return { value: { ...draft, pages: value.pages, struck: value.struck }, warnings };
  },
};

const redactStage: TextStage = {
  name: 'redact',
  version: redact.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    let count = 0;
    // Only number and text go on: the extracted lines (kept in `source`) are not redacted and never indexed.
    const pages: Page[] = draft.pages.map((page) => {
      const r = redact.redactPersonnummer(page.text);
      count += r.count;
      return { number: page.number, text: r.text };
    });
    return { value: { ...draft, pages, redactions: draft.redactions + count }, warnings: [] };
  },
};

const metadataStage: TextStage = {
  name: 'metadata',
  version: metadata.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = metadata.extractMetadata(draft.pages, draft.struck, requireLayout(draft, 'metadata'));
    return { value: { ...draft, meta: value }, warnings };
  },
};

/** Segments into agenda items; a protocol without any becomes one item holding the whole text. */
const segmentStage: TextStage = {
  name: 'segment',
  version: segment.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = segment.segmentAgendaItems(draft.pages, requireLayout(draft, 'segment'));
    if (value.length > 0) return { value: { ...draft, items: value }, warnings };
    const text = draft.pages
      .map((p) => p.text)
      .join('\n\n')
      .trim();
    const whole = {
      ordinal: 0,
      number: '',
      title: requireMeta(draft, 'segment').body ?? 'Protokoll',
      text,
      pages: draft.pages.map((p) => p.number),
      presenters: [],
      municipalities: [],
    };
    return {
      value: { ...draft, items: [whole] },
      warnings: [
        ...warnings,
        { code: 'no-agenda-items', message: 'Inga dagordningspunkter hittades; hela texten indexeras som en punkt.' },
      ],
    };
  },
};

const decisionsStage: TextStage = {
  name: 'decisions',
  version: decisions.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const body = requireMeta(draft, 'decisions').body;
    const warnings: Warning[] = [];
    const items = draft.items.map((item) => {
      const found = findDecisions(item, { body });
      warnings.push(...found.warnings);
      return { ...item, decisions: found.value };
    });
    return { value: { ...draft, items }, warnings };
  },
};

const tagStage: TextStage = {
  name: 'tag',
  version: tag.VERSION,
  config: {},
  dataFiles: ['taxonomy', 'lexicon', 'synonyms'],
  run(draft) {
    return {
      value: { ...draft, items: draft.items.map((item) => ({ ...item, topics: tag.tagTopics(item) })) },
      warnings: [],
    };
  },
};

/** The text stages, in order. */
export const TEXT_STAGES: readonly TextStage[] = [
  readingStage,
  normaliseStage,
  layoutStage,
  redactStage,
  metadataStage,
  segmentStage,
  decisionsStage,
  tagStage,
];

/** The index documents' derived fields (domain/swedish/item-terms.ts): the searched stems, and the timeline's about and repeated terms (@3), keyness's term counts (@4). */
export const DOCUMENTS: StageDescriptor = {
  name: 'documents',
  version: `documents@4+${ANALYSE_VERSION}`,
  config: {},
  dataFiles: ['language', 'lexicon', 'synonyms'],
};
