/**
 * The assignment register (uppdragsregister): every uppdrag extracted at
 * ingest, with the report-backs that answer it and a status.
 *
 * A report-back answers an assignment when it is recited in the same item
 * (linked at ingest), or when a later item of the same organisation reports
 * back: the same case number first; else its title or report-back passage
 * shares the task's rare subject words (at least two, at least a fifth of
 * them) and it belongs to the same body or to the assignee or giver the
 * assignment names. Status: återrapporterad (a report-back exists); försenad
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
import { foldDiacritics } from '../../domain/swedish/analyse.js';
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

  const reportWords = new Map(
    reports.map((r) => [r.id, subjectWords(`${r.title} ${(r.reportBacks ?? []).map((b) => b.sentence).join(' ')}`)]),
  );
  const entries: RegisterEntry[] = [];
  for (const item of given) {
    (item.assignments ?? []).forEach((a, index) => {
      const reportedIn: ReportedIn[] = [];
      const seen = new Set<string>();
      const push = (r: SourceItem) => {
        if (seen.has(r.id)) return;
        seen.add(r.id);
        reportedIn.push({ protocolId: r.protocolId, itemNumber: r.itemNumber, meetingDate: r.meetingDate });
      };
      // Recited in the same item, linked at ingest.
      if ((item.reportBacks ?? []).some((b) => b.answersInItem === index)) push(item);
      const words = subjectWords(`${a.task} ${a.sentence} ${item.title}`);
      const keys = new Set(item.caseKeys ?? []);
      const named = foldDiacritics(`${a.assignee ?? ''} ${a.giver ?? ''}`.toLowerCase());
      for (const r of reports) {
        if (r.id === item.id) continue;
        if (item.meetingDay === null || r.meetingDay === null || r.meetingDay <= item.meetingDay) continue;
        if ((r.caseKeys ?? []).some((k) => keys.has(k))) {
          push(r);
          continue;
        }
        if (item.organisation && r.organisation && item.organisation !== r.organisation) continue;
        const related =
          r.body === item.body ||
          (r.body !== null && named.includes(foldDiacritics(r.body.toLowerCase()).replace(/(en|et|n)$/, '')));
        if (!related) continue;
        const theirs = reportWords.get(r.id) ?? new Set<string>();
        const shared = [...words].filter((w) => theirs.has(w)).length;
        if (shared >= 2 && shared >= words.size * 0.2) push(r);
      }
      const laterMeeting =
        item.body !== null && item.meetingDay !== null && (lastDay.get(item.body) ?? 0) > item.meetingDay;
      entries.push({
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
        reportedIn,
      });
    });
  }
  const fold = (s: string | null) => foldDiacritics((s ?? '').toLowerCase());
  const q = params.q?.trim() ? fold(params.q) : '';
  const assignee = params.assignee?.trim() ? fold(params.assignee) : '';
  return entries
    .filter((e) => !params.status?.length || params.status.includes(e.status))
    .filter((e) => !assignee || fold(e.assignee).includes(assignee))
    .filter(
      (e) =>
        !q ||
        q
          .split(/\s+/)
          .every((w) =>
            fold(`${e.sentence} ${e.task} ${e.assignee ?? ''} ${e.giver ?? ''} ${e.body ?? ''}`).includes(w),
          ),
    )
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
