/**
 * "Följ frågan": earlier and later agenda items about the same matter, in other
 * meetings and bodies, found without knowing the right words.
 *
 * The item's words are its title's content words (the matter, weighted above
 * the rest) and the stems its text repeats. Candidates come from two relaxed
 * queries over the `stems` field ("frequency" matching drops the commonest
 * words first, so rare words such as "suicid" keep their hits); each candidate
 * is then scored by the share of the item's words it contains, each word
 * weighted by how rare it is in the corpus (idf, from one count per word in the
 * same multi-search) and by how much it says in the candidate (BM25's saturation
 * and length normalisation: a word of its title counts whole, one said once in a
 * long report little). A matter discussed inside a report ("Rapport från AU"
 * that brings up hälso- och sjukvård i hemmet) is found like one with its own
 * title. The explanation names the item's words as written, never stems.
 * A meeting's formalia (domain/formalia.ts: opened, justerare chosen, agenda
 * approved …) is no matter: nothing is followed from it, and it is in no thread.
 */
import { UNKNOWN_BODY } from '../../domain/bodies.js';
import { isAgendaType } from '../../domain/doc-types.js';
import { AppError } from '../../domain/errors.js';
import { formaliaKind } from '../../domain/formalia.js';
import { titleParts } from '../../domain/titles.js';
import type { ItemDocument } from '../../domain/schemas.js';
import {
  analyseForIndex,
  analyseQuery,
  foldDiacritics,
  isConceptKey,
  SWEDISH_FUNCTION_WORDS,
  termOf,
} from '../../domain/swedish/analyse.js';
import { meili } from '../../domain/store/client.js';
import { quote } from './filters.js';
import { itemsIndex, type SearchContext } from './context.js';
import { bm25Tf } from './ranking.js';
import { snippet } from '../../domain/swedish/highlight.js';
import { HIT_FIELDS, type HitFields } from './search.js';

/** Words in almost every item: they say nothing about the matter. */
const GENERIC_WORDS =
  'rapport rapporter information informera punkt möte mötet möten ärende ärendet fråga frågor arbete arbetet chefsgrupp chefsgruppen styrgrupp styrgruppen ' +
  'förslag beslut beslutar region regionen kommun kommunerna länet län örebro samverkan dialog diskussion övriga inledning avslut ' +
  'föregående protokoll dagordning agenda kort utvärdering sammanfattning presentation bilder projify ska behöver finns kommer även ' +
  'ny nya nytt idag del delar läget lägesrapport uppdatering genomgång återkoppling avstämning';
// Each word's own term too: the query analysis drops question words ("finns", "kommer") that texts still have.
const GENERIC = new Set([
  ...analyseQuery(GENERIC_WORDS, Infinity).stems.split(' '),
  ...GENERIC_WORDS.split(' ').map(termOf),
]);

/** Pronouns, prepositions and particles (domain/swedish/language.json): never a matter's word. */
const FUNCTION_WORDS = new Set(SWEDISH_FUNCTION_WORDS);

/** Items read per stem in the first round. */
const PER_STEM = 200;
/** Candidates scored exactly in the second round. */
const SHORTLIST = 60;
/** The share of the item's weighted words a related item must contain. */
const MIN_SCORE = 0.25;
/** Repeated words of the text that join the title's. */
const TEXT_TERMS = 6;
/**
 * BM25's term-frequency saturation and length normalisation, for how much a shared word counts in
 * the other item: said once in a report ten times the usual length, a word is a passing mention
 * (~0.2 of its weight), not that report's matter. Without it the longest items (a theme day's
 * notes, a personnel report) shared some word with most items: on the bundled corpus and the real
 * PDFs each was among the first five related items of about a quarter of all items.
 */
const K1 = 1.2;
const B = 0.75;

/** One word of the item (or one part of a compound word), with the stem that finds it. */
export interface Term {
  /** The word as the item writes it (the first occurrence); a compound's part as it stands in the word. */
  written: string;
  stem: string;
  /** 3: in the title's first part (the matter); 2: elsewhere in the title; 1: repeated in the text; half that for a compound's last part. */
  weight: number;
  /** For a compound's part: the whole word's stem. */
  partOf?: string;
}

/** A compound part as it stands in the written word ("suicid" in "Suicidsamordning"), else the stem. */
function partAsWritten(word: string, stem: string): string {
  const at = foldDiacritics(word.toLowerCase()).indexOf(stem);
  if (at < 0) return stem;
  // The compound's last part runs to the word's end ("samordning" in "Suicidsamordning", not the stem "samordn").
  const last = at > 0 && at + stem.length >= word.length - 4;
  return (last ? word.slice(at) : word.slice(at, at + stem.length)).toLowerCase();
}

/** The concepts a text writes as phrases of several words, each with where it stands and how it is written. */
function conceptPhrases(text: string): { key: string; written: string; start: number; end: number }[] {
  return analyseQuery(text, Infinity)
    .words.filter((w) => isConceptKey(w.term) && /\s/.test(w.text))
    .map((w) => {
      const start = text.indexOf(w.text);
      return { key: w.term, written: w.text, start, end: start + w.text.length };
    })
    .filter((c) => c.start >= 0);
}

/** A word's terms as the index has them: its stem, then its compound parts' (and any concept it names). */
const termsOfWord = (word: string) => analyseForIndex(word, false).split(' ').filter(Boolean);

/** The words that name what an item is about, as written, each with its stem. */
export function itemTerms(item: Pick<ItemDocument, 'title' | 'text' | 'presenters'>): Term[] {
  const names = new Set(analyseQuery(item.presenters.join(' '), Infinity).stems.split(' '));
  const keep = (s: string) => s.length >= 3 && !GENERIC.has(s) && !names.has(s) && !/^\d+$/.test(s);
  const terms = new Map<string, Term>();
  const add = (word: string, weight: number) => {
    // A pronoun or a particle names no matter ("Övriga frågor – inget övrigt" shares "inget" with every "inget att rapportera").
    if (FUNCTION_WORDS.has(word.toLowerCase())) return;
    const [whole, ...parts] = termsOfWord(word);
    if (!whole || terms.has(whole)) return;
    const written = word.replace(/-$/, '');
    if (keep(whole)) terms.set(whole, { written, stem: whole, weight });
    // A compound's parts find the matter under other compounds: "suicid" in "suicidprevention".
    // The last part is the head, the kind of thing ("samordning"), and says least about the matter.
    const folded = foldDiacritics(written.toLowerCase());
    parts.forEach((part, i) => {
      // The head is the part that ends the word (a concept term the analysis adds may follow it in the list).
      const at = folded.lastIndexOf(part);
      const head = i === parts.length - 1 || (at > 0 && at + part.length >= folded.length - 4);
      if (keep(part) && !terms.has(part))
        terms.set(part, {
          written: partAsWritten(written, part),
          stem: part,
          weight: head ? weight / 2 : weight,
          partOf: whole,
        });
    });
  };
  // "Ny överenskommelse för hälso- och sjukvård i hemmet, sammanställning av remissvar, Malin D":
  // the first part names the matter, later parts an aspect or a presenter.
  titleParts(item.title).forEach((part, i) => {
    const weight = i === 0 ? 3 : 2;
    // A concept written as a phrase ("hälso- och sjukvård i hemmet") is one term, the concept the index
    // gives every item that writes it (or "hemsjukvård"): its words one by one relate any item that has
    // "hälso- och sjukvården" and "hem" somewhere, which most reports do.
    const spans = conceptPhrases(part);
    for (const c of spans)
      if (keep(c.key) && !terms.has(c.key)) terms.set(c.key, { written: c.written, stem: c.key, weight });
    for (const m of part.matchAll(/[\p{L}\p{N}]+-?/gu))
      if (!spans.some((c) => m.index >= c.start && m.index < c.end)) add(m[0], weight);
  });
  // The text's own repeated words (a report's items bring up other matters once each).
  const counts = new Map<string, { n: number; word: string }>();
  for (const word of item.text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const head = termsOfWord(word)[0] ?? '';
    if (head.length < 5 || !keep(head) || terms.has(head) || FUNCTION_WORDS.has(word.toLowerCase())) continue;
    const c = counts.get(head);
    if (c) c.n++;
    else counts.set(head, { n: 1, word });
  }
  for (const [, c] of [...counts]
    .filter(([, c]) => c.n >= 2)
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, TEXT_TERMS))
    add(c.word, 1);
  return [...terms.values()];
}

/** How often each term stands in an item's `stems` field, and how many terms it holds (its length). */
function termCounts(stems: string): { counts: Map<string, number>; length: number } {
  const counts = new Map<string, number>();
  let length = 0;
  for (const term of stems.split(' ')) {
    if (!term) continue;
    length++;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return { counts, length };
}

type Relation = 'earlier' | 'later' | 'same-day' | 'undated';

/** Date order (the thread as it happened, or the newest first), or the best matching first. */
export type RelatedOrder = 'oldest' | 'newest' | 'relevance';

/** An organisation's kind and place for comparison: "Region Örebro län" and "Karlskoga kommun" differ; spelling does not matter. */
const orgKey = (o: string) => {
  const f = foldDiacritics(o.toLowerCase());
  return f.match(/\b(region|kommun|stad|landsting|forbund|forening|myndighet|bolag|lan)\b/)?.[1] ?? f;
};

/** Whether one organisation's text names another ("Region Örebro län" in a kommun's item). */
const names = (text: string, organisation: string | null) =>
  organisation !== null && foldDiacritics(text.toLowerCase()).includes(foldDiacritics(organisation.toLowerCase()));

export async function relatedItems(ctx: SearchContext, id: string, limit = 20, order: RelatedOrder = 'oldest') {
  const index = ctx.client.index<ItemDocument>(ctx.names.items);
  const found = await meili(() =>
    index.search(null, {
      filter: [`id = ${quote(id)}`],
      limit: 1,
      attributesToRetrieve: [
        'id',
        'protocolId',
        'itemNumber',
        'title',
        'text',
        'presenters',
        'meetingDay',
        'meetingDate',
        'body',
        'topics',
        'organisation',
        'caseKeys',
        'docType',
      ],
    }),
  );
  const item = found.hits[0];
  if (!item) throw new AppError('not-found', `Det finns ingen dagordningspunkt med id "${id}".`);
  const summary = {
    id: item.id,
    protocolId: item.protocolId,
    itemNumber: item.itemNumber,
    title: item.title,
    meetingDate: item.meetingDate,
    body: item.body,
  };
  // Formalia (the meeting opened, its justerare chosen, its agenda approved …) is no matter: nothing to follow.
  const formalia = formaliaKind(item.title);
  const none = (terms: string[]) => ({
    item: summary,
    order,
    formalia,
    terms,
    earlier: [],
    sameDay: [],
    later: [],
  });
  if (formalia !== null) return none([]);
  const terms = itemTerms(item);
  const others = [`protocolId != ${quote(item.protocolId)}`];
  const keys = item.caseKeys ?? [];
  // The same case number in another meeting is the same matter, whatever its words.
  const sameCase = new Set<string>();
  if (keys.length > 0) {
    const byCase = await meili(() =>
      itemsIndex(ctx).search(null, {
        filter: [...others, keys.map((k) => `caseKeys = ${quote(k)}`)],
        limit: SHORTLIST,
        attributesToRetrieve: ['id'],
      }),
    );
    for (const h of byCase.hits) sameCase.add(String(h.id));
  }
  if (terms.length === 0 && sameCase.size === 0) return none([]);
  const stems = terms.map((t) => t.stem);
  // Round 1: per stem, how many items have it (its rarity) and which (the candidates). An OR over
  // the words, which neither "last" nor "frequency" matching gives: both require some one word.
  const round1 = await meili(() =>
    ctx.client.multiSearch({
      queries: [
        { indexUid: ctx.names.items, q: null, limit: 0 },
        ...stems.map((stem) => ({
          indexUid: ctx.names.items,
          q: stem,
          attributesToSearchOn: ['stems'],
          matchingStrategy: 'all' as const,
          filter: others,
          limit: PER_STEM,
          attributesToRetrieve: ['id'],
        })),
      ],
    }),
  );
  const total = Math.max(1, round1.results[0]?.estimatedTotalHits ?? 1);
  // A word's share of the item: its place in the item times its rarity in the corpus. A word no
  // other meeting has ("suicidsamordning" where others write "suicidprevention") can relate
  // nothing, so it weighs nothing: otherwise its rarity would drown the parts that do relate.
  const mass = new Map(
    terms.map((t, i) => {
      const n = round1.results[i + 1]?.estimatedTotalHits ?? 0;
      return [t.stem, n === 0 ? 0 : t.weight * Math.log(1 + total / (n + 1))];
    }),
  );
  const whole = [...mass.values()].reduce((a, b) => a + b, 0);
  const scoreOf = (present: ReadonlySet<string>) =>
    terms.reduce((sum, t) => sum + (present.has(t.stem) ? mass.get(t.stem)! : 0), 0) / whole;

  // A first score from the stems each candidate was found by (a common stem's list may be cut
  // at PER_STEM, so this only preselects), then the exact one from the candidates' own stems.
  const foundBy = new Map<string, Set<string>>();
  stems.forEach((stem, i) => {
    for (const hit of round1.results[i + 1]?.hits ?? []) {
      const key = String(hit.id);
      if (!foundBy.has(key)) foundBy.set(key, new Set());
      foundBy.get(key)!.add(stem);
    }
  });
  const shortlist = [
    ...[...sameCase].map((key) => ({ key, score: 1 })),
    ...[...foundBy]
      .filter(([key]) => !sameCase.has(key))
      .map(([key, present]) => ({ key, score: whole > 0 ? scoreOf(present) : 0 }))
      .filter((c) => c.score >= MIN_SCORE / 2)
      .sort((a, b) => b.score - a.score)
      .slice(0, SHORTLIST),
  ];
  const written = [...new Set(terms.filter((t) => !t.partOf).map((t) => t.written))];
  if (shortlist.length === 0) return none(written);
  const round2 = await meili(() =>
    itemsIndex(ctx).search(null, {
      filter: [shortlist.map((c) => `id = ${quote(c.key)}`)],
      limit: shortlist.length,
      attributesToRetrieve: [...HIT_FIELDS, 'meetingDay', 'stems', 'text', 'decisions', 'organisation'],
    }),
  );
  // The weight a shared word needs to be the matter: the title's first part where it has content words.
  const matterWeight = Math.max(1, ...terms.filter((t) => t.weight >= 2).map((t) => t.weight));
  const candidates = (round2.hits as Record<string, unknown>[]).map((h) => ({
    h,
    ...termCounts(String(h.stems ?? '')),
  }));
  // The usual length, from the candidates themselves (a sample of the corpus, if one leaning to long items).
  const lengths = candidates.map((c) => c.length).sort((a, b) => a - b);
  const usual = Math.max(1, lengths[Math.floor(lengths.length / 2)] ?? 1);
  const hits = candidates
    .map(({ h, counts, length }) => {
      const { meetingDay, stems: _stems, text, organisation, ...rest } = h;
      const present = new Set(counts.keys());
      const title = new Set(
        String(rest.title ?? '')
          .split(/\s+/)
          .flatMap(termsOfWord),
      );
      // A word of its title counts whole; one of its text by how often and in how long a text.
      const share = (stem: string) => {
        const tf = counts.get(stem) ?? 0;
        if (tf === 0) return 0;
        if (title.has(stem)) return 1;
        return Math.min(1, bm25Tf(tf, K1, B, length / usual));
      };
      const weighed = (t: Term) => mass.get(t.stem)! * share(t.stem);
      const caseMatch = sameCase.has(String(rest.id));
      // The matter, not a shared kind of thing: a word of the title's matter part (not only a compound's head)
      // must be shared ("suicid" from "Suicidsamordning", not "samordning" or a word of the text).
      const matter = terms.some((t) => t.weight >= matterWeight && present.has(t.stem));
      // The matter as a whole word or concept, not only a part of one: "personal" of "Personalrapport" is in
      // every organisation's texts, "samsjuklighet" is the matter itself.
      const wholeMatter = terms.some((t) => t.weight >= matterWeight && !t.partOf && present.has(t.stem));
      // Within one organisation, unless one names the other. Where a letterhead was not read (the
      // organisation unknown), only the same body is known to be the same organisation: counting every
      // unknown as the same related a Finnish town's personnel matters to a Swedish region's by one word.
      const org = organisation as string | null;
      const sameOrganisation =
        (org !== null && item.organisation !== null
          ? orgKey(org) === orgKey(item.organisation)
          : rest.body !== null && rest.body !== UNKNOWN_BODY && rest.body === item.body) ||
        names(String(text ?? ''), item.organisation) ||
        names(item.text, org);
      // The shared words that carry the relation (not a common word that happens to be there).
      const matched = terms
        .filter((t) => present.has(t.stem) && (weighed(t) >= whole * 0.04 || t.weight >= matterWeight))
        .sort((a, b) => b.weight - a.weight || mass.get(b.stem)! - mass.get(a.stem)!);
      const day = meetingDay as number | null;
      const relation: Relation =
        item.meetingDay === null || day === null
          ? 'undated'
          : day < item.meetingDay
            ? 'earlier'
            : day > item.meetingDay
              ? 'later'
              : 'same-day';
      // A meeting's own kallelse or föredragningslista beside its minutes is the same meeting, not another.
      const sameMeeting =
        relation === 'same-day' &&
        rest.body === item.body &&
        item.body !== null &&
        item.body !== UNKNOWN_BODY &&
        (isAgendaType(item.docType) || isAgendaType(rest.docType as string | null));
      const decisions = (rest.decisions ?? []) as { kind: string; text: string }[];
      const score = whole > 0 ? terms.reduce((sum, t) => sum + weighed(t), 0) / whole : 0;
      return {
        ...(rest as HitFields & Pick<ItemDocument, 'decisions'>),
        relation,
        day,
        // Another organisation's item (neither naming the other) must share the matter much more clearly, and
        // as a whole word. Formalia is no matter: another meeting's opening shares "öppnande", not a question.
        keep:
          !sameMeeting &&
          formaliaKind(String(rest.title)) === null &&
          (caseMatch || (matter && (sameOrganisation || (wholeMatter && score >= 2 * MIN_SCORE)))),
        /** The same diarienummer. */
        sameCase: caseMatch,
        /** The item decides on the matter (a substantive decision): always a main entry. */
        decides: decisions.some((d) => d.kind === 'substantive') && (caseMatch || matter),
        score: caseMatch ? 1 : Math.round(score * 1000) / 1000,
        // The item's own words this one shares, as the item writes them, the matter's first.
        // A part only where its whole word is not shared ("suicid" from "suicidprevention", not "sjuk" beside "sjukvård").
        matched: [...new Set(matched.filter((t) => !t.partOf || !present.has(t.partOf)).map((t) => t.written))].slice(
          0,
          6,
        ),
        snippet: snippet(
          String(text ?? ''),
          matched.map((t) => t.stem),
          24,
        ),
        pdfUrl: `/api/protocols/${encodeURIComponent(String(rest.protocolId))}/source#page=${String(rest.page)}`,
      };
    })
    .filter((h) => h.keep && (h.sameCase || h.score >= MIN_SCORE))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ keep: _keep, ...h }) => h);
  // Date order by default: the thread as it happened (or newest first); relevance on request.
  const byDate = (a: { day: number | null }, b: { day: number | null }) =>
    (order === 'newest' ? -1 : 1) * ((a.day ?? 0) - (b.day ?? 0));
  if (order !== 'relevance') hits.sort(byDate);
  const of = (relation: Relation) => hits.filter((h) => h.relation === relation).map(({ day: _day, ...h }) => h);
  return {
    item: summary,
    order,
    formalia,
    terms: written,
    earlier: of('earlier'),
    sameDay: [...of('same-day'), ...of('undated')],
    later: of('later'),
  };
}
