/**
 * Decisions (beslut) of an agenda item: "Beslut: …" blocks with their lists,
 * "Chefsgruppen beslutar/beslutade att …", "… ställer sig bakom/positiva till …",
 * "Beslut – …". Routine procedure (the agenda approved, minutes filed, an
 * adjuster chosen) is kept apart from substantive decisions. Decisions of other
 * bodies reported in the item ("regionstyrelsen beslutade …"), earlier ones
 * ("har tidigare beslutat") and future ones ("Beslut tas vid nästa möte") are
 * not decisions of this meeting.
 */
import type { Decision, StageResult, Warning } from '../../domain/schemas.js';
import { pageAt, type SegmentedItem } from './segment.js';

export const VERSION = 'decisions@5';

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
];

/** "Chefsgrupp för samverkan …" → "chefsgruppen"; "Specifika samverkansrådet …" → "samverkansrådet". */
export function definiteBodyNouns(body: string | null | undefined): string[] {
  if (!body) return [];
  const out: string[] = [];
  for (const word of body.toLowerCase().split(/[\s,]+/)) {
    if (!/(grupp|råd|nämnd|styrelse|utskott|beredning|fullmäktige|forum|nätverk)(en|et|a)?$/.test(word)) continue;
    if (/(en|et|na)$/.test(word) && !/(nämnd|grupp)$/.test(word)) out.push(word);
    else if (/grupp$|nämnd$|styrelse$/.test(word)) out.push(word.endsWith('e') ? `${word}n` : `${word}en`);
    else if (/råd$|utskott$|forum$|nätverk$/.test(word)) out.push(`${word}et`);
    else out.push(word);
  }
  return out;
}

const ROUTINE = [
  /\b(dagordning(en)?|agendan?|föredragningslistan?)\b[^.\n]{0,40}\b(godkänd(es)?|godkänns|godkännes|fastställ(de|des|s)|antogs|godkände)\b/i,
  /\b(godkän(de|ner|ns|des)|fastställ(de|er|des))\b[^.\n]{0,20}\b(dagordning(en)?|agendan?|föredragningslistan?)\b/i,
  /\b(protokoll(et)?|minnesanteckning(ar|arna)?|anteckningarna|mötesanteckning(ar|arna)?|sammanställningen)\b[^.\n]{0,120}\btill handlingarna\b/i,
  /\b(lades|läggs|lägges)\b[^.\n]{0,40}\btill handlingarna\b/i,
  /\b(utsågs|utses|valdes|väljs)\b[^.\n]{0,30}\btill justerare\b|\bval av justerare\b|\batt (jämte ordföranden )?justera (dagens )?protokoll/i,
  // Taking note of information decides nothing: "Informationen noteras", "Nämnden tar emot informationen".
  /^(beslut\s*:?\s*)?(informationen|redovisningen|rapporten|lägesrapporten)\s+(noteras|antecknas|tas emot|tas till protokollet|godkänns|läggs till handlingarna)\.?$/i,
  /^(\p{Lu}\p{L}*\s+)?(noterar|tar emot|tackar för)\s+(informationen|redovisningen|rapporten|lägesrapporten)\.?$/iu,
];

const isRoutine = (text: string) => ROUTINE.some((re) => re.test(text));

const VERBS =
  /\b(beslutar|beslutade|beslöt|beslutas|beslutades|beslöts|ställer sig|ställde sig|godkänner|godkände|antar|antog|fastställer|fastställde|tillstyrker|tillstyrkte|uppdrar|uppdrog|ger\s+\S+(\s+\S+){0,4}\s+i uppdrag|gav\s+\S+(\s+\S+){0,4}\s+i uppdrag)\b/i;
const STANCE =
  /\bställ(er|de) sig\s+(bakom|positiv[a]?\s+till|negativ[a]?\s+till)|\bställa sig\s+(bakom|positiv[a]?\s+till)/i;
/** Not this meeting's decision: earlier, future, hypothetical, or a question. */
const NOT_NOW =
  /\b(tidigare|har beslutat|hade beslutat|har ställt|kommer att besluta|ska besluta|skall besluta|kan besluta|bör besluta|beslut tas|tas beslut|fattas beslut vid|inför beslut|förslag till beslut|inte kan ställa|inte ställer)\b|\?\s*$/i;

/** Splits text into sentences with their offsets. */
function sentences(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  // A line break inside a wrapped sentence (PDF text) is a space; one after a full
  // stop, before a list entry or a blank line, or after a short heading-like line ends it.
  // Line by line, not one pattern over the text: `([^\n]*)\n` rescans a long line from every
  // position (a 100 KB line took seconds). A joined break becomes a space, so offsets stay.
  const lines = text.split('\n');
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
      prev.trim().length < 50 ||
      !next.trim() ||
      /^\s*(?:[-•*]|\d{1,2}[.)])\s/.test(next);
    joined += ends ? `${prev}\n` : `${prev} `;
  }
  const re = /[^.!?\n]+(?:[.!?]+(?=\s|$)|\n|$)/g;
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

function labelledBlocks(
  text: string,
  label: (line: string) => boolean = isLabel,
  strip: RegExp = LABEL,
): { text: string; offset: number; end: number }[] {
  const blocks: { text: string; offset: number; end: number }[] = [];
  const lines = text.split('\n');
  let offset = 0;
  const starts: number[] = [];
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!label(line)) continue;
    const first =
      strip === LABEL ? (LABEL_LINE.test(line) ? '' : line.replace(LABEL, '')) : (line.match(strip)?.[1] ?? '');
    const parts = [first];
    let j = i + 1;
    let blank = false;
    // The decision's own lines: up to a blank line followed by prose that is not a list.
    for (; j < lines.length; j++) {
      const next = lines[j]!;
      if (!next.trim()) {
        blank = true;
        continue;
      }
      if (
        isLabel(next.trim()) ||
        PROPOSAL_LINE.test(next.trim()) ||
        /^(beslutsunderlag|ärendebeskrivning|bakgrund|yrkanden?|propositionsordning|reservation|protokollsanteckning|expedieras|beslutet skickas|skickas till)\b/i.test(
          next.trim(),
        )
      )
        break;
      const isList = /^\s*([-•*]|\d{1,2}[.)]|[a-h][.)]|att\b)/i.test(next);
      // "Chefsgruppen beslutar att:" announces what follows, even across a paragraph break.
      const announces = /:\s*$/.test(parts[parts.length - 1] ?? '');
      if (blank && !isList && !announces && parts.join(' ').trim().length > 0) break;
      parts.push(next.trim());
      blank = false;
      if (parts.join(' ').length > 900) break;
    }
    const joined = parts.join('\n').trim();
    if (joined) blocks.push({ text: joined, offset: starts[i]!, end: starts[j] ?? text.length });
  }
  return blocks;
}

export function findDecisions(item: SegmentedItem, context: DecisionContext = {}): StageResult<Decision[]> {
  const warnings: Warning[] = [];
  const decisions: Decision[] = [];
  const subjects = new Set([...GENERIC_SUBJECTS, ...definiteBodyNouns(context.body)]);
  const text = item.text;

  const blocks = labelledBlocks(text);
  for (const b of blocks) {
    // "Beslut: Dagordningen godkändes." is procedure; a longer block decides something.
    decisions.push({
      text: b.text,
      kind: isRoutine(b.text) && b.text.length < 200 ? 'routine' : 'substantive',
      page: pageAt(item, b.offset),
    });
  }
  // Sentences under a proposal heading ("Förslag till beslut: Nämnden beslutar att …") are not decisions.
  const proposals = labelledBlocks(text, (line) => PROPOSAL_LINE.test(line), PROPOSAL_LINE);
  const insideBlock = (offset: number) => [...blocks, ...proposals].some((b) => offset >= b.offset && offset < b.end);

  for (const s of sentences(text)) {
    if (insideBlock(s.offset)) continue;
    if (isRoutine(s.text)) {
      decisions.push({ text: s.text, kind: 'routine', page: pageAt(item, s.offset) });
      continue;
    }
    const verb = s.text.match(VERBS);
    if (!verb || verb.index === undefined) continue;
    if (NOT_NOW.test(s.text)) continue;
    // The subject stands right before the verb ("Specifika samverkansrådet beslutar", "Det beslutades").
    const before = s.text
      .slice(0, verb.index)
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean);
    const passive = /^(beslutas|beslutades|beslöts)$/i.test(verb[1]!) && before.length <= 2;
    const subject = before.slice(-4).some((w) => subjects.has(w.replace(/[^\p{L}]/gu, '')));
    const reported = /\b(informerade|rapporterade|berättade|meddelade|redovisade) (om )?att\b/i.test(
      s.text.slice(0, verb.index),
    );
    if ((!subject && !passive) || reported) continue;
    if (/^(ställer sig|ställde sig)$/i.test(verb[1]!) && !STANCE.test(s.text)) continue;
    decisions.push({ text: s.text, kind: 'substantive', page: pageAt(item, s.offset) });
  }
  return { value: decisions, warnings };
}
