/**
 * Decisions (beslut) of an agenda item: "Beslut: …" blocks with their lists,
 * "Chefsgruppen beslutar/beslutade att …" (with the att-clauses listed under it),
 * "… ställer sig bakom/positiva till …", "Beslut – …", Dynasty's "KST 47 …" mark,
 * and what associations write in the passive or as the heading itself
 * ("Fastställdes.", "9. Styrelsen beviljades ansvarsfrihet …", "Mötet valde …").
 * Routine procedure (the agenda approved, minutes filed, an adjuster chosen)
 * is kept apart from substantive decisions. Decisions of other
 * bodies reported in the item ("regionstyrelsen beslutade …"), earlier ones
 * ("har tidigare beslutat") and future ones ("Beslut tas vid nästa möte") are
 * not decisions of this meeting.
 */
import { definiteBody } from '../../domain/bodies.js';
import { SWEDISH_MONTHS } from '../../domain/dates.js';
import type { Decision, Proposal, StageResult, Warning } from '../../domain/schemas.js';
import { pageAt, type SegmentedItem } from './segment.js';
import { DECISION_PROCEDURE, itemStructure, proposerOf, type ItemStructure } from './structure.js';

export const VERSION = 'decisions@33';

export interface DecisionContext {
  /** The body holding the meeting ("Chefsgrupp folkhälsa"): its definite form is a subject of decisions. */
  body?: string | null;
}

/** Subjects that refer to the body holding the meeting. */
const GENERIC_SUBJECTS = [
  'chefsgruppen',
  'styrgruppen',
  'gruppen',
  'rådet',
  'samverkansrådet',
  'nämnden',
  'styrelsen',
  'utskottet',
  'arbetsutskottet',
  'mötet',
  'ledningsgruppen',
  'beredningen',
  'vi',
  'deltagarna',
  'ledamöterna',
  'presidiet',
  'sektionen',
  'direktionen',
  'kommittén',
];

/** "Chefsgrupp för samverkan …" → "chefsgruppen"; "Specifika samverkansrådet …" → "samverkansrådet". */
export function definiteBodyNouns(body: string | null | undefined): string[] {
  if (!body) return [];
  const out: string[] = [];
  for (const word of body.toLowerCase().split(/[\s,]+/)) {
    // Definite forms too: "Kommunstyrelsen" (styrelse-n), "Socialnämnden", "Arbetsutskottet".
    if (
      !/(grupp|råd|nämnd|styrelse|utskott|beredning|fullmäktige|forum|nätverk|sektion|direktion|kommitté|möte|stämma)(en|et|a|n|t)?$/.test(
        word,
      )
    )
      continue;
    // "Chefsgrupp" → "chefsgruppen", an association's "Årsmöte" → "årsmötet", "Föreningsstämma" → "föreningsstämman".
    out.push(/(en|et|na)$/.test(word) ? word : definiteBody(word));
  }
  return out;
}

/** What a meeting takes note of: a report, an account, a presentation. */
const TAKEN_NOTE_OF =
  '(?:informationen|redovisningen|rapporten|lägesrapporten|återrapporten|återrapporteringen|redogörelsen|presentationen|föredragningen|dragningen|lägesbeskrivningen)';

/**
 * Taking note decides nothing: "Informationen noteras", "Rapporten läggs till handlingarna", told in the past as
 * minnesanteckningar write it ("Presentationen noterades", "Redogörelsen togs emot").
 */
const NOTED = new RegExp(
  String.raw`^(beslut\s*:?\s*)?${TAKEN_NOTE_OF}\s+(noteras|noterades|antecknas|antecknades|tas emot|togs emot|mottas|mottogs|tas till protokollet|togs till protokollet|godkänns|godkändes|läggs till handlingarna|lades till handlingarna)(?:\s+(?:till\s+protokollet|för\s+kännedom))?\.?$`,
  'iu',
);

/**
 * The body, named in more words, takes note and files: "Vård- och omsorgsnämnden noterar redovisningen och lägger den
 * till handlingarna", "Nämnden tar emot informationen", in the past too: "Chefsgruppen tackade för redovisningen och
 * lade den till handlingarna".
 */
const BODY_TAKES_NOTE = new RegExp(
  String.raw`^(\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,4}\s+)?(?:(?:noterar|noterade|tar emot|tog emot|tackar för|tackade för)\s+${TAKEN_NOTE_OF}(?:\s+och\s+(?:lägger|lade)\s+(?:den|dem|denna)\s+till\s+handlingarna)?|(?:lägger|lade)\s+${TAKEN_NOTE_OF}\s+till\s+handlingarna)\.?$`,
  'iu',
);

/** A sentence that takes note of a report, an account or a presentation: nothing is decided, and nothing reported. */
export const takesNote = (text: string) => NOTED.test(text) || BODY_TAKES_NOTE.test(text);

const ROUTINE = [
  /\b(dagordning(en)?|agendan?|föredragningslistan?)\b[^.\n]{0,40}\b(godkänd(es)?|godkänns|godkännes|fastställ(de|des|s)|antogs|godkände)\b/i,
  /\b(godkän(de|ner|ns|des)|fastställ(de|er|des))\b[^.\n]{0,20}\b(dagordning(en)?|agendan?|föredragningslistan?)\b/i,
  /\b(protokoll(et)?|minnesanteckning(ar|arna)?|anteckningarna|mötesanteckning(ar|arna)?|sammanställningen)\b[^.\n]{0,120}\btill handlingarna\b/i,
  /\b(lades|läggs|lägges)\b[^.\n]{0,40}\btill handlingarna\b/i,
  /\b(utsågs|utses|valdes|väljs)\b[^.\n]{0,30}\btill justerare\b|\bval av justerare\b|\batt (jämte ordföranden )?justera (dagens )?protokoll/i,
  // The meeting found lawful: "Sammanträdet konstaterades vara lagligt sammankallat", "… konstaterade att sammanträdet
  // var lagligt sammankallat"; not the preparation's "konstaterar om nämnden är lagligt sammankallad".
  /\b(?:konstaterades|konstaterade\s+att|befanns|förklarades)\b[^.\n]{0,80}\b(?:laglig(?:t|en)?|i\s+laga\s+ordning)\s+sammankallad?t?\b/i,
  NOTED,
  // "… antecknades för kännedom", "Antecknas till kännedom".
  /(?<![\p{L}])(?:antecknas|antecknades|antecknade|antecknar)\s+(?:[^.\n]{0,60}?\s)?(?:för|till)\s+kännedom\b/iu,
  BODY_TAKES_NOTE,
  // The last meeting's minutes approved: "Minnesanteckningarna godkändes", "Föregående protokoll godkänns".
  /^(?:föregående\s+)?(?:protokoll(?:et)?|minnesanteckning(?:ar|arna)|mötesanteckning(?:ar|arna)|anteckningarna)(?:\s+från\s+(?:föregående|förra|senaste)\s+(?:möte|mötet|sammanträde|sammanträdet))?\s+(?:godkändes|godkänns|godkännes|fastställdes|justerades)\.?$/iu,
];

const isRoutine = (text: string) => ROUTINE.some((re) => re.test(text));

/**
 * The items of a meeting's own procedure, by their heading: its being lawful, its adjusters, its agenda, its
 * officers. Whatever is decided under them is routine, also where a broken font garbles the decision's words
 * ("Tijj protokojjjusterare utsågs …", "Föredragningslistan godkändesE") and the heading is read whole (Dynasty
 * prints it again in its table of contents). A bare "Val av ordförande" elects the group's chair: no procedure.
 */
const PROCEDURAL_TITLE =
  /^(?:(?:sammanträdets|mötets)\s+(?:laglighet|beslutförhet|öppnande|behöriga\s+utlysande)|(?:val|utseende)\s+av\s+(?:två\s+)?(?:protokoll)?juster\p{L}*|justering\s+av\s+protokoll\p{L}*|protokollets\s+justering|(?:godkännande|fastställande)\s+av\s+(?:föredragningslista|dagordning|ärendelista)\p{L}*|(?:föredragningslistans|dagordningens)\s+(?:godkännande|fastställande)|val\s+av\s+(?:mötes|årsmötes|stämmo)(?:ordförande|sekreterare)|val\s+av\s+(?:ordförande|sekreterare)\s+(?:för|vid)\s+(?:mötet|årsmötet|stämman|sammanträdet))/iu;

const VERBS =
  /\b(beslutar|beslutade|beslöt|beslutas|beslutades|beslöts|bestämmer|bestämde|bestämdes|beslut\s+fattades|enades\s+om|enas\s+om|(?:är|var)\s+överens\s+om|(?:tog|tar|fattade|fattar)\s+beslut\s+om|ställer sig|ställde sig|godkänner|godkände|antar|antog|fastställer|fastställde|tillstyrker|tillstyrkte|uppdrar|uppdrog|valde|väljer|utser|utsåg|ger\s+\S+(\s+\S+){0,4}\s+i uppdrag|gav\s+\S+(\s+\S+){0,4}\s+i uppdrag)\b/i;
const STANCE =
  /\bställ(er|de) sig\s+(bakom|positiv[a]?\s+till|negativ[a]?\s+till)|\bställa sig\s+(bakom|positiv[a]?\s+till)/i;
/** Not this meeting's decision: earlier, future, hypothetical, a rule's relative clause ("… som årsmötet beslutar"), or a question. */
const NOT_NOW =
  /\b(tidigare|har beslutat|hade beslutat|har ställt|kommer att besluta|ska besluta|skall besluta|kan besluta|bör besluta|beslut tas|tas beslut|fattas beslut vid|inför beslut|förslag till beslut|inte kan ställa|inte ställer)\b|\bföreslår\s+(?:\S+\s+){0,3}?att\b|\bsom\s+(?:\S+\s+){0,2}(?:beslutar|bestämmer|beslutat|fastställer)\b|\?\s*$/i;

/** Abbreviations written with a stop inside a sentence: "resp.", "bl.a.", "t.ex.", "s.k.", "ca", "enl.", "jfr". */
const ABBREVIATION = String.raw`(?:resp|bl\.a|t\.ex|s\.k|p\.g\.a|fr\.o\.m|t\.o\.m|f\.d|d\.v\.s|dvs|ca|enl|jfr|ang|inkl|exkl|kl|nr|tf|bitr|m\.m|m\.fl|o\.dyl|etc)`;

/** Splits text into sentences with their offsets. */
export function sentences(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  // A line break inside a wrapped sentence (PDF text) is a space; one after a full
  // stop, before a list entry or a blank line, or after a short heading-like line ends it.
  // Line by line, not one pattern over the text: `([^\n]*)\n` rescans a long line from every
  // position (a 100 KB line took seconds). A joined break becomes a space, so offsets stay.
  const lines = text.split('\n');
  // The wrap width of the text: a line that ends well before it, followed by a capital, ended its sentence or list entry.
  const width = lines.reduce((w, l) => Math.max(w, l.trim().length), 0);
  let joined = '';
  for (let i = 0; i < lines.length; i++) {
    const prev = lines[i]!;
    const next = lines[i + 1];
    if (next === undefined) {
      joined += prev;
      break;
    }
    const ends =
      /[.!?:]$/.test(prev.trimEnd()) ||
      DECISION_OPENING.test(next.trim()) ||
      ACTION_OPENING.test(next.trim()) ||
      (width >= 60 &&
        prev.trim().length < 0.8 * width &&
        /^\p{Lu}/u.test(next.trim()) &&
        !/\s(?:i|på|och|att|till|för|med|av|en|ett|den|det|som|om|men|från|vid|hos|inom|under)$/i.test(
          prev.trimEnd(),
        )) ||
      (DECISION_OPENING.test(prev.trim()) && /^\p{Lu}/u.test(next.trim())) ||
      /^\p{Lu}[^.!?]{2,60}\s[–—]\s/u.test(next.trim()) ||
      prev.trim().length < 50 ||
      !next.trim() ||
      /^\s*(?:[-•*]|\d{1,2}[.)]|[a-h][.)]|[ivx]{1,4}[.)])\s/i.test(next);
    joined += ends ? `${prev}\n` : `${prev} `;
  }
  // A stop inside a token ("24.3.2022", "E.N", "3.5") does not end a sentence, nor lose the text before it; nor
  // does an abbreviation's before a word in lower case or a number ("i barnomsorgs- resp. elevpeng", "bl.a. hemtjänst", "kl. 19").
  const re = new RegExp(
    // The abbreviation is looked behind from its stop, so only a stop pays for it.
    `(?:[^.!?\\n]|\\.(?<=(?<![\\p{L}])${ABBREVIATION}\\.)(?=\\s+[\\p{Ll}\\d])|[.!?]+(?=[^.!?\\s]))+(?:[.!?]+(?=\\s|$)|\\n|$)`,
    'gu',
  );
  for (const m of joined.matchAll(re)) {
    const t = m[0].trim();
    if (t) out.push({ text: t, offset: m.index });
  }
  return out;
}

/** "Beslut:", "**Beslut:** Chefsgruppen beslutar att:", "Beslut – Att inte starta …", "Beslutades att …". */
const LABEL = /^(?:beslut|beslutet|beslutades|nämndens beslut|gruppens beslut)\s*(?::|–|—|-\s|(?=\s+att\b))\s*/i;
/** A heading line that only says "Beslut" or whose decision it is: "Kommunstyrelsens beslut", "Styrgruppens beslut:". */
const LABEL_LINE = /^(?:\p{Lu}?[\p{L}-]*(?:s|es)\s+)?beslut\s*:?\s*$/iu;
/** A proposal, not a decision: "Förslag till beslut", "Arbetsutskottets förslag till beslut", "Beslutsförslag". */
const PROPOSAL_LINE =
  /^(?:[\p{L}-]+s\s+)?(?:förslag\s+till\s+beslut|beslutsförslag|förvaltningens\s+förslag|förslag\s+till\s+\p{L}+)\s*:?\s*(.*)$/iu;

const isLabel = (line: string) => (LABEL.test(line) || LABEL_LINE.test(line)) && !/^förslag till beslut/i.test(line);

/**
 * A rule, an attachment's heading or a note about who left: page furniture after a decision, not part of it.
 * Who left is known by its shape too ("… sig från mötet kl. 19.54"), when a broken font spells the verb
 * otherwise ("aelägsnade sig rvn mötet kl. 19.54").
 */
const AFTER_DECISION =
  /^(?:[_–—-]{3,}.*|bilaga\b.*|bilagor\b.*|\S.*\b(?:avlägsnade sig|lämnade (?:mötet|sammanträdet)|anmälde jäv|deltog inte i (?:behandlingen|beslutet))\b.*|\S.*\bsig\s+\S+\s+(?:mötet|sammanträdet)\s+(?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}\.?|protokollsanteckning\b.*|reservation\b.*|justerandes sign.*|utdragsbestyrkande.*)$/i;

interface Mark {
  /** Offset of the label line, and of the decision's first character (after the label). */
  start: number;
  contentStart: number;
}

/** The decisions' blocks: from each label to a blank line followed by prose, the next label, or furniture. */
function labelledBlocks(
  text: string,
  marks: readonly Mark[],
  stops: ReadonlySet<number>,
): { text: string; offset: number; end: number }[] {
  const blocks: { text: string; offset: number; end: number }[] = [];
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (at: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
    return i;
  };
  for (const mark of marks) {
    const i = lineAt(mark.start);
    const labelLine = lines[i]!;
    const first =
      mark.contentStart < starts[i]! + labelLine.length
        ? text.slice(mark.contentStart, starts[i]! + labelLine.length).trim()
        : '';
    const parts = [first];
    let j = lineAt(mark.contentStart) === i ? i + 1 : lineAt(mark.contentStart);
    let blank = false;
    // The decision's own lines: up to a blank line followed by prose that is not a list.
    for (; j < lines.length; j++) {
      const next = lines[j]!;
      const t = next.trim();
      if (!t) {
        blank = true;
        continue;
      }
      if (
        stops.has(starts[j]!) ||
        isLabel(t) ||
        PROPOSAL_LINE.test(t) ||
        AFTER_DECISION.test(t) ||
        /^(beslutsunderlag|ärendebeskrivning|bakgrund|yrkanden?|propositionsordning|expedieras|beslutet skickas|skickas till)\b/i.test(
          t,
        )
      )
        break;
      const isList = /^\s*([-•*]|\d{1,2}[.)]|[a-h][.)]|att\b)/i.test(next);
      const previous = parts[parts.length - 1] ?? '';
      // "Chefsgruppen beslutar att:" announces what follows, even across a paragraph break.
      const announces = /:\s*$/.test(previous);
      if (blank && !isList && !announces && parts.join(' ').trim().length > 0) break;
      // A complete sentence followed by a short title-like line: an attachment or the next part begins.
      if (/[.!]\s*$/.test(previous) && !isList && /^\p{Lu}[^.!?:]{0,60}$/u.test(t) && t.split(/\s+/).length <= 6) break;
      parts.push(t);
      blank = false;
      if (parts.join(' ').length > 900) break;
    }
    const joined = parts.join('\n').trim();
    if (joined) blocks.push({ text: joined, offset: mark.start, end: starts[j] ?? text.length });
  }
  return blocks;
}

/**
 * Whether a decision only points at a proposal stated elsewhere: "Enligt förslag.", "i enlighet med
 * förslaget", "Förslaget godkändes", "Stadsdirektörens förslag godkändes", "anta uppdragsbeskrivningen",
 * "fastställa mötestiderna", "ställer sig bakom förslaget". Read leniently: broken fonts print
 * "-nligt förslag", "Stadsdirektörensnförslagngodkändes", "godklndes", "örslag".
 */
/** Broken fonts print spaces as "n" ("Stadsdirektörensnförslagngodkändes"): restored before the words that matter here. */
export const unglue = (text: string) =>
  text.replace(/(?<=\p{Ll}{3})n(?=\p{Ll}{3})/gu, (m, at: number, all: string) =>
    /^(?:förslag|godk|enlighet|beslut|antecknade)/i.test(all.slice(at + 1, at + 12)) ? ' ' : m,
  );

export function refersToProposal(decision: string): boolean {
  const t = unglue(decision);
  const doc =
    '(?:förslaget|\\p{L}+s\\s+förslag|utkastet(?:\\s+till\\s+förslag)?|uppdragsbeskrivningen|idébeskrivningen|beskrivningen|mötestiderna|mötesdatumen|mötesplanen|sammanträdestiderna|sammanträdesplanen|tidplanen|riktlinjerna|rekommendationen|anhållan|ansökan|framställan|hemställan|remissvaret|yttrandet|utlåtandet|reviderade\\s+\\S+)';
  return (
    /(?:i\s+enlighet\s+med|enligt|som)\s+(?:\S+\s+){0,3}?f?(?:ö|o)r?slag(?:et)?\b/iu.test(t) ||
    /(?:^|[\s-])e?nligt\s+f?örslag/iu.test(t) ||
    /f?örslag(?:et)?\s+(?:godk\p{L}n\p{L}*|antogs|antas|bifölls|bifalls|fastställdes|vann bifall)/iu.test(t) ||
    new RegExp(
      `(?:ställ\\p{L}*\\s+sig\\s+bakom|godk\\p{L}n\\p{L}*|anta|antar|antog|antogs|fastställ\\p{L}*|bifall\\p{L}*|bifaller|tillstyrk\\p{L}*)\\s+(?:\\S+\\s+){0,2}?${doc}(?![\\p{L}])`,
      'iu',
    ).test(t) ||
    // The document in the passive: "Mötesplanen fastställdes", "Riktlinjerna antogs".
    new RegExp(`^${doc}\\s+(?:godkändes|godkänns|antogs|antas|fastställdes|fastställs|bifölls)(?![\\p{L}])`, 'iu').test(
      t,
    )
  );
}

/** A sentence that proposes: "Arbetsutskottet föreslår att", "Förslaget är att", "Förslag på mötestider:", "föreslås". */
const PROPOSING =
  /\bföreslår\b|\bföreslås\b|\bförslag(?:et)?\s+(?:är|innebär|till|på|om)\b|\bföreslagna\b|\banhåller\b|\bansöker\b/i;
/** A proposal that itself only points at another text: "godkänna hallmästarens förslag", "godkänner anhållan". */
const POINTS_ELSEWHERE =
  /(?:förslag(?:et)?|anhållan|ansökan|framställan|bilaga[n]?|utlåtande[t]?)(?![\p{L}])(?!\s+till\b)/iu;

/** Proposals are kept readable: at most this many characters. */
const PROPOSAL_MAX = 2500;

function clip(text: string, from: 'head' | 'tail' = 'head'): string {
  const t = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  if (t.length <= PROPOSAL_MAX) return t;
  if (from === 'head') return `${t.slice(0, PROPOSAL_MAX).replace(/\s+\S*$/, '')} …`;
  // The part nearest the decision, from a sentence start.
  const tail = t.slice(t.length - PROPOSAL_MAX);
  const start = tail.search(/(?<=[.!?:]\s+|\n)\p{Lu}/u);
  return `… ${start > 0 ? tail.slice(start) : tail}`;
}

/** Paragraph starts (after a blank line) of a text. */
function paragraphStart(text: string, at: number): number {
  const before = text.lastIndexOf('\n\n', at);
  return before < 0 ? 0 : before + 2;
}

/**
 * The proposal a decision at `offset` approves: the proposal block before it in the same handling
 * ("Stadsdirektörens förslag: …"); else the paragraph of the item before it that proposes
 * ("Arbetsutskottet föreslår att …", "Förslaget är att …"); else the text since the item's previous
 * decision (what was presented and is now approved). When the proposal itself only points at another
 * text ("godkänna hallmästarens förslag", "godkänner anhållan"), the passages that propose it are added.
 */
function proposalFor(
  item: SegmentedItem,
  structure: ItemStructure,
  offset: number,
  previousDecisionEnd: number,
): Proposal | undefined {
  const text = item.text;
  const here = structure.blocks.find((b) => offset >= b.start && offset < Math.max(b.end, b.start + 1));
  const handling = here?.handling ?? 0;
  const proposals = structure.blocks.filter(
    (b) => b.kind === 'proposal' && b.start < offset && b.handling === handling,
  );
  const last = proposals[proposals.length - 1];
  // An approval printed inside the proposal's block (its label lost): the proposal is what precedes it.
  const labelled = last && offset < last.end ? { ...last, text: text.slice(last.contentStart, offset) } : last;
  if (labelled?.text.trim()) {
    const by = proposerOf(labelled.label);
    // A label that names the content ("Förslag på mötestider under 2021:", "Förslag till uppdrag för …") is part of it.
    const named = /^förslag\s+(?:på|till|om|för)\s+(?!beslut\b)/i.test(labelled.label.trim())
      ? `${labelled.label.trim()}:\n`
      : '';
    let body = clip(named + labelled.text);
    if (POINTS_ELSEWHERE.test(labelled.text)) {
      // What the proposal points at: the handling's own preparation (what was prepared and is now approved),
      // and passages that propose it further on (an attachment: "… anhåller om att få införa …").
      const extra: string[] = [];
      for (const b of structure.blocks) {
        if (
          b.kind !== 'narrative' &&
          b.kind !== 'preparation' &&
          !(b.kind === 'proposal' && b.start === labelled.start)
        )
          continue;
        const own = b.handling === handling && b.end <= labelled.start;
        const text = b.kind === 'proposal' ? item.text.slice(Math.max(offset, b.contentStart), b.end) : b.text;
        if (own && b.label === '' && !text.trim()) continue;
        if (own) {
          if (text.trim() && !extra.some((e) => e.includes(text.trim()))) extra.push(text.trim());
          continue;
        }
        if (b.start < offset && b.kind !== 'proposal') continue;
        for (const sentence of sentences(text))
          if (PROPOSING.test(sentence.text)) {
            const from = paragraphStart(text, sentence.offset);
            const stop = text.indexOf('\n\n', sentence.offset);
            // "… föreslår följande:" announces a table or list: it runs to the end of the passage.
            const para = text.slice(from, /:\s*$/.test(sentence.text) || stop < 0 ? text.length : stop).trim();
            if (para && !extra.some((e) => e.includes(para))) extra.push(para);
          }
      }
      if (extra.length > 0) body = clip(`${named}${labelled.text.trim()}\n…\n${extra.join('\n…\n')}`);
    }
    return { text: body, page: pageAt(item, labelled.contentStart), ...(by ? { by } : {}) };
  }
  // No labelled proposal: the window since the previous decision, from the paragraph that proposes, up to the
  // motions and procedure that lead to the decision ("Yrkanden", "Beslutsgång").
  const procedure = structure.blocks.find(
    (b) => b.start >= previousDecisionEnd && b.start < offset && DECISION_PROCEDURE.test(b.label),
  );
  const window = text.slice(previousDecisionEnd, procedure?.start ?? offset);
  if (!window.trim()) return undefined;
  const proposing = sentences(window).find((s) => PROPOSING.test(s.text));
  // From the sentence that proposes when it opens with its proposer ("Arbetsutskottet föreslår att …"):
  // what its paragraph said before ("Ingmar Ångman rapporterade.") is no part of the proposal.
  const own = proposing && /^\p{Lu}[\p{L}-]+(?:\s+\p{L}+){0,3}?\s+föreslår\b/u.test(proposing.text.trim());
  const from = proposing ? (own ? proposing.offset : paragraphStart(window, proposing.offset)) : 0;
  const span = window.slice(from);
  if (!span.trim()) return undefined;
  const lead = span.length - span.trimStart().length;
  const by = proposing?.text.match(/^(\p{Lu}[\p{L}-]+(?:\s+\p{L}+){0,3}?)\s+föreslår\b/u)?.[1];
  return { text: clip(span, 'tail'), page: pageAt(item, previousDecisionEnd + from + lead), ...(by ? { by } : {}) };
}

/** A sentence that is only an approval: "Stadsdirektörens förslag godkändes.", "Enligt förslag.", "Förslaget godkändes.". */
const APPROVAL =
  /^(?:[\p{L}-]+s\s+)?f?örslag(?:et)?\s+godk\p{L}n\p{L}*\.?$|^[-–]?e?nligt\s+f?örslag(?:et)?\.?$|^förslaget\s+(?:antogs|bifölls)\.?$/iu;

/** A line that opens an action point: "Ingmar bjuder in …", "Hanna och Sanna tar vidare kontakt …", "Marina återkopplar …". */
const ACTION_OPENING =
  /^\p{Lu}\p{L}+(?:\s+(?:och\s+)?\p{Lu}\p{L}+)*\s+(?:återkommer|återkopplar|tar\s+(?:upp|fram|vidare|kontakt)|bjuder\s+in|kontaktar|sammanställer|sammankallar|fick\s+i\s+uppdrag|får\s+i\s+uppdrag|har\s+fått)(?![\p{L}])/u;

/**
 * A decision told in the passive, the body unnamed, as minutes of associations and small boards write it:
 * "Fastställdes.", "Dagordningen godkändes.", "Styrelsen beviljades ansvarsfrihet för 2022", "Till kassör på
 * 2 år valdes Claes Norman", "Beslöts att …". Often it is the item's whole heading ("9. Styrelsen beviljades …").
 */
const PASSIVE_DECISION =
  /^(?:(?:beslöts|beslutades)\s+att\b|(?:[^.?!]{0,120}?\s)?(?:godkändes|beviljades|antogs|fastställdes|beslutades|beslöts|valdes|omvaldes|nyvaldes|utsågs|utses|väljs|bordlades|avslogs|bifölls|tillstyrktes|förklarades)(?![\p{L}]))/iu;
/** Not this meeting's: "… valdes 2019 till …" told of earlier, a question, "om … godkändes". */
const PASSIVE_NOT_NOW =
  /\b(tidigare|förra året|i fjol|om|när|innan|eftersom|som)\b[^.]{0,40}\b(godkändes|valdes|antogs|fastställdes|beslutades|beslöts|beviljades)\b|\b(ska|skall|kommer\s+att|bör|kan|får|måste|behöver)\s+(?:\S+\s+){0,2}?(utses|väljs)\b|^eventuellt\b|\bförklarades\s+(?:\S+\s+)?(?:öppna[dt]|avsluta[dt]|stängt)|\?\s*$/i;
/**
 * Decided at a time told after the verb, so not at this meeting: "Handlingsplanen antogs i maj 2023",
 * "… fastställdes 2021-05-10", "… godkändes den 4 mars", "Nämnden beslutade på sammanträdet den 22 november 2021,
 * § 90, om att …", "Kommunstyrelsen beslutade 14 september 2016 § 132 att …" (a background's history, not
 * the item's decision). The time stands before any "att": "… beslutade att nästa möte hålls den 3 maj" is today's.
 */
const DATED = new RegExp(
  String.raw`\b(?:godkändes|antogs|fastställdes|beslutades|beslöts|beslutade|beslöt|antog|fastställde|godkände)\s+(?:(?!att\b)\S+\s+){0,4}?(?:i\s+(?:${SWEDISH_MONTHS.join('|')})(?!\p{L})|(?:i|under|år)\s+(?:19|20)\d{2}(?!\d)|den\s+\d{1,2}\s|\d{1,2}\s+(?:${SWEDISH_MONTHS.join('|')})(?!\p{L})|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})`,
  'iu',
);
const passiveNotNow = (text: string) => PASSIVE_NOT_NOW.test(text) || DATED.test(text);
/** Procedure told in an election or the passive: the meeting's officers, its being lawful, the agenda, the roll. */
const PROCEDURE =
  /\b(mötesordförande|mötessekreterare|ordförande\s+(?:för|vid)\s+(?:mötet|årsmötet|stämman)|sekreterare\s+(?:för|vid)\s+(?:mötet|årsmötet|stämman)|\p{L}*justera(?:re|rna|ren)?(?![\p{L}])|justeringsm\p{L}*|rösträknare|röstlängd|behörigt|stadgeenligt|dagordning\p{L}*|föredragningslista\p{L}*|kallelse\p{L}*)/iu;

/** A decision told in the passive or as an election: procedure ("Dagordningen godkändes", "… till mötesordförande") or not. */
const passiveKind = (text: string): Decision['kind'] =>
  isRoutine(text) || PROCEDURE.test(text) ? 'routine' : 'substantive';

/**
 * The chair's ruling on the question put (kommunallagen's procedure): "Ordföranden frågar om nämnden kan godkänna
 * redovisningen och finner att så sker", "Ordföranden ställer proposition på yrkandena och finner att nämnden bifaller
 * Per Bergs yrkande", "Ordföranden finner bifall till eget yrkande". Where a protocol writes its decision apart
 * ("Socialnämndens beslut"), the ruling is the procedure before it; where it writes none, the ruling is the decision.
 */
const RULING =
  /\b(?:ordförande\p{L}*|ordf\.)\s[^.]*?\bfinner\s+(?:att\s+(?:så\s+(?:sker|är\s+fallet)|[^.]{0,100}?\b(?:beslut(?:ar|at)|bifall(?:er|it|its|s)|ant(?:ar|agit|agits|as)|godkänn(?:er|s)|godkänt|godkänts|avslå(?:r|s)|avslagit|fastställ\p{L}*|ställer\s+sig\s+bakom)(?![\p{L}]))|(?:det|detta|förslaget|yrkandet)\s+(?:vara\s+)?(?:bifallet|antaget|godkänt)|bifall\s+(?:till|för)\b)/iu;
/** A ruling on a proposal or a motion ("… förvaltningens förslag …", "… Per Bergs yrkande") approves it. */
const RULES_ON_PROPOSAL = /förslag|yrkande/i;

/** A decision that ends at its verb, its clauses listed below it: "Socialnämnden beslutar" / "att …" / "att …". */
const ANNOUNCES_LIST = /(?<![\p{L}])(?:beslutar|beslutade|beslöt|beslutas|beslutades|beslöts)\s*:?\s*$/iu;

/** A line that opens a decision sentence: "Chefsgruppen beslutade …", "Styrgruppen ställer sig bakom …". */
const DECISION_OPENING =
  /^\p{Lu}[\p{L}-]+(?:\s+\p{L}+){0,2}\s+(?:beslut(?:ar|ade)|beslöt|ställ(?:er|de)\s+sig|godkän(?:ner|de)|ant(?:ar|og)|fastställ(?:er|de)|uppdr(?:ar|og))\b/u;

export function findDecisions(item: SegmentedItem, context: DecisionContext = {}): StageResult<Decision[]> {
  const warnings: Warning[] = [];
  const found: { decision: Decision; offset: number; end: number }[] = [];
  const subjects = new Set([...GENERIC_SUBJECTS, ...definiteBodyNouns(context.body)]);
  const text = item.text;
  const structure = itemStructure(text);

  // Decision labels: the ones the structure reads (garbled ones too) and "Beslut – …", "Beslutades att …".
  const marks = new Map<number, Mark>();
  for (const b of structure.blocks)
    if (b.kind === 'decision') marks.set(b.start, { start: b.start, contentStart: b.contentStart });
  // Dynasty's older minutes mark the decision with the body's code and the item's number: "KST 47 Föredragningslistan
  // godkändes …" under "§ 47, KST 2011-03-07 18:00"; what stands before the mark is the preparation.
  const digits = item.number.match(/\d+/)?.[0];
  const codeMark = digits ? new RegExp(String.raw`^\p{Lu}{2,10}:?\s+${digits}(?!\d)\s*(?=\S)`, 'u') : null;
  let prepared = 0;
  let at = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    const code = codeMark?.exec(t);
    if (!marks.has(at) && code) {
      marks.set(at, { start: at, contentStart: at + line.indexOf(t) + code[0].length });
      prepared = prepared || at;
    } else if (!marks.has(at) && isLabel(t) && !structure.blocks.some((b) => b.start === at && b.kind === 'proposal')) {
      const rest = LABEL_LINE.test(t) ? '' : t.replace(LABEL, '');
      marks.set(at, { start: at, contentStart: rest ? at + line.indexOf(rest) : at + line.length + 1 });
    }
    at += line.length + 1;
  }
  const stops = new Set(structure.blocks.filter((b) => b.kind !== 'narrative' || b.label).map((b) => b.start));
  for (const b of structure.handlings) stops.add(b.start);
  const blocks = labelledBlocks(
    text,
    [...marks.values()].sort((a, b) => a.start - b.start),
    stops,
  );
  for (const b of blocks) {
    // "Beslut: Dagordningen godkändes." is procedure; a longer block decides something.
    found.push({
      decision: {
        text: b.text,
        kind: isRoutine(b.text) && b.text.length < 200 ? 'routine' : 'substantive',
        page: pageAt(item, b.offset),
      },
      offset: b.offset,
      end: b.end,
    });
  }
  // Sentences under a proposal heading ("Förslag till beslut: Nämnden beslutar att …") are not decisions.
  const proposals = structure.blocks.filter((b) => b.kind === 'proposal').map((b) => ({ offset: b.start, end: b.end }));
  if (prepared > 0) proposals.push({ offset: 0, end: prepared });
  const insideBlock = (offset: number) => [...blocks, ...proposals].some((b) => offset >= b.offset && offset < b.end);

  const insideDecision = (offset: number) => blocks.some((b) => offset >= b.offset && offset < b.end);
  // "Socialnämnden beslutar" / "att godkänna …" / "att …": the att-clauses under an unlabelled decision.
  const listed: { offset: number; end: number }[] = [];
  const all = sentences(text);
  for (const s of all) {
    if (listed.some((b) => s.offset >= b.offset && s.offset < b.end)) continue;
    // "Stadsdirektörens förslag godkändes." standing in a proposal's block whose decision label was lost.
    if (!insideDecision(s.offset) && s.text.length < 120 && APPROVAL.test(unglue(s.text))) {
      found.push({
        decision: { text: s.text, kind: 'substantive', page: pageAt(item, s.offset) },
        offset: s.offset,
        end: s.offset + s.text.length,
      });
      continue;
    }
    if (insideBlock(s.offset)) continue;
    if (isRoutine(s.text)) {
      found.push({
        decision: { text: s.text, kind: 'routine', page: pageAt(item, s.offset) },
        offset: s.offset,
        end: s.offset + s.text.length,
      });
      continue;
    }
    const verb = s.text.match(VERBS);
    // "Fastställdes.", "Kassören beviljades ansvarsfrihet.": a short sentence in the passive at the item's start.
    if (
      (!verb || verb.index === undefined) &&
      s.offset < 200 &&
      s.text.length < 160 &&
      PASSIVE_DECISION.test(s.text.trim()) &&
      !passiveNotNow(s.text) &&
      !insideBlock(s.offset)
    ) {
      found.push({
        decision: {
          text: s.text.trim(),
          // A bare verb ("Godkändes.") answers the heading: "Godkännande av kallelse" is procedure.
          kind: /^\p{L}+\.?$/u.test(s.text.trim()) ? passiveKind(`${item.title} ${s.text}`) : passiveKind(s.text),
          page: pageAt(item, s.offset),
        },
        offset: s.offset,
        end: s.offset + s.text.length,
      });
      continue;
    }
    if (!verb || verb.index === undefined) continue;
    if (NOT_NOW.test(s.text) || DATED.test(s.text)) continue;
    // The subject stands right before the verb ("Specifika samverkansrådet beslutar", "Det beslutades").
    const before = s.text
      .slice(0, verb.index)
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean);
    const passive = /^(beslutas|beslutades|beslöts|bestämdes|beslut\s+fattades)$/i.test(verb[1]!) && before.length <= 2;
    // The body named in full right before the verb: "Kommunstyrelsens arbetsutskott beslutar".
    const fullName =
      context.body !== undefined &&
      context.body !== null &&
      s.text.slice(0, verb.index).trim().toLowerCase().endsWith(context.body.toLowerCase());
    const named = before
      .slice(-4)
      .map((w) => w.replace(/[^\p{L}]/gu, ''))
      .filter((w) => subjects.has(w));
    const subject = fullName || named.length > 0;
    const reported = /\b(informerade|rapporterade|berättade|meddelade|redovisade) (om )?att\b/i.test(
      s.text.slice(0, verb.index),
    );
    if ((!subject && !passive) || reported) continue;
    if (/^(ställer sig|ställde sig)$/i.test(verb[1]!) && !STANCE.test(s.text)) continue;
    const election = /^(valde|väljer|utser|utsåg)$/i.test(verb[1]!);
    // An election is the meeting's or the body's, not what "vi valde" in a survey told of.
    if (election && !fullName && !named.some((w) => !/^(vi|deltagarna|ledamöterna)$/.test(w))) continue;
    const list = ANNOUNCES_LIST.test(s.text)
      ? labelledBlocks(text, [{ start: s.offset, contentStart: s.offset }], stops)[0]
      : undefined;
    if (list?.text.includes('\n')) listed.push({ offset: list.offset, end: list.end });
    found.push({
      decision: {
        text: list?.text ?? s.text,
        // "Mötet valde Elin Andersson till mötesordförande": the meeting's officers are procedure.
        kind: election ? passiveKind(s.text) : 'substantive',
        page: pageAt(item, s.offset),
      },
      offset: s.offset,
      end: list ? list.end : s.offset + s.text.length,
    });
  }
  // No sentence decided: the chair's ruling on the question put is the decision (see RULING).
  const rulings = new Set<number>();
  if (!found.some((f) => f.decision.kind === 'substantive'))
    for (const s of all) {
      if (insideBlock(s.offset) || !RULING.test(s.text)) continue;
      const told = s.text.trim();
      found.push({
        decision: { text: told, kind: passiveKind(told), page: pageAt(item, s.offset) },
        offset: s.offset,
        end: s.offset + s.text.length,
      });
      if (RULES_ON_PROPOSAL.test(told)) rulings.add(s.offset);
    }
  // The heading itself told the decision ("9. Styrelsen beviljades ansvarsfrihet …"), the item's text adding none.
  const title = item.title.replace(/\s+/g, ' ').trim();
  if (found.length === 0 && PASSIVE_DECISION.test(title) && !passiveNotNow(title)) {
    // "Till ordförande för årsmötet valdes" / "Bertram Langemar": a heading that ends at its verb names whom below.
    const first = /(?:valdes|utsågs|omvaldes|nyvaldes)$/i.test(title) ? (all[0]?.text.trim() ?? '') : '';
    const told = first ? `${title} ${first}` : title;
    found.push({
      decision: {
        text: told,
        kind: passiveKind(told),
        page: item.pages[0] ?? 1,
      },
      offset: 0,
      end: first ? text.indexOf(first) + first.length : 0,
    });
  }
  // In the order of the text, each approval with the proposal it approves.
  found.sort((a, b) => a.offset - b.offset);
  if (PROCEDURAL_TITLE.test(item.title.trim())) for (const f of found) f.decision = { ...f.decision, kind: 'routine' };
  let previousEnd = 0;
  const decisions = found.map(({ decision, offset, end }) => {
    const out =
      decision.kind === 'substantive' && (rulings.has(offset) || refersToProposal(decision.text))
        ? (() => {
            const proposal = proposalFor(item, structure, offset, previousEnd);
            return proposal ? { ...decision, proposal } : decision;
          })()
        : decision;
    previousEnd = Math.max(previousEnd, end);
    return out;
  });
  return { value: decisions, warnings };
}
