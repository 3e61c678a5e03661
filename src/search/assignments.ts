/**
 * The assignment register (uppdragsregister): every uppdrag extracted at
 * ingest, with the report-backs that answer it and a status.
 *
 * Each report-back passage answers one assignment: the one recited before it
 * in its item (linked at ingest), else the best of the earlier meetings'
 * assignments: the same case number first; else the passage with its item's
 * title shares the task's rare subject words (the named holder counting as
 * one; at least two, and at least a fifth of the task's words), within the
 * organisation and the same body or the assignee or giver the assignment
 * names; the most recent of equally good assignments wins. Status: återrapporterad (a report-back exists); försenad
 * (the due date has passed, or the "next meeting" of the body has been held,
 * with no report-back); öppen (due later, or the next meeting not yet held);
 * okänd (no due time to judge by).
 *
 * The register is built from two reads of the index (the items holding
 * assignments, the items holding report-backs), so its cost grows with the
 * number of assignments, not with the corpus; it is cached per corpus version.
 */
import type { Assignment, ItemDocument } from '../../domain/schemas.js';
import { meili } from '../../domain/store/client.js';
import { analyseQuery, foldDiacritics } from '../../domain/swedish/analyse.js';
import { findMatches } from '../../domain/swedish/highlight.js';
import { itemsIndex, type SearchContext } from './context.js';
import { itemFilter, type ItemFilters } from './filters.js';

export const ASSIGNMENT_STATUSES = ['öppen', 'återrapporterad', 'försenad', 'okänd'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface ReportedIn {
  protocolId: string;
  itemNumber: string;
  meetingDate: string | null;
}

export interface RegisterEntry {
  id: string;
  protocolId: string;
  itemNumber: string;
  meetingDate: string | null;
  body: string | null;
  sentence: string;
  giver: string | null;
  assignee: string | null;
  task: string;
  due: string | null;
  dueDate: string | null;
  status: AssignmentStatus;
  page: number;
  pdfUrl: string;
  reportedIn: ReportedIn[];
}

export interface AssignmentRequest {
  body?: readonly string[] | undefined;
  year?: number | undefined;
  status?: readonly AssignmentStatus[] | undefined;
  assignee?: string | undefined;
  /** Words of the assignment, matched as the search matches a text (inflections, compound parts, concepts, typos). */
  q?: string | undefined;
  caseNumber?: readonly string[] | undefined;
  page: number;
  limit: number;
  /** Today (ISO), for "försenad"; the clock by default. */
  today?: string | undefined;
}

export interface AssignmentPage {
  total: number;
  page: number;
  limit: number;
  assignments: RegisterEntry[];
}

/** At most this many items are read per register (far above a realistic number of assignments). */
const MAX_ITEMS = 10_000;

type SourceItem = Pick<
  ItemDocument,
  | 'id'
  | 'protocolId'
  | 'itemNumber'
  | 'meetingDate'
  | 'meetingDay'
  | 'body'
  | 'organisation'
  | 'title'
  | 'page'
  | 'caseKeys'
  | 'assignments'
  | 'reportBacks'
>;

const FIELDS = [
  'id',
  'protocolId',
  'itemNumber',
  'meetingDate',
  'meetingDay',
  'body',
  'organisation',
  'title',
  'page',
  'caseKeys',
  'assignments',
  'reportBacks',
];

/** Words that say nothing about which task is meant. */
const COMMON = new Set(
  'uppdrag uppdraget uppdragsbeskrivning arbete arbetet arbetsgrupp arbetsgruppen gruppen styrgruppen chefsgruppen nämnden rådet förslag förslaget beslut beslutet möte mötet nästa frågan ärendet återkomma återkoppla återkoppling återrapport redovisa redovisning rapport information tillsammans kommer ska skall också även region regionen kommun kommunen kommunerna staden stadens'.split(
    ' ',
  ),
);

/** A text's subject words: folded, five letters or more, common protocol words left out. */
function subjectWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of foldDiacritics(text.toLowerCase()).match(/[a-z]{5,}/g) ?? []) {
    if (COMMON.has(w)) continue;
    // A crude stem: inflectional endings off, so "utredningen" meets "utredning".
    out.add(w.replace(/(arna|erna|orna|ande|ende|heten|ning|ningen|ingen|en|et|na|ar|er|or|a|e)$/, '').slice(0, 9));
  }
  return out;
}

/** A named holder's words ("Marina", "Anna Berg"): a report-back that names them speaks of their task. Roles and groups give none. */
function holderWords(assignee: string | null): string[] {
  if (!assignee || !/^\p{Lu}/u.test(assignee)) return [];
  const words = assignee.split(/\s+/).filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w));
  const folded = words.map((w) => foldDiacritics(w.toLowerCase())).filter((w) => !COMMON.has(w));
  return folded.length > 0 && folded.length === words.length && words.length <= 3 ? folded : [];
}

const statusOf = (a: Assignment, reported: boolean, today: string, laterMeetingOfBody: boolean): AssignmentStatus => {
  if (reported) return 'återrapporterad';
  if (a.dueDate) return a.dueDate < today ? 'försenad' : 'öppen';
  if (a.due && /nästa|följande|kommande/i.test(a.due)) return laterMeetingOfBody ? 'försenad' : 'öppen';
  return 'okänd';
};

async function readItems(ctx: SearchContext, filter: (string | string[])[]): Promise<SourceItem[]> {
  const res = await meili(() =>
    itemsIndex(ctx).search(null, {
      filter,
      limit: MAX_ITEMS,
      sort: ['meetingDay:asc', 'itemOrdinal:asc'],
      attributesToRetrieve: FIELDS,
    }),
  );
  return res.hits as unknown as SourceItem[];
}

/** Every assignment of the filtered items with its report-backs and status (unpaged, date order, newest first). */
export async function buildRegister(
  ctx: SearchContext,
  params: Omit<AssignmentRequest, 'page' | 'limit'>,
): Promise<RegisterEntry[]> {
  const today = params.today ?? new Date().toISOString().slice(0, 10);
  const filters: ItemFilters = {
    body: params.body,
    year: params.year,
    caseNumber: params.caseNumber,
  };
  const [given, reports, lastRes] = await Promise.all([
    readItems(ctx, [...itemFilter(filters), 'hasAssignment = true']),
    readItems(ctx, ['hasReportBack = true']),
    // Each body's meetings, for "nästa möte" dues: has the next meeting been held?
    meili(() =>
      itemsIndex(ctx).search(null, {
        limit: MAX_ITEMS,
        distinct: 'protocolId',
        attributesToRetrieve: ['body', 'meetingDay'],
        filter: ['meetingDay EXISTS'],
      }),
    ),
  ]);
  const lastDay = new Map<string, number>();
  for (const h of lastRes.hits as unknown as { body: string | null; meetingDay: number | null }[])
    if (h.body && h.meetingDay !== null) lastDay.set(h.body, Math.max(lastDay.get(h.body) ?? 0, h.meetingDay));

  // Each assignment with what its links are judged by.
  const tasks = given.flatMap((item) =>
    (item.assignments ?? []).map((a, index) => ({
      item,
      a,
      index,
      words: subjectWords(`${a.task} ${a.sentence} ${item.title}`),
      keys: new Set(item.caseKeys ?? []),
      named: foldDiacritics(`${a.assignee ?? ''} ${a.giver ?? ''}`.toLowerCase()),
      holder: holderWords(a.assignee),
      reportedIn: [] as SourceItem[],
    })),
  );
  const byItem = new Map<string, typeof tasks>();
  for (const t of tasks) byItem.set(t.item.id, [...(byItem.get(t.item.id) ?? []), t]);
  const link = (t: (typeof tasks)[number], r: SourceItem) => {
    if (!t.reportedIn.some((x) => x.id === r.id)) t.reportedIn.push(r);
  };
  // Each report-back passage answers one assignment: the one recited before it in its item (linked at
  // ingest), else the best of the earlier meetings' assignments by case number, then shared subject words
  // (the holder named counts as one), within the organisation and the same or a named body; the most
  // recent assignment wins a tie.
  for (const r of reports) {
    for (const b of r.reportBacks ?? []) {
      if (b.answersInItem !== null) {
        const own = byItem.get(r.id)?.find((t) => t.index === b.answersInItem);
        if (own) link(own, r);
        continue;
      }
      if (r.meetingDay === null) continue;
      const theirs = subjectWords(`${r.title} ${b.sentence}`);
      const passage = foldDiacritics(`${r.title} ${b.sentence}`.toLowerCase());
      let best: { t: (typeof tasks)[number]; score: number } | null = null;
      for (const t of tasks) {
        const item = t.item;
        if (item.meetingDay === null || item.meetingDay >= r.meetingDay) continue;
        let score = 0;
        if ((r.caseKeys ?? []).some((k) => t.keys.has(k))) score = 1_000;
        else {
          if (item.organisation && r.organisation && item.organisation !== r.organisation) continue;
          const related =
            r.body === item.body ||
            (r.body !== null && t.named.includes(foldDiacritics(r.body.toLowerCase()).replace(/(en|et|n)$/, '')));
          if (!related) continue;
          const shared = [...t.words].filter((w) => theirs.has(w)).length;
          const holder = t.holder.length > 0 && t.holder.every((w) => new RegExp(`\\b${w}\\b`).test(passage)) ? 1 : 0;
          if (shared + holder < 2 || shared < t.words.size * 0.2) continue;
          score = shared + holder;
        }
        const newer = (t.item.meetingDay ?? 0) > (best?.t.item.meetingDay ?? 0);
        if (!best || score > best.score || (score === best.score && newer)) best = { t, score };
      }
      if (best) link(best.t, r);
    }
  }
  const entries: RegisterEntry[] = tasks.map(({ item, a, index, reportedIn }) => {
    const laterMeeting =
      item.body !== null && item.meetingDay !== null && (lastDay.get(item.body) ?? 0) > item.meetingDay;
    return {
      id: `${item.id}-${index}`,
      protocolId: item.protocolId,
      itemNumber: item.itemNumber,
      meetingDate: item.meetingDate,
      body: item.body,
      sentence: a.sentence,
      giver: a.giver,
      assignee: a.assignee,
      task: a.task,
      due: a.due,
      dueDate: a.dueDate,
      status: statusOf(a, reportedIn.length > 0, today, laterMeeting),
      page: a.page,
      pdfUrl: `/api/protocols/${encodeURIComponent(item.protocolId)}/source#page=${a.page}`,
      reportedIn: [...reportedIn]
        .sort((x, y) => (x.meetingDay ?? 0) - (y.meetingDay ?? 0))
        .map((r) => ({ protocolId: r.protocolId, itemNumber: r.itemNumber, meetingDate: r.meetingDate })),
    };
  });
  const fold = (s: string | null) => foldDiacritics((s ?? '').toLowerCase());
  const assignee = params.assignee?.trim() ? fold(params.assignee) : '';
  // Each word of `q` as the search reads it: "hemsjukvård" finds "hälso- och sjukvård i hemmet", "uppdraget"
  // finds "uppdrag", "vård" finds "hemsjukvården" (a substring test found none of these).
  const wanted = params.q?.trim()
    ? [...new Set(analyseQuery(params.q, Number.POSITIVE_INFINITY).stems.split(' '))].filter(Boolean)
    : [];
  const hasEveryWord = (e: RegisterEntry) => {
    const text = [e.sentence, e.task, e.assignee, e.giver, e.body].filter(Boolean).join('\n');
    const found = new Set(findMatches(text, wanted).map((m) => m.matched));
    return wanted.every((term) => found.has(term));
  };
  return entries
    .filter((e) => !params.status?.length || params.status.includes(e.status))
    .filter((e) => !assignee || fold(e.assignee).includes(assignee))
    .filter((e) => wanted.length === 0 || hasEveryWord(e))
    .reverse();
}

/** GET /api/assignments: a page of the register. */
export async function searchAssignments(ctx: SearchContext, params: AssignmentRequest): Promise<AssignmentPage> {
  const all = await buildRegister(ctx, params);
  const from = (params.page - 1) * params.limit;
  return {
    total: all.length,
    page: params.page,
    limit: params.limit,
    assignments: all.slice(from, from + params.limit),
  };
}

/** The register as an export table (one row per assignment). */
export function assignmentsTable(entries: readonly RegisterEntry[], origin: string) {
  return {
    sheet: 'Uppdrag',
    columns: [
      { header: 'Mötesdatum', kind: 'text' as const, width: 12 },
      { header: 'Organ', kind: 'text' as const, width: 30 },
      { header: 'Punkt', kind: 'text' as const, width: 7 },
      { header: 'Uppdragsgivare', kind: 'text' as const, width: 25 },
      { header: 'Ansvarig', kind: 'text' as const, width: 30 },
      { header: 'Uppdrag', kind: 'text' as const, width: 60 },
      { header: 'Klart', kind: 'text' as const, width: 16 },
      { header: 'Datum', kind: 'text' as const, width: 12 },
      { header: 'Status', kind: 'text' as const, width: 16 },
      { header: 'Återrapporterat i', kind: 'text' as const, width: 30 },
      { header: 'Mening', kind: 'text' as const, width: 80 },
      { header: 'Sida', kind: 'integer' as const, width: 6 },
      { header: 'Länk', kind: 'text' as const, width: 50 },
    ],
    rows: entries.map((e) => [
      e.meetingDate,
      e.body,
      e.itemNumber,
      e.giver,
      e.assignee,
      e.task,
      e.due,
      e.dueDate,
      e.status,
      e.reportedIn.map((r) => `${r.meetingDate ?? 'odaterat'} § ${r.itemNumber.replace(/\s*§/, '')}`).join('; '),
      e.sentence,
      e.page,
      `${origin}/?view=protokoll&id=${encodeURIComponent(e.protocolId)}&item=${encodeURIComponent(e.itemNumber)}`,
    ]),
  };
}
