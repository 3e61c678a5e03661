/**
 * Case numbers (diarienummer): the clerks' own thread through a matter.
 *
 * One pattern family with a validator, not a list of examples. A case number
 * is a registry prefix (letters: "KS", "SN", "BUN", "NKBY", "ALN-") and a year
 * and a serial number, in any of the orders registries write them, with "/",
 * ".", "-", ":" or a space between the parts and an optional classification
 * code ("12.03.01"):
 *
 *   KS 2019/123 · SN 2019/10 · BUN/2016.41 · RS 22-0456 · KS-2019-0123 · KS 123/2019
 *   NKBY/497/12.03.01/2022 (Finland-Swedish meeting systems: prefix/serial/class/year)
 *
 * After a label ("Dnr", "DNR:", "Diarienummer", "Ärendenr", "Vårt dnr") the
 * prefix letters are optional ("Dnr 2019/123", "Dnr 123-2019"). Without a
 * label, only the shapes above with upper-case prefix letters count, and the
 * series of statutes and reports ("SFS 2010:800", "SOU 2020:80", "(EU) 2016/679")
 * never do. A date ("2019-05-06"), a time and a § citation are not case numbers.
 *
 * Each case number has a key for matching across meetings: letters upper-cased,
 * numbers without leading zeros, a two-digit year as four, parts joined by "-"
 * ("Dnr KS 2019/0123" and "KS 2019/123" → "KS-2019-123").
 */

/** "Dnr", "Dnr.", "DNR:", "Diarienr", "Diarienummer", "Diarie nr", "Ärendenr", "Ärende nr", "Vårt dnr", "Er beteckning". */
const LABEL_SOURCE = String.raw`(?:(?:vårt|vår|ert|er)\s+)?(?:dnr|d\.nr|diarienr|diarienummer|diarie-?\s?nr|diarie\s+nummer|ärendenr|ärendenummer|ärende\s+nr|ärende-?nr|beteckning)\.?\s*:?\s*`;

const LETTERS = String.raw`\p{Lu}{2,8}(?:-\p{Lu}{1,6})?`;
const SEP = String.raw`\s?[/.:-]\s?`;
/** The shapes; each alternative is validated further in `validate`. */
const BODY_SOURCE = [
  // Prefix/serial/class/year: NKBY/497/12.03.01/2022
  String.raw`${LETTERS}\s?/\s?\d{1,6}\s?/\s?\d{1,2}(?:\.\d{1,2}){0,5}\s?/\s?\d{4}`,
  // Prefix year serial: KS 2019/123, BUN/2016.41, RS 22-0456, KS-2019-0123, ALN-2020-0123, KS 2019/123-1.2, KS.2021.0123
  String.raw`${LETTERS}(?:\s|\s?[/-]\s?|\.)\d{2}(?:\d{2})?${SEP}\d{1,6}(?:[.-]\d{1,4}){0,3}`,
  // Prefix serial year: KS 123/2019, KS 0123-19
  String.raw`${LETTERS}(?:\s|\s?[/-]\s?)\d{1,6}${SEP}\d{2}(?:\d{2})?`,
  // Prefix: serial/year, the year in four digits: "CFV: 49/2015" (Jakobstad), "KST: 15/2012" (Vörå)
  String.raw`${LETTERS}:\s?\d{1,6}\s?/\s?\d{4}`,
].join('|');
/** After a label the prefix letters are optional, and may stand after the year. */
const LABELLED_BODY_SOURCE = [
  // Year/prefix serial (class): "2016/KS 0065 001", "2023/BUN 0214", "06/KS 006 012" (Tyresö), "2016 KSM/1221.042".
  String.raw`\d{2}(?:\d{2})?\s?/\s?${LETTERS}\s\d{1,6}(?:\s\d{2,4})?`,
  String.raw`\d{4}\s${LETTERS}\s?/\s?\d{1,6}(?:\.\d{1,4})?`,
  // Serial/year.class: "9/2014.730"; serial/year - class: "0015/13 - 200".
  String.raw`\d{1,6}\s?/\s?\d{4}\.\d{1,4}`,
  String.raw`\d{1,6}\s?/\s?\d{2}(?:\d{2})?\s[-–]\s\d{1,4}`,
  // Class-serial/year: "1.6-0463/2011" (Stockholm's registries).
  String.raw`\d{1,2}(?:\.\d{1,2}){1,3}\s?-\s?\d{1,6}\s?/\s?\d{4}`,
  BODY_SOURCE,
  String.raw`\d{1,6}\s?/\s?\d{1,2}(?:\.\d{1,2}){0,5}\s?/\s?\d{4}`,
  String.raw`\d{2}(?:\d{2})?${SEP}\d{1,6}(?:[.-]\d{1,4}){0,3}`,
  String.raw`\d{1,6}${SEP}\d{2}(?:\d{2})?`,
].join('|');

const END = String.raw`(?![\p{L}\p{N}]|[/.:-]\p{N})`;
const START = String.raw`(?<![\p{L}\p{N}/.-])`;
const LABELLED = new RegExp(`${START}${LABEL_SOURCE}(${LABELLED_BODY_SOURCE})${END}`, 'giu');
const BARE = new RegExp(`${START}(${BODY_SOURCE})${END}`, 'gu');
const LABEL_ONLY = new RegExp(`^${LABEL_SOURCE}$`, 'iu');

/** Series of statutes, reports, standards and the like, written "SFS 2010:800", "SOU 2020:80", "EU 2016/679". */
const NOT_REGISTRIES = new Set([
  'SFS',
  'SOU',
  'DS',
  'PROP',
  'BET',
  'RSKR',
  'SOSFS',
  'HSLF',
  'HSLF-FS',
  'AFS',
  'SKOLFS',
  'EU',
  'EG',
  'EEG',
  'EES',
  'ISO',
  'SS',
  'EN',
  'SIS',
  'KL',
  'NJA',
  'RÅ',
  'HFD',
  'AD',
  'MÖD',
  'LSS',
  'SOL',
  'LVU',
  'LVM',
  'HSL',
  'COVID',
  'SARS',
  'ICD',
  'KVÅ',
  'MB',
  'PBL',
  'OSL',
  'GDPR',
  'BOF',
  'TEL',
  'TFN',
  'FAX',
  'ORG',
  'NR',
  'SEK',
  'EUR',
  'KR',
  'MKR',
  'TKR',
  'ÅR',
  'VT',
  'HT',
  'V',
  'VECKA',
  // Notes written with a colon before a figure ("OBS: 12/2019 gäller").
  'OBS',
  'NB',
  'PS',
  'ANM',
]);

export interface CaseNumberMatch {
  /** The identifier as written, white space folded, without its label ("KS 2019/0123"). */
  readonly written: string;
  /** The matching key ("KS-2019-123"). */
  readonly key: string;
  /** Where the whole match (label included) starts and ends in the text searched. */
  readonly index: number;
  readonly end: number;
  /** Whether a label ("Dnr") introduced it. */
  readonly labelled: boolean;
}

const isYear4 = (n: string) => n.length === 4 && Number(n) >= 1950 && Number(n) <= 2099;

/** Whether `a-b-c` is a calendar date (2019-05-06, 06.05.2019, 6/5/19) rather than a case number. */
function looksLikeDate(parts: readonly string[]): boolean {
  // A date has three numbers; "TN 2023/12-2.3.1" (a serial and a classification code) is no date.
  if (parts.length !== 3) return false;
  const [a, b, c] = parts.map(Number) as [number, number, number];
  const dm = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
  if (isYear4(parts[0]!) && dm(c, b)) return true;
  if (isYear4(parts[2]!) && dm(a, b)) return true;
  return false;
}

/** The key of an identifier, or null when it fails the validator. */
function validate(body: string, labelled: boolean): string | null {
  const leading =
    body.match(labelled ? /^\p{L}{2,8}(?:-\p{L}{1,6})?(?=[\s/.-])/u : /^\p{Lu}{2,8}(?:-\p{Lu}{1,6})?/u)?.[0] ?? '';
  // After a label the prefix may follow the year ("2016/KS 0065"): the key names it first all the same.
  const inner = !leading && labelled ? (body.match(/(?<=^\d{2,4}\s?[/\s]\s?)\p{Lu}{2,8}(?=[\s/])/u)?.[0] ?? '') : '';
  const letters = leading || inner;
  if (letters && NOT_REGISTRIES.has(letters.toUpperCase())) return null;
  if (!letters && !labelled) return null;
  const rest = inner ? body.replace(inner, ' ') : body.slice(letters.length);
  const numbers = rest.match(/\d+/g) ?? [];
  if (numbers.length < 2) return null;
  // "SFS 2010:800", "KS 2019:12" without a label: the statute and report series' colon.
  if (!labelled && /\d\s?:\s?\d/.test(rest)) return null;
  if (looksLikeDate(numbers)) return null;
  const four = numbers.filter(isYear4);
  const first = numbers[0]!;
  const last = numbers[numbers.length - 1]!;
  // A year must be there: four digits (1950-2099) first or last, or two digits beside a serial of three or more.
  let year: string | null = null;
  if (isYear4(first) || isYear4(last))
    year = isYear4(last) && numbers.length > 2 ? last : isYear4(first) ? first : last;
  // Serial/year.class after a label: "15/2014.002", "9/2014.730".
  else if (labelled && four.length > 0) year = four[0]!;
  else if (first.length === 2 && (numbers[1]?.length ?? 0) >= 3) year = first;
  else if (last.length === 2 && first.length >= 3 && numbers.length === 2) year = last;
  // Serial/year - class after a label: "0015/13 - 200".
  else if (labelled && numbers.length === 3 && numbers[1]!.length === 2 && first.length >= 3) year = numbers[1]!;
  // Serial/two-digit year after a label: "Dnr 31/16", "Dnr 17/12" (the label says it is no fraction or date).
  else if (
    labelled &&
    !letters &&
    numbers.length === 2 &&
    last.length === 2 &&
    /^\d{1,6}\s?\/\s?\d{2}$/.test(rest.trim())
  )
    year = last;
  if (year === null) return null;
  if (four.length === 0 && !letters && !labelled) return null;
  const key = [
    ...(letters ? [letters.toUpperCase()] : []),
    ...numbers.map((n) => {
      if (n === year && n.length === 2) return String((Number(n) > 50 ? 1900 : 2000) + Number(n));
      return String(Number(n));
    }),
  ].join('-');
  return key;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Two digits with anything between: what every case number holds at the least (validate wants two runs of digits). */
const TWO_DIGITS = /\d[\s\S]*\d/;

/**
 * Every case number in `text`. Labelled ones anywhere ("Dnr KS 2019/123");
 * unlabelled ones only where `bare` allows: on a line of their own, at the end
 * of a heading, in a running header (the callers decide; prose citing another
 * case is not the item's case number).
 */
export function findCaseNumbers(text: string, options: { bare?: boolean } = {}): CaseNumberMatch[] {
  // Every case number has two runs of digits or more; the cases stage asks this of every line.
  if (!TWO_DIGITS.test(text)) return [];
  const out: CaseNumberMatch[] = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(LABELLED)) {
    const body = m[1]!;
    const key = validate(body, true);
    if (!key) continue;
    out.push({ written: fold(body), key, index: m.index, end: m.index + m[0].length, labelled: true });
    taken.push([m.index, m.index + m[0].length]);
  }
  if (options.bare) {
    for (const m of text.matchAll(BARE)) {
      if (taken.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
      // A § citation ("KS § 12/2023") or a "Bilaga"/"sida" reference is not a case number.
      if (/§\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
      const key = validate(m[1]!, false);
      if (!key) continue;
      out.push({ written: fold(m[1]!), key, index: m.index, end: m.index + m[0].length, labelled: false });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The case numbers a line consists of: "NKBY/497/12.03.01/2022",
 * "Dnr KS 2019/123", "Diarienummer: SN 2019/10, SN 2019/11". Null when the
 * line holds anything else (a sentence that cites a case).
 */
export function caseNumberLine(line: string): CaseNumberMatch[] | null {
  const t = line.trim();
  if (!t || t.length > 120) return null;
  const found = findCaseNumbers(t, { bare: true });
  if (found.length === 0) return null;
  let rest = t;
  for (const f of [...found].reverse()) rest = rest.slice(0, f.index) + rest.slice(f.end);
  rest = rest.replace(/[\s,;()|–—-]+/g, ' ').trim();
  return rest === '' || LABEL_ONLY.test(rest) ? found : null;
}

/** The matching key of a case number as a person types it ("ks 2019/0123" → "KS-2019-123"), or null. */
export function caseNumberKey(input: string): string | null {
  const t = input.trim();
  const found = findCaseNumbers(t, { bare: true });
  if (found.length > 0) return found[0]!.key;
  // Typed in lower case: the prefix letters are upper-cased first.
  const upper = findCaseNumbers(t.toUpperCase(), { bare: true });
  return upper[0]?.key ?? null;
}
