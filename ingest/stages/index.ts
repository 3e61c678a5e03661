/**
 * The text stages in the order they run. Extraction (bytes → pages) comes
 * before them and is described by `EXTRACT`; the index documents' derived
 * fields (`stems`, `aboutStems`, `repeatedStems`) after them by `DOCUMENTS`. The order is this list:
 * normalise → redact → layout → metadata → segment → cases → decisions → matters → tag.
 * Normalise and redact work on characters (a PDF's lines keep their geometry);
 * layout is the one owner of where the head ends, what a heading is and what is
 * page furniture, and every later stage reads its decisions.
 */
import { UNKNOWN_BODY } from '../../domain/bodies.js';
import { isAgendaType as isAgenda } from '../../domain/doc-types.js';
import type { Page, PageLine, Warning } from '../../domain/schemas.js';
import { findDecisions } from './decisions.js';
import { VERSION as OFFICE_VERSION } from '../office/version.js';
import * as extract from './extract.js';
import * as assignments from './assignments.js';
import * as cases from './cases.js';
import * as decisions from './decisions.js';
import * as layout from './layout/index.js';
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
  config: { office: OFFICE_VERSION },
  dataFiles: [],
};

/** Where the head ends, what a heading is, what is furniture: decided once, on the redacted text. */
const layoutStage: TextStage = {
  name: 'layout',
  version: layout.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = layout.readLayout(draft.pages);
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
    const redacted = (text: string) => {
      const r = redact.redactPersonnummer(text);
      count += r.count;
      return r.text;
    };
    // A PDF's lines are redacted too (their count is the page text's): the layout reads form fields from them.
    const line = (l: PageLine): PageLine => {
      const text = redact.redactPersonnummer(l.text).text;
      return l.cells ? { ...l, text, cells: l.cells.map((c) => redact.redactPersonnummer(c).text) } : { ...l, text };
    };
    const pages: Page[] = draft.pages.map((page) =>
      page.lines
        ? { ...page, text: redacted(page.text), lines: page.lines.map(line) }
        : { ...page, text: redacted(page.text) },
    );
    return { value: { ...draft, pages, redactions: draft.redactions + count }, warnings: [] };
  },
};

const metadataStage: TextStage = {
  name: 'metadata',
  version: metadata.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = metadata.extractMetadata(draft.pages, draft.struck, requireLayout(draft, 'metadata'), {
      file: draft.file,
    });
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
      title: requireMeta(draft, 'segment').bodyAsWritten ?? 'Protokoll',
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

/** Case numbers (diarienummer) per item, out of titles and text before decisions are read. */
const casesStage: TextStage = {
  name: 'cases',
  version: cases.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const { value, warnings } = cases.extractCaseNumbers(draft.items, draft.source, draft.layout?.running ?? []);
    return { value: { ...draft, items: value }, warnings };
  },
};

const decisionsStage: TextStage = {
  name: 'decisions',
  version: decisions.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const meta = requireMeta(draft, 'decisions');
    // The papers sent before a meeting decide nothing: what reads as a decision in a kallelse or a
    // föredragningslista is what the meeting is asked to decide, and the minutes say what it did.
    if (isAgenda(meta.docType))
      return { value: { ...draft, items: draft.items.map((item) => ({ ...item, decisions: [] })) }, warnings: [] };
    // Not "Okänt organ": a body's own name makes its definite form a subject of its decisions.
    const body = meta.body === UNKNOWN_BODY ? null : meta.body;
    const warnings: Warning[] = [];
    const items = draft.items.map((item) => {
      const found = findDecisions(item, { body });
      warnings.push(...found.warnings);
      return { ...item, decisions: found.value };
    });
    return { value: { ...draft, items }, warnings };
  },
};

/** Uppdrag and återrapporter per item (after decisions: an approved proposal's tasks are the body's). */
const mattersStage: TextStage = {
  name: 'matters',
  version: assignments.VERSION,
  config: {},
  dataFiles: [],
  run(draft) {
    const meta = requireMeta(draft, 'matters');
    const items = draft.items.map((item) => {
      const found = assignments.findAssignments(item, item.decisions ?? [], {
        body: meta.body === UNKNOWN_BODY ? null : meta.body,
        meetingDate: meta.meetingDate,
        people: [
          ...meta.attendees.map((a) => a.name),
          ...[meta.chair, meta.secretary, meta.adjuster].filter((n): n is string => n !== null),
        ],
      });
      // Before the meeting nothing is assigned yet: an agenda's tasks are proposals awaiting a
      // decision, and only those it recites (given earlier) are facts. What its text reports on an
      // earlier task has been done, agenda or not.
      if (isAgenda(meta.docType))
        return { ...item, assignments: found.assignments.filter((a) => a.recited), reportBacks: found.reportBacks };
      return { ...item, assignments: found.assignments, reportBacks: found.reportBacks };
    });
    return { value: { ...draft, items }, warnings: [] };
  },
};

const tagStage: TextStage = {
  name: 'tag',
  version: tag.VERSION,
  config: {},
  // The taxonomy is versioned in the store and recorded per protocol (`taxonomyVersion`), not hashed here.
  dataFiles: ['language', 'lexicon', 'synonyms'],
  run(draft) {
    const meta = requireMeta(draft, 'tag');
    const owners = { body: meta.body, organisation: meta.organisation };
    return {
      value: {
        ...draft,
        items: draft.items.map((item) => ({
          ...item,
          topics: tag.tagTopics({ ...item, decisions: item.decisions ?? [], ...owners }),
        })),
      },
      warnings: [],
    };
  },
};

/** The text stages, in order. */
export const TEXT_STAGES: readonly TextStage[] = [
  normaliseStage,
  redactStage,
  layoutStage,
  metadataStage,
  segmentStage,
  casesStage,
  decisionsStage,
  mattersStage,
  tagStage,
];

/** The index documents' derived fields (domain/swedish/item-terms.ts): the searched stems, and the timeline's about and repeated terms (@3), keyness's term counts (@4), decisions with their proposals (@5). */
export const DOCUMENTS: StageDescriptor = {
  name: 'documents',
  version: `documents@5+${ANALYSE_VERSION}`,
  config: {},
  dataFiles: ['language', 'lexicon', 'synonyms'],
};
