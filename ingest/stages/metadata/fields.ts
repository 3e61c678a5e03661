/**
 * Head fields of a protocol: dokumenttyp, organ (body), organisation, plats,
 * and the people named with a role (sekreterare, ordförande, justerare).
 */
import type { DocType, Warning } from '../../../domain/schemas.js';
import { labelsOtherDate, MONTH_RE } from './dates.js';
import { canonicalBody } from '../../../domain/bodies.js';
import { listsPeople } from './attendees.js';
import { capture, captureAll } from './capture.js';

const DOC_TYPES: [RegExp, DocType][] = [
  [/mötesanteckning(ar)?/i, 'mötesanteckningar'],
  [/minnesanteckning(ar)?/i, 'minnesanteckningar'],
  [/(sammanträdes|mötes)?protokoll(?!et|en)/i, 'protokoll'],
  // Plain "Anteckningar" / "Anteckningar från …": notes, closest to minnesanteckningar.
  [/^anteckningar\b/i, 'minnesanteckningar'],
  // The papers before a meeting, by the word that opens their title ("Kallelse och föredragningslista" is a kallelse).
  [/^kallelse\b/i, 'kallelse'],
  [/^föredragningslista\b/i, 'föredragningslista'],
];

export function findDocType(header: readonly string[]): DocType | null {
  // "Beteckning" names the type on the next line (or later on the same row).
  for (let i = 0; i < header.length; i++) {
    if (/^beteckning/i.test(header[i]!.trim()) || /\tbeteckning\s*$/i.test(header[i]!)) {
      for (const next of [header[i + 1] ?? '', header[i + 2] ?? ''])
        for (const [re, type] of DOC_TYPES) if (re.test(next)) return type;
    }
  }
  // The title line's first word.
  for (const line of header) {
    const first = line.trim().split(/[\s:–-]+/)[0] ?? '';
    for (const [re, type] of DOC_TYPES) if (re.test(first) && first.length <= 22) return type;
  }
  for (const [re, type] of DOC_TYPES) if (header.some((l) => re.test(l))) return type;
  // A head that names adjusters ("Justerare: …") heads minutes that are signed off: a protocol.
  if (header.some((l) => /^\s*(?:justerare|justerande|justeras\s+av|utses\s+att\s+justera)\b/i.test(l)))
    return 'protokoll';
  return null;
}

export const BODY_WORDS =
  /(chefsgrupp|samverkansråd|styrgrupp|nämnd|styrelse|fullmäktige|utskott|beredning|ledningsgrupp|arbetsgrupp|råd(et)?\b|forum|nätverk|grupp|sektion|kommitté|delegation|direktion|förbund)/i;

/** A field's label that names the body: "Organ", "Nämnd", "Nämnd/Styrelse", "Beslutsinstans". */
const BODY_LABEL =
  /^(?:organ|nämnd|styrelse|nämnd\s*\/\s*styrelse|organ\/nämnd|typ av möte|mötesform|beslutande organ|beslutsinstans|instans)$/i;

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);

export function cleanBody(raw: string): string | null {
  let s = raw
    .replace(/\s+/g, ' ')
    .replace(/^[\s:–-]+/, '')
    .replace(/^(?:fört\s+)?(?:vid|från|för)\s+(?:\p{L}*(?:sammanträde|möte)t?\s+(?:med|i|för)\s+)?/iu, '')
    .replace(/[,\s]+\d{6}\s*$/, '')
    .replace(new RegExp(`\\s+(den\\s+)?\\d{1,2}(\\s*[-–]\\s*\\d{1,2})?\\s+(${MONTH_RE})(\\s+\\d{4})?.*$`, 'iu'), '')
    .replace(/\s+\d{4}-\d{2}-\d{2}.*$/, '')
    .replace(/[\s,.;:–-]+$/, '')
    .trim();
  if (s.length < 3 || s.length > 160) return null;
  s = capitalise(s);
  return s;
}

/** "Årsmöte - Python Sverige", "Styrelsemöte – Föreningen X": the meeting, then whose it is. */
const TITLE_WITH_OWNER =
  /^(?<body>\p{Lu}[\p{L} ]{2,40}?(?:möte|sammanträde|stämma))\s+[-–]\s+(?<org>\p{Lu}[\p{L} .&-]{2,60})$/u;
/**
 * An association's meeting named with whose it is in prose: "Årsmöte för Ung Pirat Södertälje", "Styrelsemöte med
 * Falkens scoutkår.", "Protokoll fört vid styrelsemöte för Adelsö Hembygdslag torsdagen den 26 februari 2015".
 * The meeting is a compound of "möte" or a "stämma" (a kommun's "sammanträde med socialnämnden" is not one).
 */
const MEETING_OF =
  /^(?:(?:sammanträdes)?protokoll\s+(?:fört\s+)?(?:vid|för|från)\s+)?(?<body>(?:(?:extra|ordinarie|konstituerande)\s+)?(?:(?:\p{L}{3,})?möte|\p{L}*stämma))\s+(?:fört\s+|hållet\s+)?(?<by>för|med|i)\s+(?<org>\p{Lu}[^,.;:()]{1,60}?)(?=\s*(?:[,.;:(]|$)|\s+(?:den|kl\.?|klockan|i|på)\s|\s+(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\b|\s+(?:\d{1,2}(?!\d)|\d{4}-))/iu;
/**
 * After "i" the owner names an association ("styrelsemöte i Föreningen Ekbackens vänner", "årsmöte i Kumla IF"),
 * where "årsmöte i Uppsala" or "i Föreningshuset" names a place: the association's word ends a word.
 */
const ASSOCIATION =
  /(?:(?:förening|klubb|förbund|sällskap|kår|hembygdslag|sektion|stiftelse)(?:en|et|ar|s)?|(?<![\p{L}])(?:IF|IK|BK|FF|FK|SK|GIF|AIK|IFK))(?![\p{L}])/iu;
/** The meeting, then straight after it an association's name and nothing more. */
const MEETING_THEN_ASSOCIATION =
  /^(?<body>(?:(?:extra|ordinarie|konstituerande)\s+)?(?:\p{L}{3,}möte|\p{L}*stämma))\s+(?<org>\p{Lu}[\p{L}-]*(?:\s+[\p{L}&-]+){0,5})$/u;
/**
 * "ÅRSMÖTESPROTOKOLL", "Styrelsemötesprotokoll", "Föreningsstämmoprotokoll": the meeting in the document's name;
 * "Styrelseprotokoll" is the board's meeting's.
 */
const MEETING_PROTOCOL =
  /^(?:(?<body>\p{L}{3,}möte)s?|(?<assembly>\p{L}*stämm)o|(?<board>styrelse))\s?protokoll(?![\p{L}])/iu;
/** How a body met ("Webbmöte med Värmlandsrådet"), which names no kind of meeting. */
const MEETING_FORM = /^(?:webb|telefon|video|teams|zoom|skype|distans|digital)/iu;
/** An owner that is itself a body ("… med Värmlandsrådets arbetsutskott"): a body met, no association. */
const OWNER_IS_BODY = /(?:nämnd|styrelse|utskott|råd|grupp|beredning|fullmäktige)\p{L}{0,3}$/iu;

/** The meeting and whose it is, the owner named with a capital ("… med för. ”Vår Bygd 1891”" names none). */
function meetingOf(line: string): { body: string | null; org: string | null } | null {
  const g = capture(TITLE_WITH_OWNER, line) ?? capture(MEETING_OF, line);
  if (g?.body && g.org) {
    // "Svenska Bridgeförbundets styrelse": the association.
    const org = g.org
      .replace(/["”“'’]/g, '')
      .replace(/s\s+styrelse$/u, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (MEETING_FORM.test(g.body) || OWNER_IS_BODY.test(org)) return null;
    if (g.by?.toLowerCase() === 'i' && !ASSOCIATION.test(org)) return null;
    // A bare "möte med Piratpartiets styrelse" names whose, but no kind of meeting.
    if (/^\p{Lu}/u.test(org)) return { body: /^möte$/i.test(g.body) ? null : g.body, org };
  }
  // "Styrelsemöte Hembygdsföreningen Gamla Byn", "Årsmöte Kumla IF": the association right after the meeting.
  const owned = capture(MEETING_THEN_ASSOCIATION, line);
  if (owned?.body && owned.org && ASSOCIATION.test(owned.org)) return { body: owned.body, org: owned.org.trim() };
  const named = capture(MEETING_PROTOCOL, line);
  const body = named?.body ?? (named?.assembly ? `${named.assembly}a` : named?.board ? 'styrelsemöte' : null);
  return body ? { body, org: null } : null;
}

/**
 * Every organisation a line names, in order ("KARLSKOGA KOMMUN Kommunstyrelsen", "Nykarleby stad", "Region Örebro
 * län"; a list of those present names one per person).
 */
const ORGANISATION =
  /(?<![\p{L}])(?<org>(?:region|landstinget)\s+\p{Lu}[\p{L}-]+(?:\s+län)?|\p{Lu}[\p{L}-]+\s+(?:kommun|stad|landsting|kommunalförbund))(?![\p{L}])/giu;

const titleCase = (s: string) =>
  s === s.toUpperCase()
    ? s
        .toLowerCase()
        .replace(/(^|[\s-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())
        .replace(/\s(Kommun|Stad|Län|Landsting)\b/g, (m) => m.toLowerCase())
    : s;

/**
 * A line of those present, whose organisations are theirs, the meeting's only if all are the same: "Närvarande: Anna
 * Berg, Askersunds kommun, Per Ek, Region Örebro län", or a row "Per Ek, Region Örebro län" (a regional group's members
 * come from many).
 */
const PERSON_ROW = /^\s*\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+)+\s*,\s+\p{L}/u;
const attendeeLine = (line: string) => listsPeople(line) || PERSON_ROW.test(line);

/** The kommun, region or association: a letterhead, a title line, a running header (those present: see above). */
export function findOrganisation(header: readonly string[], running: readonly string[]): string | null {
  for (const line of header.slice(0, 20)) {
    const org = meetingOf(line.trim())?.org;
    if (org) return org;
  }
  const attendees = new Set<string>();
  for (const line of [...running, ...header.slice(0, 40)]) {
    if (/^\s*(?:www\.|https?:)/i.test(line)) continue;
    const named = [...captureAll(ORGANISATION, line)].map(({ g }) => titleCase(g.org!.replace(/\s+/g, ' ')));
    if (!attendeeLine(line)) {
      if (named[0]) return named[0];
    } else for (const org of named) attendees.add(org);
  }
  // Only those present name one: theirs is the meeting's where they all come from it (a nämnd's officials).
  return attendees.size === 1 ? [...attendees][0]! : null;
}

export function findBody(header: readonly string[]): string | null {
  for (const line of header) {
    const g = capture(
      /^\s*(?:typ av möte|organ|mötesform|grupp|nämnd\/styrelse|nämnd)\s*(?::|\t)\s*(?<body>[^\t]+)/i,
      line,
    );
    if (g?.body) return cleanBody(g.body);
  }
  for (const line of header.slice(0, 20)) {
    const meeting = meetingOf(line.trim());
    if (meeting?.body) return cleanBody(meeting.body.toLowerCase());
  }
  for (let i = 0; i < header.length; i++) {
    const g = capture(
      /^(?:sammanträdes)?(?:protokoll|mötesanteckningar|minnesanteckningar|anteckningar|föredragningslista)\b\s*(?:[-–:]\s*)?(?<title>.*)$/i,
      header[i]!.trim(),
    );
    if (!g?.title || !BODY_WORDS.test(g.title)) continue;
    let title = g.title;
    // A title wrapped onto the next line in a PDF ("… vård och\nomsorg").
    const next = header[i + 1]?.trim() ?? '';
    if (/^\p{Ll}/u.test(next) && next.length < 60 && !/:/.test(next)) title += ` ${next}`;
    return cleanBody(title);
  }
  // A kommun protocol headed by the body's name ("Socialnämnden", "Kommunstyrelsen"),
  // perhaps after the kommun's letterhead ("KARLSKOGA KOMMUN Kommunstyrelsen").
  for (const line of header.slice(0, 15)) {
    const t = line.trim().replace(/^\p{Lu}[\p{L}-]+\s+(?:KOMMUN|kommun|STAD|stad)\s+(?=\p{Lu})/u, '');
    if (
      t.length > 0 &&
      t.length < 90 &&
      BODY_WORDS.test(t) &&
      !/[.?!]$/.test(t) &&
      !/^(tjänsteställe|sekreterare|närvarande)/i.test(t) &&
      // A field's label alone, its value elsewhere ("Nämnd" above "Sammanträdesdatum", the values below).
      !BODY_LABEL.test(t.replace(/\s*:$/, ''))
    )
      return cleanBody(t.replace(/\s+(protokoll|sammanträdesprotokoll)$/i, ''));
  }
  return null;
}

/** A bilingual label's Finnish half ("PAIKKA - PLATS", "PLATS - PAIKKA", "Kokouspaikka / Sammanträdesplats"). */
const withoutFinnishPlaceLabel = (line: string) =>
  line
    .replace(/^(\s*)(?:kokous)?paikka\s*[-–/]\s*/iu, '$1')
    .replace(/^(\s*(?:sammanträdes|mötes)?plats)\s*[-–/]\s*(?:kokous)?paikka(?![\p{L}])/iu, '$1');

export function findPlace(header: readonly string[]): string | null {
  for (const [i, raw] of header.entries()) {
    const line = withoutFinnishPlaceLabel(raw);
    // "Justeringens" / "plats och tid": a label wrapped onto two lines names the justering's place.
    if (/^\s*\p{Ll}/u.test(line) && labelsOtherDate(header, i)) continue;
    // A bare "Plats och tid" (its value elsewhere) names no place: not "och tid".
    const labelled = capture(
      /^\s*(?:sammanträdes|mötes)?plats(?:\s+och\s+tid)?\s*[:.]?\s+(?!och\s+tid\s*$)(?<place>.+)$/i,
      line,
    );
    if (labelled?.place) {
      const place = labelled.place
        .replace(/\s*(den\s+)?\d{4}-\d{2}-\d{2}.*$/, '')
        // "Stadshuset, tisdag 4 maj 2010", "Kommunhuset, torsdagen den 12 mars 2015", "Stadshuset 3.4.2019"
        .replace(
          new RegExp(
            `,?\\s*(?:\\p{L}+dag(?:en)?\\s+)?(?:den\\s+)?\\d{1,2}(?:\\.\\d{1,2}\\.\\d{4}|\\s+(?:${MONTH_RE})\\b).*$`,
            'iu',
          ),
          '',
        )
        .replace(/,?\s*(kl\.?|klockan)\s*\d.*$/i, '')
        .replace(/,?\s*\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}.*$/, '')
        .replace(/[\s,;–-]+$/, '')
        .trim();
      if (place) return place;
      continue;
    }
    // "Plats" alone, its value on the next line.
    if (/^\s*plats\s*:?\s*$/i.test(line)) {
      const next = header[i + 1]?.trim() ?? '';
      if (next && !/:/.test(next) && !/^(tid|datum|närvarande|sekreterare|ordförande)\b/i.test(next))
        return next.replace(/,?\s*(kl\.?|klockan)\s*\d.*$/i, '').trim();
    }
    // "Tid, Plats 09:30-12:00, Teams\t2023-02-07\tProtokoll"
    const afterTime = capture(
      /^\s*tid\s*(?:,|och)\s*plats\s*[:.]?\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\s*,?\s*(?<place>[^\t\d][^\t]*?)\s*(?:\t|\d{4}-|$)/i,
      line,
    );
    if (afterTime) return afterTime.place?.trim() || null;
  }
  return null;
}

/** A signature-block label line: "Sekreterare", "Underskrifter\tSekreterare", "Ordförande", "Justerande". */
const ROLE_LABEL =
  /(?:^|\t)\s*(?:sekreterare|ordförande|justerare|justerande|vid protokollet|protokollförare)\s*:?\s*(?:\t.*)?$/i;

const NAME = /^\p{Lu}[\p{L}'’-]+(?:\s+(?:af|von|de|van)?\s*\p{Lu}[\p{L}'’-]+){0,3}$/u;
export const isName = (s: string) => NAME.test(s.trim()) && s.trim().split(/\s+/).length >= 2;

/** A person named with a role: "Karin Sundin\nOrdförande" or "Sekreterare: Marie Cesares Olsson". */
export function findRolePerson(header: readonly string[], role: RegExp): string | null {
  for (let i = 0; i < header.length; i++) {
    const line = header[i]!.trim();
    // "Sekreterare: X", "Utses att justera\tAnna Berg", "Ordförande  X".
    const inline = capture(new RegExp(`^(?:${role.source})\\s*(?::|\\t|\\s{2,})\\s*(?<value>.+)$`, 'i'), line);
    if (inline?.value) {
      const value = (inline.value.split(/\t/)[0] ?? '').trim().replace(/\s*\([^)]*\)\s*$/, '');
      if (/^\p{Lu}/u.test(value) && !/\d/.test(value)) return value;
    }
    // A label in a cell of a table row ("Underskrifter\tSekreterare\t\tParagrafer 45–48"), the name below.
    const cells = line.split(/\t+/).map((c) => c.trim());
    if (
      cells.length > 1 &&
      cells.some((c) => new RegExp(`^(?:${role.source})\\s*:?$`, 'i').test(c)) &&
      isName(header[i + 1]?.trim() ?? '')
    ) {
      return header[i + 1]!.trim();
    }
    if (!new RegExp(`^(?:${role.source})\\s*:?$`, 'i').test(line)) continue;
    const before = header[i - 1]?.trim() ?? '';
    // A signature block written label-above-name ("Ordförande\nMagnus Andersson\nJusterande\nAnna Berg"):
    // the name above this label belongs to the label above it.
    const beforeOwned = ROLE_LABEL.test(header[i - 2]?.trim() ?? '') && isName(header[i + 1]?.trim() ?? '');
    if (isName(before) && !beforeOwned) return before;
    // A label above the name; the name may wrap over two lines in a PDF ("Ann-Louise\nGustafsson").
    const after = header[i + 1]?.trim() ?? '';
    const after2 = header[i + 2]?.trim() ?? '';
    if (isName(after)) return after;
    if (NAME.test(after) && NAME.test(after2) && !/:/.test(after2)) return `${after} ${after2}`;
  }
  return null;
}

/** "Ordförande: X" or "Ordförande\tX" written as a field. */
export function chairInline(header: readonly string[]): string | null {
  for (const line of header) {
    const name = capture(/^ordförande\s*(?::|\t)\s*(?<name>\p{Lu}[^\t,(]*)/iu, line.trim())?.name?.trim();
    if (name && isName(name)) return name;
  }
  return null;
}

/** Letter bigrams, for telling a garbled copy of a name from another name. */
function bigrams(s: string): Map<string, number> {
  const t = s.toLowerCase().replace(/[^\p{L}]+/gu, ' ');
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < t.length; i++) {
    const b = t.slice(i, i + 2);
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}
function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [k, n] of x) {
    common += Math.min(n, y.get(k) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

export interface BodyEvidence {
  readonly fields: readonly { label: string; value: string }[];
  readonly running: readonly { text: string; page: number }[];
}

/**
 * The body: from an "Organ"/"Nämnd" form field, the running header and the
 * head's text. Copies of one name that differ (a cover whose font encoding is
 * broken reads "Rådet för funktinnshndrade", the running header on every page
 * "Rådet för funktionshindrade") are one candidate; its most repeated spelling
 * wins, with a warning.
 */
export function chooseBody(
  header: readonly string[],
  evidence: BodyEvidence,
): { body: string | null; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const candidates: { name: string; from: 'label' | 'header' | 'text' }[] = [];
  for (const f of evidence.fields) {
    if (!BODY_LABEL.test(f.label.trim())) continue;
    const name = cleanBody(f.value.split(' | ')[0]!);
    if (name) candidates.push({ name, from: 'label' });
  }
  // A form row whose cells were read as one line (an OCR'd cover): "Organ Ungdomsfullmäktige".
  for (const line of header) {
    const g = capture(/^\s*(?:organ|beslutande organ|organ\/nämnd|nämnd)\s+(?<body>\p{Lu}.*)$/iu, line);
    const name = g?.body && canonicalBody(g.body) ? cleanBody(g.body) : null;
    if (name) candidates.push({ name, from: 'label' });
  }
  const seen = new Set<string>();
  for (const r of evidence.running) {
    for (const cell of r.text.split(' | ')) {
      // "Sida 2(14) Omsorgsnämnden", "Kommunstyrelsen 2019-12-30": the body's name in the cell, furniture aside.
      const name = canonicalBody(cell);
      if (name && !seen.has(`${r.page}\n${name}`)) {
        seen.add(`${r.page}\n${name}`);
        candidates.push({ name, from: 'header' });
      }
    }
  }
  const fromText = findBody(header);
  if (candidates.length === 0) return { body: fromText, warnings };
  if (fromText) candidates.push({ name: fromText, from: 'text' });
  // Group copies of one name; a group with a labelled field comes first, then the most repeated.
  const groups: { names: string[]; label: boolean }[] = [];
  for (const c of candidates) {
    const g = groups.find((x) => dice(x.names[0]!, c.name) >= 0.6);
    if (g) {
      g.names.push(c.name);
      g.label ||= c.from === 'label';
    } else groups.push({ names: [c.name], label: c.from === 'label' });
  }
  groups.sort((a, b) => Number(b.label) - Number(a.label) || b.names.length - a.names.length);
  const best = groups[0]!;
  if (!best.label && best.names.length < 2) return { body: fromText, warnings };
  const counts = new Map<string, number>();
  for (const n of best.names) counts.set(n, (counts.get(n) ?? 0) + 1);
  let body = best.names[0]!;
  for (const [n, k] of counts) if (k > counts.get(body)!) body = n;
  if (counts.size > 1) {
    warnings.push({
      code: 'body-variants',
      message: `Organets namn stavas olika i dokumentet (${[...counts.keys()].join(' / ')}); det som återkommer mest valdes: ${body}.`,
    });
  }
  return { body, warnings };
}
