/**
 * Meeting bodies (organ) by their canonical name: what a "by body" facet, filter
 * and trend count on.
 *
 * A body is written into protocols with much around it: page furniture
 * ("Sida 2(14) Omsorgsnämnden", "PROTOKOLL 1(40) Socialnämnden"), numbers
 * ("Styrelsen Nr 2"), dates ("Kommunstyrelsen 12-30"), the attendees who
 * follow the title, and the organisation's letterhead. The canonical name is
 * the body's noun phrase alone: a word that names a body (nämnd, styrelse,
 * råd, utskott, grupp, möte …) with the modifiers before it ("Specifika",
 * "Barn- och") and its complement after it ("för social välfärd samt vård och
 * omsorg", "folkhälsa", "i Örebro län"), and nothing else. A protocol whose
 * body cannot be told is filed under {@link UNKNOWN_BODY}, never under a fragment.
 * Spellings of one body across protocols (case, "Kultur- och"/"Kultur och",
 * "Socialnämnd"/"Socialnämnden") are one body: {@link BodyAliases}.
 */
import { swedishDictionary } from './swedish/dictionary.js';
import { memoize } from './swedish/memo.js';
import { stem } from './swedish/stem.js';

/** The body of a protocol whose body cannot be told. */
export const UNKNOWN_BODY = 'Okänt organ';

/** A word that names a meeting body, alone or as the last part of a compound. */
const BODY_NOUN =
  /(?:nämnd|styrelse|fullmäktige|utskott|beredning|råd|grupp|sektion|kommitté|delegation|direktion|forum|nätverk|möte|stämma|presidi|kollegi|konferens|revision|ledning|kommission|förbund)(?<ending>en|et|n|t|na|ns|ts|s|ens|ets|erna|ernas|ar|arna|er|a|e)?$/iu;

/** Organisations whose name also reads like a body word ("Socialstyrelsen" is an authority, not its board). */
const AUTHORITY = /^(?:social|läns|rikspolis|transport|skol|kriminalvårds|migrations|arbetsmiljö)styrelsen$/iu;

const MONTHS =
  'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec';
const WEEKDAYS = '(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?';

/** Page furniture, document words, numbers and dates that stand around a body's name. */
const FURNITURE: readonly RegExp[] = [
  // Dates and times: "12 mars 2019", "tisdagen den 5 mars", "2019-03-05", "15.9.2022", "12-30", "kl 13.00".
  new RegExp(
    `(?:${WEEKDAYS}\\s+)?(?:den\\s+)?\\d{1,2}(?:\\s*[-–]\\s*\\d{1,2})?\\s+(?:${MONTHS})\\.?(?:\\s+\\d{4})?`,
    'giu',
  ),
  new RegExp(`${WEEKDAYS}`, 'giu'),
  /\b(?:kl\.?|klockan)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?/giu,
  // Page numbers and counts: "Sida 2(14)", "sid. 3", "1(40)", "3 av 12", "2/14".
  /\b(?:sida|sid\.?|page|s\.)\s*\d+(?:\s*(?:\(\s*\d+\s*\)|av\s+\d+|\/\s*\d+))?/giu,
  /\d+\s*\(\s*\d+\s*\)|\b\d+\s+av\s+\d+\b/giu,
  // "Nr 2", "nr. 2/2020", "Dnr KS 2019/12", "§ 12", "KS § 3", "§§ 1–12", "Paragrafer 1-12".
  /\b(?:d?nr|nummer|löpnummer)\.?\s*:?\s*(?:\p{Lu}{1,6}\s+)?[\d/.-]+/giu,
  /(?:\b\p{Lu}{1,6}\s*)?§+\s*[\d\s,–-]*/gu,
  /\bparagrafer(?:na)?\b/giu,
  // Document and form words: "Protokoll", "SAMMANTRÄDESPROTOKOLL", "Protokollsutdrag", "Justerandes sign" …
  /\b(?:sammanträdes|mötes|justerings)?protokoll(?:s?utdrag|et)?\b|\butdrag\s+ur\b/giu,
  /\b(?:mötes|minnes)?anteckningar(?:na)?\b|\bkallelse\b|\bföredragningslista\b|\bdagordning\b/giu,
  /\bjusterandes?\s+sign(?:atur)?\b|\butdragsbestyrkande\b|\bordförandes\s+sign\b/giu,
  /\bsammanträdes(?:datum|tid|dag|plats)\b|\bmötes(?:datum|tid|dag)\b|\bdatum\b|\bbeteckning\b|\bbilaga\b|\bsida\b/giu,
  /\b(?:ordinarie|extra|extrainsatt|konstituerande)\s+(?=sammanträde|möte)/giu,
];

/** Small words that join a body's name but never end it. */
const JOINING = new Set([
  'och',
  'samt',
  'för',
  'i',
  'inom',
  'vid',
  'på',
  'mot',
  'med',
  'om',
  'av',
  'till',
  'den',
  'det',
  'de',
  '&',
  'eller',
  'kring',
]);
/** Verbs a head's sentences put after a body's name ("Kommunstyrelsens arbetsutskott Protokollet anslås …"): it ends there. */
const VERB_AFTER_NAME =
  /^(?:anslås|anslogs|justeras|justerades|sammanträder|sammanträdde|beslutar|beslutade|beslöt|har|hade|är|var|kallas|kallades)$/u;

const PREPOSITION = new Set(['för', 'i', 'inom', 'vid', 'på', 'mot', 'med', 'om', 'av', 'till', 'kring']);

/**
 * An adjective before a body word: "Specifika", "Gemensamma", "Regionala", "Sociala", "Kommunala", "Politiska",
 * and in the indefinite singular: "Humanistisk nämnd", "Teknisk nämnd", "Regional utvecklingsnämnd", the neuter
 * too: "Specifikt samverkansråd", "Regionalt råd", "Gemensamt utskott".
 */
const MODIFIER =
  /^\p{L}{3,}(?:ala|iska|nska|ika|iga|amma|ella|ära|ilda|ända|ade|isk|al|ell|ikt|iskt|igt|alt|ellt|amt)$/iu;

/** A word without the quotes and punctuation around it; "Bygg-," keeps its comma (a coordinated compound). */
const cleanToken = (t: string) =>
  t.replace(/^[("'«”“]+/g, '').replace(/(?<!-)[)"'»”“.,;:!?]+$|(?<=-,)[)"'»”“.;:!?]+$/g, '');
const isUpperWord = (t: string) => /^\p{Lu}{2,}$/u.test(t) && /\p{L}{2,}/u.test(t);

/** "KOMMUNSTYRELSEN" → "Kommunstyrelsen"; "kultur- och fritidsnämnden" → "Kultur- och fritidsnämnden". */
function caseOf(words: readonly string[]): string {
  const allCaps = words.filter((w) => /\p{L}/u.test(w)).every((w) => w === w.toUpperCase());
  const text = allCaps ? words.join(' ').toLowerCase() : words.join(' ');
  // An all-caps protocol still spells its place names with a capital: nothing to do here, the
  // name is a common noun phrase; a place after "i" is capitalised again below.
  const out = text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
  return allCaps ? out.replace(/(\si\s)(\p{Ll})/gu, (_m, i: string, c: string) => i + c.toLocaleUpperCase('sv')) : out;
}

export interface BodyContext {
  /** The organisation the protocol belongs to: never part of its body's name. */
  readonly organisation?: string | null;
  /** People the protocol names (attendees, chair, secretary): never part of its body's name. */
  readonly names?: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a whole-word pattern, remembered: a protocol's organisation and attendees are taken out of every line read for its body. */
const wholePhrase = memoize(
  2_000,
  (phrase: string) => new RegExp(`(?<!\\p{L})${escapeRegExp(phrase)}(?!\\p{L})`, 'giu'),
);

/** Takes the organisation, organisation-shaped letterheads and named people out of a body's text. */
function withoutOrganisationAndNames(text: string, context: BodyContext): string {
  let s = text;
  const org = context.organisation?.trim();
  if (org && org.length >= 3) s = s.replace(wholePhrase(org), ' ');
  s = s
    // "KARLSKOGA KOMMUN", "Nykarleby stad", "Region Örebro län" (not "… i Örebro län": that names the body's reach).
    .replace(/(?<!\p{L})\p{Lu}[\p{L}-]+\s+(?:kommun|stad|landsting|kommunalförbund)(?!\p{L})/giu, ' ')
    .replace(/(?<!(?:\bi|\bför|\binom)\s+)(?<!\p{L})region\s+\p{Lu}[\p{L}-]+(?:\s+län)?(?!\p{L})/giu, ' ');
  for (const name of context.names ?? []) {
    if (name.trim().split(/\s+/).length < 2) continue;
    s = s.replace(wholePhrase(name.trim()), ' ');
  }
  return s;
}

/**
 * The body's canonical name from a heading, field or running header as
 * written, or null when no body word stands in it.
 * "PROTOKOLL 1(40) Socialnämnden Anna Berg Per Ek" → "Socialnämnden",
 * "Sida 2(14) Omsorgsnämnden" → "Omsorgsnämnden", "Styrelsen Nr 2 Myndigheten
 * för vårdanalys" → "Styrelsen", "KOMMUNSTYRELSENS ARBETSUTSKOTT" →
 * "Kommunstyrelsens arbetsutskott".
 */
export function canonicalBody(written: string | null, context: BodyContext = {}): string | null {
  if (!written) return null;
  // A running header's cells or a form row: the cell that holds the body word.
  const cells = written
    .split(/\s+\|\s+|\t+/)
    .map((c) => c.trim())
    .filter(Boolean);
  for (const cell of cells) {
    const found = bodyPhrase(cell, context);
    if (found) return found;
  }
  return null;
}

/** What a body's genitive labels in a protocol: "Ungdomsfullmäktiges beslut", "Nämndens förslag". */
const LABELLED = /^(?:beslut|förslag|beslutsförslag|yttrande|ställningstagande)$/iu;

/**
 * A body word in the genitive followed by what it decides or proposes
 * ("Ungdomsfullmäktiges beslut:", "Kommunstyrelsens förslag") labels a
 * decision; it names no meeting body.
 */
function decisionLabel(token: string, next: string | undefined): boolean {
  const ending = BODY_NOUN.exec(token)?.groups?.ending ?? '';
  return /s$/.test(ending) && next !== undefined && LABELLED.test(next);
}

/** The labels of a protocol's head form, which may stand right after the body's name on one line. */
const FORM_LABEL =
  /^(?:tid|plats|närvarande|frånvarande|deltagare|beslutande|ledamöter|ersättare|ordförande|sekreterare|justerare|ärende|ärenden|punkt|paragraf|kallade|övriga|organ|mötesform)$/u;

/** A capitalised word that names a field ("Nära", "Folkhälsa", "Barn"): a Swedish word, and no name the protocol lists. */
function topicWord(token: string, context: BodyContext): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(token)) return false;
  const word = token.toLowerCase();
  // A form's next label ("Arbetsgrupp Tid 13.00", "Styrgrupp Närvarande") is no field.
  if (FORM_LABEL.test(word)) return false;
  if ((context.names ?? []).some((n) => n.toLowerCase().split(/\s+/).includes(word))) return false;
  const { lemmas } = swedishDictionary();
  return lemmas.has(word) || lemmas.has(stem(word));
}

/**
 * A body word in its definite form: "kommunstyrelse" → "kommunstyrelsen", "socialnämnd" → "socialnämnden",
 * "samverkansråd" → "samverkansrådet", "årsmöte" → "årsmötet"; a definite word and "fullmäktige" as they are.
 */
export function definiteBody(word: string): string {
  const m = BODY_NOUN.exec(word);
  if (!m || m.groups?.ending || /fullmäktige$/iu.test(word)) return word;
  if (/möte$/iu.test(word)) return `${word}t`;
  if (/[aeé]$/iu.test(word)) return `${word}n`;
  if (/(?:råd|utskott|forum|nätverk|förbund|presidi|kollegi)$/iu.test(word)) return `${word}et`;
  return `${word}en`;
}

/** Whether a genitive names the organisation's own place: "Åtvidabergs" of "Åtvidabergs kommun", "Lunds" of "Lunds kommun". */
function organisationPlace(genitive: string, context: BodyContext): boolean {
  const place = /^(?:region\s+)?(\p{Lu}[\p{L}-]+)/iu.exec(context.organisation?.trim() ?? '')?.[1];
  if (!place) return false;
  const g = genitive.toLocaleLowerCase('sv');
  const p = place.toLocaleLowerCase('sv');
  return g === p || g === `${p}s`;
}

function bodyPhrase(cell: string, context: BodyContext): string | null {
  let s = withoutOrganisationAndNames(cell.normalize('NFC'), context);
  for (const re of FURNITURE) s = s.replace(re, ' ');
  // What is in brackets ("(KS)", "(S)") and after a colon or a dash that opens something else goes.
  s = s.replace(/\([^)]*\)?/g, ' ').replace(/\s[–—]\s.*$/, ' ');
  const tokens = s
    .split(/\s+/)
    .map(cleanToken)
    .filter((t) => t && !/\d/.test(t) && /\p{L}/u.test(t));
  const head = tokens.findIndex(
    (t, i) => BODY_NOUN.test(t.replace(/-$/, '')) && !AUTHORITY.test(t) && !decisionLabel(t, tokens[i + 1]),
  );
  if (head < 0) return null;
  // Modifiers and coordinated compounds before the body word: "Specifika", "Barn- och", "Bygg-, miljö- och".
  let start = head;
  while (start > 0) {
    const prev = tokens[start - 1]!;
    const lower = prev.toLowerCase();
    const conjunction = lower === 'och' || lower === 'samt' || lower === 'eller';
    if (/-,?$/.test(prev)) start--;
    else if (conjunction && /-,?$/.test(tokens[start - 2] ?? '')) start--;
    // "Kultur och fritidsnämnden" (the hyphen lost): a body word in lower case is the second of two.
    else if (
      conjunction &&
      start === head &&
      /^\p{Ll}/u.test(tokens[head]!) &&
      /^\p{L}+$/u.test(tokens[start - 2] ?? '')
    )
      start -= 2;
    else if (start === head && MODIFIER.test(prev) && isUpperWord(prev) === isUpperWord(tokens[head]!)) start--;
    // A place's genitive before a body word in lower case: "Östermalms stadsdelsnämnd" (the district names the body);
    // not the organisation's own place ("Åtvidabergs kommunstyrelse" of Åtvidabergs kommun is its Kommunstyrelse).
    else if (
      start === head &&
      /^\p{Lu}\p{Ll}+s$/u.test(prev) &&
      /^\p{Ll}/u.test(tokens[head]!) &&
      !BODY_NOUN.test(prev) &&
      !organisationPlace(prev, context)
    )
      start--;
    // A district named before its district body, without the genitive: "Farsta stadsdelsnämnd", "Spånga-Tensta
    // stadsdelsnämnd", "Centrum stadsdelsnämnd".
    else if (
      start === head &&
      /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*$/u.test(prev) &&
      /^(?:stadsdels|kommundels|områdes)\p{Ll}/u.test(tokens[head]!) &&
      !organisationPlace(prev, context)
    )
      start--;
    else break;
  }
  // The organisation's own body, its place's genitive dropped, is the definite one: "Åtvidabergs kommunstyrelse" →
  // "Kommunstyrelsen".
  const ownPlace = start === head && head > 0 && organisationPlace(tokens[head - 1]!, context);
  // The complement after it: lower-case words, small joining words, and a capitalised word only
  // after a preposition ("i Örebro län", "för Nära vård"); a capitalised word otherwise begins a
  // name, a letterhead or the next field.
  const allCaps = tokens.slice(start, head + 1).every(isUpperWord);
  // A body word in its definite form ends the name unless a joining word follows: "Kommunstyrelsen
  // beslutar att …" is a sentence, "Chefsgrupp folkhälsa" and "Rådet för funktionshindrade" are names.
  const definite = /^(?:en|et|n|t|na|erna)$/.test(BODY_NOUN.exec(tokens[head]!)?.groups?.ending ?? '');
  let end = head + 1;
  while (end < tokens.length) {
    const t = tokens[end]!;
    const lower = t.toLowerCase();
    const prev = tokens[end - 1]!.toLowerCase();
    // In capitals nothing tells a name from the body's words: only further body words continue it.
    // ("KOMMUNSTYRELSENS SOCIALA UTSKOTT": an adjective before a further body word continues it too).
    const lowerCase = allCaps
      ? BODY_NOUN.test(t) || (MODIFIER.test(t) && BODY_NOUN.test(tokens[end + 1] ?? ''))
      : /^\p{Ll}/u.test(t);
    if (lower === 'att' || VERB_AFTER_NAME.test(lower) || (end === head + 1 && definite && !JOINING.has(lower))) break;
    if (lowerCase || JOINING.has(lower) || (PREPOSITION.has(prev) && /^\p{Lu}/u.test(t))) end++;
    // "Styrgrupp Nära vård", "Chefsgrupp Folkhälsa": a group named by its field, capitalised, right after the
    // body word in its bare form; a capitalised word that is no Swedish word is a person's name.
    else if (
      end === head + 1 &&
      !allCaps &&
      (BODY_NOUN.exec(tokens[head]!)?.groups?.ending ?? '') === '' &&
      topicWord(t, context) &&
      // "Styrgrupp Anna Berg": a given name and a family name follow one another in capitals.
      !/^\p{Lu}/u.test(tokens[end + 1] ?? '')
    )
      end++;
    else break;
  }
  // A name never ends on a joining word ("Kommunstyrelsen den", "Nämnden för").
  while (end > head + 1 && JOINING.has(tokens[end - 1]!.toLowerCase())) end--;
  let words = tokens.slice(start, end).map((t) => t.replace(/(?<!-),$/, ''));
  // "Styrelsens sammanträde", "Kommunstyrelsens möte": the meeting of a body is that body.
  const last = words[words.length - 1]!;
  if (words.length >= 2 && /^(?:sammanträde|möte)[nt]?$/iu.test(last) && /s$/iu.test(words[words.length - 2]!))
    words = [...words.slice(0, -2), words[words.length - 2]!.replace(/s$/iu, '')];
  // "Kommunfullmäktiges protokoll", "Socialnämndens protokoll": the body in the genitive alone is the body.
  if (end === head + 1 && /^(?:ns|ts|s|ens|ets)$/.test(BODY_NOUN.exec(last)?.groups?.ending ?? ''))
    words = [...words.slice(0, -1), last.replace(/s$/iu, '')];
  // A bare body word in its indefinite form is a form's label ("Nämnd", its value elsewhere or left empty), no name.
  if (words.length === 1 && /^(?:nämnd|styrelse|råd|utskott|grupp|beredning|kommitté)$/iu.test(words[0]!)) return null;
  if (ownPlace && words.length === 1) words = [definiteBody(words[0]!)];
  const name = caseOf(words);
  return name.length >= 3 && name.length <= 120 ? name : null;
}

/**
 * Why a body value looks like something other than a body's name (furniture,
 * digits, a document word, people's names), or an empty list when it reads
 * as a body. The ingest summary lists the values that do not.
 */
export function bodyProblems(body: string | null): string[] {
  if (body === null || body === UNKNOWN_BODY) return [];
  const problems: string[] = [];
  if (/\d/.test(body)) problems.push('siffror');
  if (/\b(?:sida|sid\.|protokoll|sammanträdesprotokoll|justerandes|utdragsbestyrkande|nr|dnr)\b|§/iu.test(body))
    problems.push('sidhuvud eller dokumentord');
  // Two capitalised words in a row inside the name: a person ("Anna Berg") or a letterhead.
  const words = body.split(/\s+/);
  for (let i = 1; i + 1 < words.length; i++) {
    const [a, b, before] = [words[i]!, words[i + 1]!, words[i - 1]!.toLowerCase()];
    if (/^\p{Lu}\p{Ll}+$/u.test(a) && /^\p{Lu}\p{Ll}+$/u.test(b) && !PREPOSITION.has(before)) {
      problems.push('namn');
      break;
    }
  }
  if (!words.some((w) => BODY_NOUN.test(cleanToken(w)))) problems.push('inget organsord');
  return problems;
}

/** A body's name folded for comparison: case, hyphen spacing, "&". */
const foldWords = (name: string) =>
  name
    .toLocaleLowerCase('sv')
    .replace(/&/g, 'och')
    .replace(/-(?=\s)/g, '')
    .replace(/[^\p{L}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

const DEFINITE = /^(?:en|et|n|t|na)$/;

/** One word in its definite and indefinite form, or the same word: "nämnden"/"nämnd", "rådet"/"råd". */
const sameWord = (a: string, b: string) => {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short) && DEFINITE.test(long.slice(short.length));
};

/** Two spellings of one body: the same words, case, hyphen spacing and one definite ending aside. */
export function sameBody(a: string, b: string): boolean {
  const x = foldWords(a);
  const y = foldWords(b);
  if (x.length !== y.length || x.length === 0) return false;
  let differing = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    if (!sameWord(x[i]!, y[i]!) || ++differing > 1) return false;
  }
  return true;
}

/**
 * The alias table of a corpus's bodies: each spelling maps to the one name
 * its body is filed under. Names already filed (an index's bodies, most
 * frequent first) keep their spelling; a new spelling of a filed body takes
 * the filed name; a new body is filed under its own.
 */
export class BodyAliases {
  private readonly names: string[] = [];
  private readonly resolved = new Map<string, string>();

  /** The bodies filed so far, one entry a protocol. */
  constructor(filed: Iterable<string | null> = []) {
    const counts = new Map<string, number>();
    for (const name of filed) if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    this.fileMostFrequentFirst(counts);
  }

  /** The bodies filed so far, counted (a facet of the protocols index). */
  static fromCounts(counts: Iterable<readonly [string, number]>): BodyAliases {
    const aliases = new BodyAliases();
    aliases.fileMostFrequentFirst(counts);
    return aliases;
  }

  /** The most used spelling of a body becomes the name its other spellings are filed under. */
  private fileMostFrequentFirst(counts: Iterable<readonly [string, number]>): void {
    const known = [...counts].filter(([name]) => name !== UNKNOWN_BODY);
    for (const [name] of known.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'))) this.file(name);
  }

  /** The name a body written so is filed under (and files a new body under its own). */
  file(name: string): string {
    if (name === UNKNOWN_BODY) return name;
    const known = this.resolved.get(name);
    if (known) return known;
    const same = this.names.find((n) => sameBody(n, name));
    const canonical = same ?? name;
    if (!same) this.names.push(name);
    this.resolved.set(name, canonical);
    return canonical;
  }

  /** Every spelling seen that is filed under another name. */
  aliases(): Map<string, string> {
    return new Map([...this.resolved].filter(([written, filed]) => written !== filed));
  }
}
