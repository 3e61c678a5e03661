/**
 * The parts of an agenda item as a clerk writes them: handlings (the current
 * one and recited earlier ones, "Stadsstyrelsen 5.9.2022, 186 §"), and within
 * each labelled blocks: the proposal ("Förslag:", "Stadsdirektör X:s förslag:",
 * "Förslag till beslut"), the decision ("Beslut:", "Välfärdsnämndens beslut:"),
 * the preparation ("Beredning:") and the narrative in between.
 *
 * Labels are told apart by their last word, compared with "beslut" and
 * "förslag" allowing a few wrong letters: meeting-system exports with broken
 * fonts print "Vvllvrdsnvmndens beslut:i", "älfälrisälnäieäs besftt:",
 * "Bildningsdirektörs lörslag:". A label too garbled to read ("Secussey
 * nilsnns bnsilre:") is read from its place: the last label of a handling is
 * its decision, one before a decision its proposal. Pure.
 */

export type BlockKind = 'proposal' | 'decision' | 'preparation' | 'narrative';

export interface Block {
  kind: BlockKind;
  /** The label line as written ("Stadsdirektör Martin Norrgårds förslag:"); "" for narrative. */
  label: string;
  /** The block's text without its label, lines as in the item. */
  text: string;
  /** Offsets in the item text: where the label (or the narrative) starts, where the content starts, where it ends. */
  start: number;
  contentStart: number;
  end: number;
  /** The handling the block belongs to (0: the item's own, when no handling header precedes it). */
  handling: number;
}

export interface Handling {
  /** "Stadsstyrelsen 5.9.2022, 186 §" as written; null for the part before any header. */
  header: string | null;
  body: string | null;
  start: number;
}

export interface ItemStructure {
  handlings: Handling[];
  blocks: Block[];
}

/** "Stadsstyrelsen 5.9.2022, 186 §", "Välfärdsnämnden 15.9.2022, 44 §", "KS § 212 2019-05-06", "Kommunstyrelsen 2019-05-06 § 12". */
export const HANDLING =
  /^\s*(\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,4}?)\s*,?\s+(?:(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2})\s*,?\s*(?:§\s*\d{1,4}|\d{1,4}\s*§)|§\s*\d{1,4}\s*,?\s*(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}))\s*$/u;

/**
 * What follows a proposal in a kommun protocol, each on a line of its own: the motions, the procedure of the
 * decision and the votes, reservations. A proposal's block ends there, and the chair's ruling is no part of it.
 */
export const DECISION_PROCEDURE =
  /^(?:yrkanden?|beslutsgång|propositionsordning|proposition|omröstning(?:sresultat)?|reservation(?:er)?|protokollsanteckning(?:ar)?|jäv)$/iu;

/** Levenshtein distance, bounded: enough for a label word. */
export function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n]!;
}

const near = (word: string, target: string, max: number) =>
  Math.abs(word.length - target.length) <= max && distance(word, target) <= max;

/** The label's kind from its words, or 'unknown' for a label line too garbled to read. */
function labelKind(label: string): BlockKind | 'unknown' {
  const words = label
    .toLowerCase()
    .replace(/:.*$/, '')
    .split(/[\s/]+/)
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  if (/^(beredning|föredragande|beredare)$/.test(first)) return 'preparation';
  if (
    /^(bakgrund|ärendebeskrivning|ärendet|sammanfattning|beslutsunderlag|bilagor?)$/.test(first) ||
    DECISION_PROCEDURE.test(first)
  )
    return 'narrative';
  if (words.some((w) => /förslag|föreslag/.test(w)) || /^beslutsförslag$/.test(last)) return 'proposal';
  if (near(last, 'förslag', 2) || near(last, 'förslaget', 2)) return 'proposal';
  if (/^(beslut|beslutet|beslutades)$/.test(first) || near(last, 'beslut', 2) || near(last, 'beslutet', 2))
    return 'decision';
  return 'unknown';
}

/**
 * A label line: "Beslut:", "Förslag:", "Beslut: Chefsgruppen beslutar att:", "Kommunstyrelsens beslut",
 * "Stadsdirektör Martin Norrgårds förslag:i" (a stray letter after the colon from a broken font).
 * Returns the label and any content on the same line.
 */
function labelOf(line: string): { label: string; rest: string; kind: BlockKind | 'unknown' } | null {
  const t = line.trim();
  if (!t) return null;
  // "Beslut: text", "Förslag till beslut: text", "Beslut – text"; the text may run on ("Socialchefens förslag:
  // Socialnämnden beslutar att …" on one line), the label itself is short.
  const inline = t.match(
    /^([\p{L}/. -]{0,80}?\b(?:beslut|beslutet|förslag|förslag till beslut|beslutsförslag|beredning))\s*(?::|–|—)\s*(.*)$/iu,
  );
  if (inline) {
    const kind = labelKind(inline[1]!);
    const rest = inline[2]!.trim();
    if (kind !== 'unknown') return { label: inline[1]!, rest: rest.length <= 1 ? '' : rest, kind };
  }
  if (t.length > 110) return null;
  // A line of its own ending in a colon (and perhaps one stray character): at most eight words, no sentence.
  const alone = /^[^:]{1,100}:\s*\p{L}?$/u.test(t) ? t.match(/^([^:]+):/) : null;
  if (
    alone &&
    alone[1]!.trim().split(/\s+/).length <= 9 &&
    /^[\p{L}\p{N}/.,'’\s-]+$/u.test(alone[1]!) &&
    !/[.!?]\s/.test(alone[1]!)
  ) {
    const kind = labelKind(alone[1]!);
    // An unreadable label must at least look like "<role/name>s <word>:" (a genitive before the last word).
    if (kind === 'unknown' && !/\p{L}s\s+\p{L}+\s*$/u.test(alone[1]!.trim())) return null;
    return { label: alone[1]!.trim(), rest: '', kind };
  }
  // "Kommunstyrelsens beslut", "Beslut", "Förslag till beslut" alone on a line; a body named in more words
  // ("Barn- och utbildningsnämndens förslag till beslut"), and a proposal to another body ("Socialnämndens
  // förslag till kommunstyrelsen", as an agenda or a protocol of a preparing body writes it).
  if (
    /^(?:\p{Lu}[\p{L}-]*(?:\s+(?:och|samt)\s+[\p{L}-]+)?s\s+)?(?:beslut|förslag(?:\s+till\s+(?:beslut|\p{L}*(?:nämnd|styrelse|fullmäktige|utskott|råd)\p{L}*(?:\s+\p{L}+){0,6}))?|beslutsförslag)$/iu.test(
      t,
    )
  )
    return { label: t, rest: '', kind: labelKind(t) as BlockKind };
  if (DECISION_PROCEDURE.test(t)) return { label: t, rest: '', kind: 'narrative' };
  return null;
}

/** A line that labels a block of an item ("Beslut", "Bakgrund", "Förslag till beslut:"): no agenda heading. */
export const isItemLabel = (line: string): boolean => labelOf(line) !== null;

/** The item's handlings and labelled blocks. */
export function itemStructure(text: string): ItemStructure {
  const lines = text.split('\n');
  const handlings: Handling[] = [{ header: null, body: null, start: 0 }];
  const marks: { kind: BlockKind | 'unknown'; label: string; start: number; contentStart: number; handling: number }[] =
    [];
  let offset = 0;
  let listingPrevious = false;
  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    const t = line.trim();
    // The appeal instructions printed after the last item (besvärsanvisning) hold no labels of the item.
    if (/^(?:anvisning(?:ar)? (?:för|om hur man) begär|besvärsanvisning|besvärsförbud|hur man söker ändring)/i.test(t))
      break;
    if (/^tidigare\s+behandling(ar)?\s*:?\s*$/i.test(t)) {
      listingPrevious = true;
      continue;
    }
    const h = t.match(HANDLING);
    if (h) {
      // The list under "Tidigare behandling:" names the handlings; each one's own header comes later.
      if (listingPrevious) continue;
      handlings.push({ header: t, body: h[1]!, start });
      marks.push({
        kind: 'narrative',
        label: '',
        start,
        contentStart: start + line.length + 1,
        handling: handlings.length - 1,
      });
      continue;
    }
    // The list under "Tidigare behandling:" ends at a blank line or at prose.
    listingPrevious = false;
    const l = labelOf(line);
    if (!l) continue;
    if (l.kind === 'unknown') {
      // A label too garbled to read counts only where its content is indented under it, as meeting systems print it.
      const after = text
        .slice(offset)
        .split('\n')
        .find((x) => x.trim());
      if (!after || !/^\s+\S/.test(after)) continue;
    }
    const contentStart = l.rest ? start + line.indexOf(l.rest) : start + line.length + 1;
    marks.push({ kind: l.kind, label: l.label, start, contentStart, handling: handlings.length - 1 });
  }
  // Unreadable labels from their place: within a handling, and within one preparation ("Beredning:" opens the
  // current handling where its header is lost), a label before a decision is the proposal, else the decision.
  let group = 0;
  const groups = marks.map((m, i) => {
    if (m.kind === 'preparation' || (i > 0 && m.handling !== marks[i - 1]!.handling)) group++;
    return group;
  });
  marks.forEach((m, i) => {
    if (m.kind !== 'unknown') return;
    const later = marks.filter((_x, j) => j > i && groups[j] === groups[i]);
    m.kind = later.some((x) => x.kind === 'decision' || x.kind === 'unknown') ? 'proposal' : 'decision';
  });
  const blocks: Block[] = [];
  const firstStart = marks[0]?.start ?? text.length;
  if (firstStart > 0 && text.slice(0, firstStart).trim())
    blocks.push({
      kind: 'narrative',
      label: '',
      text: text.slice(0, firstStart),
      start: 0,
      contentStart: 0,
      end: firstStart,
      handling: 0,
    });
  marks.forEach((m, i) => {
    const next = marks[i + 1]?.start ?? text.length;
    const contentStart = Math.min(m.contentStart, next);
    const end = m.kind === 'narrative' ? next : extentOf(text, contentStart, next, m.kind === 'proposal');
    blocks.push({
      kind: m.kind as BlockKind,
      label: m.label,
      text: text.slice(contentStart, end),
      start: m.start,
      contentStart,
      end,
      handling: m.handling,
    });
    // What follows a labelled block up to the next label is narrative again.
    if (end < next && text.slice(end, next).trim())
      blocks.push({
        kind: 'narrative',
        label: '',
        text: text.slice(end, next),
        start: end,
        contentStart: end,
        end: next,
        handling: m.handling,
      });
  });
  return { handlings, blocks };
}

/**
 * The minutes' record of a decision, in the past tense a proposal is never written in: "Mötesplanen fastställdes.",
 * "Samverkansrådet beslutade att anta planen." (a proposal reads "Samverkansrådet beslutar att …"). Not one told with
 * its date or § ("… antogs 2021-05-10", "… beslutade den 22 november 2021, § 90"), which recites history, nor a passive
 * with its agent ("Riktlinjerna antogs av kommunfullmäktige"), another body's decision.
 */
const RECORDED_DECISION =
  /^(?:\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,3}\s+)?(?:beslutade|beslöt|ställde\s+sig\s+bakom|godkände|antog|fastställde|biföll|godkändes|antogs|fastställdes|beslutades|beslöts|bifölls)(?![\p{L}])(?![^.]*(?:\d{1,4}[-./]\d{1,2}|§|\sden\s+\d|\sav\s))[^.]{0,140}\.$/u;

/**
 * Where a labelled block's content ends: at a blank line followed by prose that is neither a list
 * entry, nor indented content (meeting systems indent a label's content), nor announced by a colon;
 * a proposal's also at the decision recorded after it on a line of its own.
 */
function extentOf(text: string, from: number, limit: number, proposal = false): number {
  let at = from;
  let blank = false;
  let previous = '';
  let seen = false;
  for (const line of text.slice(from, limit).split('\n')) {
    const start = at;
    at += line.length + 1;
    if (!line.trim()) {
      blank = true;
      continue;
    }
    const continues =
      /^\s+\S/.test(line) || /^\s*(?:[-•*]|\d{1,2}[.)]|[a-h][.)]|att\b)/i.test(line) || /:\s*$/.test(previous);
    if (blank && seen && !continues) return start;
    if (proposal && seen && RECORDED_DECISION.test(line.trim())) return start;
    blank = false;
    seen = true;
    previous = line;
  }
  return limit;
}

/** "Stadsdirektör Martin Norrgårds förslag" → "Stadsdirektör Martin Norrgård"; "Förslag" → undefined. */
export function proposerOf(label: string): string | undefined {
  const m = label.trim().match(/^(.*\p{L})s\s+(?:\S+)$/u);
  if (!m) return undefined;
  const who = m[1]!.replace(/\s+/g, ' ').trim();
  return who.length >= 3 ? who : undefined;
}
