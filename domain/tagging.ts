/**
 * Topic tagging of agenda items: a pure function of an item (title, text,
 * decisions, the body and organisation that hold it) and a taxonomy. Used by the
 * ingest's tag stage, and by the re-tagging of stored items when the taxonomy
 * changes, so both give the same tags.
 *
 * How a tag is earned, in order:
 * 1. **Matching that cannot collide with function words.** Terms match on Swedish
 *    stems and, for a single word or the last word of a phrase, on compound parts
 *    ("psykiska ohälsan", "samsjuklighetsutredningen"). A function word (pronouns,
 *    prepositions: "dem", "när") never matches a content term, and a term whose
 *    stem is shorter than four letters matches only its own written form ("demens"
 *    stems to "dem": "demensen" and "demensvård" count, the pronoun "dem" does
 *    not). A term ending in "-" ("äldre-") matches only the first part of a
 *    compound (äldreomsorgen, "äldre- och handikappomsorg"), never the bare word.
 * 2. **Names and titles are not evidence.** A compound ending in a body or role
 *    word ("Ungdomsfullmäktige", "Äldrerådet", "folkhälsochef"), a term right
 *    after one ("samordnare nära vård", "chefsgrupp folkhälsa") or after a body's
 *    "för" ("Rådet för psykisk hälsa"), the item's own body and organisation
 *    wherever they are written, and the taxonomy's exclusions ("digitalt möte")
 *    do not count.
 * 3. **Evidence is weighed.** A term in the text scores 1, a weak term or an
 *    abbreviation (everyday words with other senses: "ungdomar", "digitala",
 *    "äldre") `weakWeight`; a mention in the title is worth `titleWeight` times
 *    that, one in a decision adds `decisionWeight` times it. An item is tagged when
 *    the sum reaches the topic's threshold: one passing everyday word is not
 *    enough, a specific term, a title, a decision or repeated mentions are.
 *
 * Every tag keeps its score and its evidence: the words as written and where they
 * stood (title, decision, text).
 */
import type { TopicMention, TopicTag } from './schemas.js';
import { SWEDISH_FUNCTION_WORDS } from './swedish/analyse.js';
import { allCompoundParts, compoundParts, stem } from './swedish/stem.js';
import { tokenizeWithOffsets } from './swedish/tokenize.js';
import type { Taxonomy } from './taxonomy.js';

/** Version of the tagging method; with the taxonomy's version it says what tagged an item. */
export const TAGGER_VERSION = 'tag@5';

/** The shortest stem a term matches on; shorter ones match their written form only. */
const MIN_STEM = 4;

/** Function words no content term may match ("dem" is not "demens"): domain/swedish/language.json. */
const FUNCTION_WORDS = new Set(SWEDISH_FUNCTION_WORDS);

export type Where = TopicMention['where'];

/** What the tagger reads of an item: all of it is kept in the index, so stored items re-tag without their files. */
export interface TaggableItem {
  title: string;
  text: string;
  /** Substantive decisions weigh more; routine ones are text. */
  decisions?: readonly { text: string; kind: string }[];
  /** The meeting body and organisation: their names in the item are not evidence. */
  body?: string | null;
  organisation?: string | null;
}

/** One word of a term: how a token must look to match it. */
interface TermWord {
  written: string;
  stem: string;
  /** Stem too short to trust: the written form (or a longer form starting with it) must stand. */
  exact: boolean;
  function: boolean;
  /** "äldre-": only as the first part of a compound. */
  prefix: boolean;
}

interface CompiledTerm {
  words: TermWord[];
  weak: boolean;
  /** Counts only as a noun: not before another content word (unless a word for people) or "än". */
  noun: boolean;
}

interface CompiledTopic {
  id: string;
  label: string;
  titleWeight: number;
  threshold: number;
  terms: CompiledTerm[];
  abbreviations: Set<string>;
  exclusions: TermWord[][];
}

/** A taxonomy prepared for matching (stems computed once). */
export interface CompiledTaxonomy {
  readonly topics: readonly CompiledTopic[];
  /**
   * Every term and exclusion by its first word: by the word's stem, or (an exact or function word)
   * by the word as written. Two maps rather than one of prefixed keys: a token's lookups then use
   * the strings it already has, without building a key per lookup.
   */
  readonly patterns: {
    readonly byStem: ReadonlyMap<string, readonly Pattern[]>;
    readonly byWritten: ReadonlyMap<string, readonly Pattern[]>;
  };
  /** Abbreviations as written → the topics that list them. */
  readonly abbreviations: ReadonlyMap<string, readonly number[]>;
  readonly decisionWeight: number;
  readonly weakWeight: number;
  readonly longItemWords: number;
  readonly nameHeads: NameWords;
  readonly nameBodies: NameWords;
  readonly people: NameWords;
  /** Heads a compound takes its meaning from its first part under ("satsning", "arbete"). */
  readonly generalHeads: NameWords;
}

const termWord = (written: string, prefix = false): TermWord => {
  const s = stem(written);
  return { written, stem: s, exact: s.length < MIN_STEM, function: FUNCTION_WORDS.has(written), prefix };
};

/** A phrase's words; a trailing "-" on the last word marks a compound-first-part term ("äldre-"). */
function phraseWords(phrase: string): TermWord[] {
  const prefix = /-\s*$/.test(phrase) && !/\s(och|eller|samt)\s*$/.test(phrase);
  const tokens = tokenizeWithOffsets(phrase);
  return tokens.map((t, i) => termWord(t.token, prefix && i === tokens.length - 1));
}

/** Inflectional endings a body or role word may carry ("rådet", "nämndens", "samordnarna"). */
const ENDINGS = [
  '',
  'n',
  'en',
  'et',
  't',
  's',
  'ns',
  'ens',
  'ets',
  'na',
  'nas',
  'ne',
  'r',
  'ar',
  'er',
  'or',
  'rna',
  'arna',
  'erna',
  'orna',
  'arnas',
  'ernas',
  'ornas',
];

/** Body and role words ("råd", "nämnd", "samordnare"), recognised in any inflection. */
class NameWords {
  private readonly words: Set<string>;
  constructor(words: readonly string[]) {
    this.words = new Set(words.map((w) => w.toLowerCase()));
  }
  /** Whether a lower-case word is one of them, inflected or not. */
  has(word: string): boolean {
    for (const ending of ENDINGS) {
      if (!word.endsWith(ending)) continue;
      const base = word.slice(0, word.length - ending.length);
      if (base.length < 3) continue;
      if (this.words.has(base) || this.words.has(`${base}e`) || this.words.has(`${base}a`)) return true;
    }
    return false;
  }
}

/** A term or exclusion of a topic, indexed by how its first word can be found in a text. */
interface Pattern {
  topic: number;
  /** Index into the topic's terms (their priority order), or -1 for an exclusion. */
  term: number;
  words: readonly TermWord[];
  weak: boolean;
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const d = taxonomy.defaults;
  const topics: CompiledTopic[] = taxonomy.topics.map((t) => ({
    id: t.id,
    label: t.label,
    titleWeight: t.titleWeight ?? d.titleWeight,
    threshold: t.threshold ?? d.threshold,
    // Longer terms first, then specific before weak: "god och nära vård" is one mention, not two.
    terms: [
      ...t.terms.map((p) => ({ words: phraseWords(p.toLowerCase()), weak: false, noun: false })),
      ...t.weakTerms.map((p) => ({ words: phraseWords(p.toLowerCase()), weak: true, noun: false })),
      ...t.nounTerms.map((p) => ({ words: phraseWords(p.toLowerCase()), weak: true, noun: true })),
    ]
      .filter((term) => term.words.length > 0)
      .sort((x, y) => y.words.length - x.words.length || Number(x.weak) - Number(y.weak)),
    abbreviations: new Set(t.abbreviations),
    exclusions: t.exclusions.map((p) => phraseWords(p.toLowerCase())).filter((w) => w.length > 0),
  }));
  const patterns = { byStem: new Map<string, Pattern[]>(), byWritten: new Map<string, Pattern[]>() };
  const add = (p: Pattern) => {
    const w = p.words[0]!;
    const [map, key] = w.exact || w.function ? [patterns.byWritten, w.written] : [patterns.byStem, w.stem];
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  const abbreviations = new Map<string, number[]>();
  topics.forEach((topic, i) => {
    topic.terms.forEach((term, k) => {
      add({ topic: i, term: k, words: term.words, weak: term.weak });
    });
    for (const words of topic.exclusions) add({ topic: i, term: -1, words, weak: false });
    for (const a of topic.abbreviations) abbreviations.set(a, [...(abbreviations.get(a) ?? []), i]);
  });
  return {
    topics,
    patterns,
    abbreviations,
    decisionWeight: d.decisionWeight,
    weakWeight: d.weakWeight,
    longItemWords: d.longItemWords,
    nameHeads: new NameWords(taxonomy.names.heads),
    nameBodies: new NameWords(taxonomy.names.bodies),
    people: new NameWords(taxonomy.names.people),
    generalHeads: new NameWords(taxonomy.names.general),
  };
}

/** A word of the item, analysed once for every topic. */
interface Token {
  surface: string;
  lower: string;
  start: number;
  end: number;
  stem: string;
  function: boolean;
  capitalised: boolean;
  /** Top-level compound parts as lemmas (empty for a simple word): the first and the head. */
  parts: readonly string[];
  /** Every part and sub-part as lemmas and as stems ("hemsjukvården": hem, sjukvård, sjuk, vård). */
  allParts: readonly string[];
  partStems: readonly string[];
  /** The stem of the head (last part; for an unknown compound its known last part): what the word denotes. */
  headStem: string;
  /** The head as written, lower-case: the last compound part, or the coordinated compound's for a suspended first part ("äldre- och omsorgsnämnden"). */
  head: string;
  /** Written as the first part of a coordinated compound: "äldre-" in "äldre- och handikappomsorg". */
  suspended: boolean;
}

const COORDINATORS = new Set(['och', 'eller', 'samt']);

function analyse(text: string): Token[] {
  const raw = tokenizeWithOffsets(text);
  const tokens: Token[] = raw.map((t) => {
    const long = t.token.length >= 6;
    const parts = long ? compoundParts(t.token) : [];
    const allParts = long ? allCompoundParts(t.token) : [];
    const s = stem(t.token);
    const first = text.charAt(t.start);
    return {
      surface: text.slice(t.start, t.end),
      lower: t.token,
      start: t.start,
      end: t.end,
      stem: s,
      function: FUNCTION_WORDS.has(t.token),
      capitalised: first !== first.toLowerCase(),
      parts,
      allParts,
      partStems: allParts.map((p) => stem(p)),
      headStem: parts.length > 1 ? stem(parts[parts.length - 1]!) : allParts.length === 1 ? stem(allParts[0]!) : s,
      head: parts.length > 1 ? parts[parts.length - 1]! : t.token,
      suspended: false,
    };
  });
  // "äldre- och omsorgsnämnden": the first word is a compound part whose head is the coordinated word's.
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i]!;
    const between = text.slice(t.end, tokens[i + 1]!.start);
    if (!/^-\s/.test(between) || !COORDINATORS.has(tokens[i + 1]!.lower)) continue;
    t.suspended = true;
    t.head = tokens[i + 2]!.head;
  }
  return tokens;
}

/**
 * The patterns a token can start, each list once, in the order of its lookups: its stem, its
 * written form, its parts' stems, its parts as written, and its written form's bases.
 */
function candidatePatterns(t: Token, { byStem, byWritten }: CompiledTaxonomy['patterns']): (readonly Pattern[])[] {
  const lists: (readonly Pattern[])[] = [];
  const add = (list: readonly Pattern[] | undefined) => {
    if (list && !lists.includes(list)) lists.push(list);
  };
  add(byStem.get(t.stem));
  add(byWritten.get(t.lower));
  for (const ps of t.partStems) add(byStem.get(ps));
  for (const lemma of t.allParts) add(byWritten.get(lemma));
  for (const ending of ENDINGS) {
    if (ending === '' || !t.lower.endsWith(ending)) continue;
    const base = t.lower.slice(0, t.lower.length - ending.length);
    if (base.length >= 3) add(byWritten.get(base));
  }
  return lists;
}

/**
 * Whether a token is the word `w` of a term. `asPart`: the word may be a part of
 * the token (the token is a compound); otherwise it must be the token's own word.
 * A weak term's word counts in a compound only as its head: "Nykarlebynungdomar"
 * are young people, "småbarnspedagogik" is pedagogy; or as the first of two parts
 * when the head says nothing of its own: "Psykiatrisatsningen" is about psychiatry.
 */
function matchesWord(token: Token, w: TermWord, asPart: boolean, weak: boolean, general: NameWords): boolean {
  if (w.function || token.function) return token.lower === w.written;
  if (w.prefix) {
    // Only the first part of a compound, or a suspended first part ("äldre- och ...").
    if (token.suspended) return token.stem === w.stem || token.lower === w.written;
    return token.parts.length > 1 && (w.exact ? token.parts[0] === w.written : stem(token.parts[0]!) === w.stem);
  }
  if (w.exact) {
    // The written form, inflected ("demensen"), or the first part of a compound ("demensvård").
    if (inflectionOf(token.lower, w.written)) return true;
    if (weak)
      return (
        asPart &&
        token.parts.length > 1 &&
        (token.head === w.written || (aboutFirstPart(token, general) && token.parts[0] === w.written))
      );
    return token.parts[0] === w.written || (asPart && token.allParts.includes(w.written));
  }
  if (token.stem === w.stem) return true;
  if (!asPart) return false;
  if (!weak) return token.partStems.includes(w.stem);
  return token.headStem === w.stem || (aboutFirstPart(token, general) && stem(token.parts[0]!) === w.stem);
}

/** A compound of two parts whose head says nothing of its own: "psykiatri|satsningen", "pandemi|arbetet". */
function aboutFirstPart(token: Token, general: NameWords): boolean {
  return token.parts.length === 2 && !token.suspended && general.has(token.head);
}

/** Whether `word` is `base` or `base` with an inflectional ending ("demens" → "demensen", "demensens"). */
function inflectionOf(word: string, base: string): boolean {
  if (!word.startsWith(base)) return false;
  return word.length === base.length || (base.length >= 3 && ENDINGS.includes(word.slice(base.length)));
}

/** Whether a pattern's words stand in order from token `i`. */
function matchesAt(tokens: readonly Token[], i: number, p: Pattern, general: NameWords): boolean {
  const last = p.words.length - 1;
  if (i + last >= tokens.length) return false;
  for (let k = 0; k <= last; k++)
    if (!matchesWord(tokens[i + k]!, p.words[k]!, k === last, p.weak, general)) return false;
  return true;
}

/** An occurrence of a term (or an exclusion, `term` -1) of a topic at tokens [a, b). */
interface Occurrence {
  term: number;
  a: number;
  b: number;
}

/** Every topic's term and exclusion occurrences in a token list, found in one pass over the tokens. */
function findAll(tokens: readonly Token[], compiled: CompiledTaxonomy): Occurrence[][] {
  const out: Occurrence[][] = compiled.topics.map(() => []);
  tokens.forEach((t, i) => {
    const lists = candidatePatterns(t, compiled.patterns);
    // A pattern is listed under one key only, so distinct lists never share one.
    for (const list of lists)
      for (const p of list)
        if (matchesAt(tokens, i, p, compiled.generalHeads))
          out[p.topic]!.push({ term: p.term, a: i, b: i + p.words.length });
  });
  return out;
}

/** Tokens that are a name or a title, or the item's own body and organisation: not evidence for any topic. */
function namedTokens(tokens: readonly Token[], owners: readonly Token[][], compiled: CompiledTaxonomy): Set<number> {
  const out = new Set<number>();
  // The body's and organisation's names as written in the item, in full, or shortened from their
  // first word on when the part written holds the body word ("Styrgrupp samverkan barn och unga" of
  // "Styrgrupp samverkan barn och unga i Örebro län"; not "barn och" of "Barn- och utbildningsnämnden").
  for (const owner of owners) {
    if (owner.length === 0) continue;
    for (let i = 0; i < tokens.length; i++) {
      let k = 0;
      while (k < owner.length && i + k < tokens.length && tokens[i + k]!.stem === owner[k]!.stem) k++;
      const named = k === owner.length || (k >= 2 && owner.slice(0, k).some((t) => isNameWord(t, compiled.nameHeads)));
      if (named) for (let j = i; j < i + k; j++) out.add(j);
    }
  }
  return out;
}

/** Whether the mention at [a, b) of `text` is part of a name or title (see the module comment). */
function isName(text: string, tokens: readonly Token[], a: number, b: number, compiled: CompiledTaxonomy): boolean {
  // A compound ending in a body or role word: "Ungdomsfullmäktige", "Äldrerådet", "folkhälsochef".
  const last = tokens[b - 1]!;
  if ((last.parts.length > 1 || last.suspended) && compiled.nameHeads.has(last.head)) return true;
  const spaced = (x: Token, y: Token) => /^\s+$/.test(text.slice(x.end, y.start));
  // Right after a body or role word: "samordnare nära vård", "chefsgrupp folkhälsa".
  const before = tokens[a - 1];
  if (!before || before.function ? false : spaced(before, tokens[a]!) && isNameWord(before, compiled.nameHeads))
    return true;
  // After a body's or role's "för"/"inom": "Rådet för psykisk hälsa", "samordnare för suicidprevention".
  const body = tokens[a - 2];
  return (
    !!before &&
    !!body &&
    (before.lower === 'för' || before.lower === 'inom') &&
    spaced(body, before) &&
    spaced(before, tokens[a]!) &&
    isNameWord(body, compiled.nameBodies)
  );
}

/**
 * Whether the word ending the mention at `b` is used as a noun: at the end of a
 * clause, before a function word ("äldre och yngre", "äldre i länet") or before a
 * word for people ("äldre personer"); not before another content word ("äldre
 * handlingar") nor as a comparative ("äldre än").
 */
function usedAsNoun(text: string, tokens: readonly Token[], b: number, compiled: CompiledTaxonomy): boolean {
  const next = tokens[b];
  if (!next) return true;
  if (!/^[\s-]*$/.test(text.slice(tokens[b - 1]!.end, next.start))) return true;
  if (next.lower === 'än') return false;
  return (
    next.function ||
    /^\d/.test(next.lower) ||
    compiled.people.has(next.lower) ||
    (next.parts.length > 1 && compiled.people.has(next.head))
  );
}

/** A word that is a body or role word, or a compound ending in one. */
const isNameWord = (t: Token, words: NameWords) => words.has(t.lower) || (t.parts.length > 1 && words.has(t.head));

interface Found {
  text: string;
  where: Where;
  weak: boolean;
}

/** The mentions of one topic in one part of the item (title, text or a decision). */
function mentionsIn(part: Part, topicIndex: number, compiled: CompiledTaxonomy): Found[] {
  const { tokens, text, where } = part;
  const topic = compiled.topics[topicIndex]!;
  const found = part.found[topicIndex]!;
  const blocked = new Set(part.named);
  for (const o of found) if (o.term < 0) for (let i = o.a; i < o.b; i++) blocked.add(i);
  const taken = new Set<number>();
  const out: Found[] = [];
  // In the terms' priority order (longer first, specific before weak), each stretch of text once.
  const terms = found.filter((o) => o.term >= 0).sort((x, y) => x.term - y.term || x.a - y.a);
  for (const { term: k, a, b } of terms) {
    let free = true;
    for (let i = a; i < b && free; i++) if (blocked.has(i) || taken.has(i)) free = false;
    if (!free) continue;
    for (let i = a; i < b; i++) taken.add(i);
    const term = topic.terms[k]!;
    if (isName(text, tokens, a, b, compiled)) continue;
    if (term.noun && !usedAsNoun(text, tokens, b, compiled)) continue;
    out.push({ text: text.slice(tokens[a]!.start, tokens[b - 1]!.end), where, weak: term.weak });
  }
  for (const i of part.abbreviations.get(topicIndex) ?? []) {
    if (taken.has(i) || blocked.has(i) || isName(text, tokens, i, i + 1, compiled)) continue;
    out.push({ text: tokens[i]!.surface, where, weak: true });
  }
  return out;
}

interface Part {
  text: string;
  where: Where;
  tokens: Token[];
  named: Set<number>;
  /** Per topic, its terms' and exclusions' occurrences. */
  found: Occurrence[][];
  /** Per topic, the positions of its abbreviations. */
  abbreviations: Map<number, number[]>;
}

/** Every topic's score and evidence for an item, tagged or not (for calibration and the dry run). */
export function scoreItem(item: TaggableItem, compiled: CompiledTaxonomy): (TopicTag & { tagged: boolean })[] {
  const owners = [item.body, item.organisation]
    .filter((n): n is string => !!n && n.trim().length > 0)
    .map((n) => analyse(n));
  const part = (text: string, where: Where): Part => {
    const tokens = analyse(text);
    const abbreviations = new Map<number, number[]>();
    tokens.forEach((t, i) => {
      for (const topic of compiled.abbreviations.get(t.surface) ?? [])
        abbreviations.set(topic, [...(abbreviations.get(topic) ?? []), i]);
    });
    return {
      text,
      where,
      tokens,
      named: namedTokens(tokens, owners, compiled),
      found: findAll(tokens, compiled),
      abbreviations,
    };
  };
  const parts: Part[] = [
    part(item.title, 'title'),
    part(item.text, 'text'),
    ...(item.decisions ?? []).filter((d) => d.kind === 'substantive').map((d) => part(d.text, 'decision')),
  ];
  const words = parts[0]!.tokens.length + parts[1]!.tokens.length;
  const weak = compiled.weakWeight * Math.min(1, Math.sqrt(compiled.longItemWords / Math.max(1, words)));
  const out: (TopicTag & { tagged: boolean })[] = [];
  compiled.topics.forEach((topic, index) => {
    const found = parts.flatMap((p) => mentionsIn(p, index, compiled));
    if (found.length === 0) return;
    let score = 0;
    for (const f of found) {
      const strength = f.weak ? weak : 1;
      score +=
        strength * (f.where === 'title' ? topic.titleWeight : f.where === 'decision' ? compiled.decisionWeight : 1);
    }
    score = Math.round(score * 1000) / 1000;
    const mentions = dedupeMentions(found);
    out.push({
      id: topic.id,
      label: topic.label,
      score,
      evidence: [...new Set(found.map((f) => f.text))].slice(0, 10),
      mentions,
      tagged: score >= topic.threshold,
    });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** Mentions as shown: each written form once per place, title first, at most twelve. */
function dedupeMentions(found: readonly Found[]): TopicMention[] {
  const order: Record<Where, number> = { title: 0, decision: 1, text: 2 };
  const seen = new Set<string>();
  const out: TopicMention[] = [];
  for (const f of [...found].sort((a, b) => order[a.where] - order[b.where])) {
    const key = `${f.where}\u0000${f.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: f.text, where: f.where });
  }
  return out.slice(0, 12);
}

/** The topics an item is about, with score and evidence, strongest first. */
export function tagItem(item: TaggableItem, compiled: CompiledTaxonomy): TopicTag[] {
  return scoreItem(item, compiled)
    .filter((t) => t.tagged)
    .map(({ tagged: _tagged, ...tag }) => tag);
}
