/**
 * Metadata of a protocol from its normalised pages: organ (body) as written,
 * dokumenttyp, mötesdatum (in every shape the genre uses), tid, plats,
 * sekreterare, ordförande, justerare, närvarande with role and organisation,
 * and the municipalities present. Absence is read from strike-through (when
 * the source kept it) and from the text itself ("X och Y har anmält frånvaro"),
 * since a PDF loses strike-through. A date that cannot be found is left out and
 * flagged, never guessed.
 */
import type { Attendee, AttendeeRole, DateStatus, DocType, Municipality, Page, ProtocolMeta, StageResult, Warning } from '../../src/domain/schemas.js';
import { MUNICIPALITIES } from '../../src/domain/schemas.js';
import { mentionsRegion, municipalityOf } from '../../src/domain/municipalities.js';
import type { StruckSpan } from './normalise.js';

export const VERSION = 'metadata@4';

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, februari: 2, feb: 2, mars: 3, mar: 3, april: 4, apr: 4, maj: 5, juni: 6, jun: 6,
  juli: 7, jul: 7, augusti: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const pad = (n: number) => String(n).padStart(2, '0');
const isValid = (y: number, m: number, d: number) => {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

interface DateHit {
  year: number | null;
  month: number;
  day: number;
}

/** Finds the first date in a string, in any of the genre's shapes; year may be missing. */
export function parseSwedishDate(text: string): DateHit | null {
  const s = text.toLowerCase();
  const candidates: { at: number; hit: DateHit }[] = [];
  const push = (at: number, year: number | null, month: number, day: number) => {
    if (isValid(year ?? 2000, month, day)) candidates.push({ at, hit: { year, month, day } });
  };
  for (const m of s.matchAll(/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g)) push(m.index, +m[1]!, +m[2]!, +m[3]!);
  for (const m of s.matchAll(/(?<!\d)(\d{4})\.(\d{2})\.(\d{2})(?!\d)/g)) push(m.index, +m[1]!, +m[2]!, +m[3]!);
  // "13-14 oktober 2022", "4 november 2021", "den 20 november", "1- 2 december"
  const named = new RegExp(`(?<!\\d)(\\d{1,2})(?:\\s*[-–]\\s*\\d{1,2})?\\s+(${MONTH_RE})\\.?(?!\\p{L})(?:\\s+(\\d{4}))?`, 'gu');
  for (const m of s.matchAll(named)) push(m.index, m[3] ? +m[3] : null, MONTHS[m[2]!]!, +m[1]!);
  // "4/11 2021", "4/11-2021"
  for (const m of s.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})[\s-]+(\d{4})(?!\d)/g)) push(m.index, +m[3]!, +m[2]!, +m[1]!);
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0]?.hit ?? null;
}

/** All dates with a year in the text (for inferring a missing year). */
function datesWithYear(text: string): { year: number; month: number; day: number }[] {
  const out: { year: number; month: number; day: number }[] = [];
  for (const m of text.matchAll(/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g)) {
    if (isValid(+m[1]!, +m[2]!, +m[3]!)) out.push({ year: +m[1]!, month: +m[2]!, day: +m[3]! });
  }
  const named = new RegExp(`(?<!\\d)(\\d{1,2})\\s+(${MONTH_RE})\\s+(\\d{4})(?!\\d)`, 'giu');
  for (const m of text.matchAll(named)) {
    const month = MONTHS[m[2]!.toLowerCase()]!;
    if (isValid(+m[3]!, month, +m[1]!)) out.push({ year: +m[3]!, month, day: +m[1]! });
  }
  return out;
}

/**
 * The year of a "den 20 november" meeting: taken from the document's other
 * dates (justering, next meeting): the year that puts the meeting closest
 * before them.
 */
function inferYear(month: number, day: number, fullText: string): number | null {
  const others = datesWithYear(fullText);
  if (others.length === 0) return null;
  let best: { year: number; distance: number } | null = null;
  for (const o of others) {
    const ref = Date.UTC(o.year, o.month - 1, o.day);
    for (const year of [o.year - 1, o.year, o.year + 1]) {
      if (!isValid(year, month, day)) continue;
      const distance = Math.abs(ref - Date.UTC(year, month - 1, day));
      if (!best || distance < best.distance) best = { year, distance };
    }
  }
  return best?.year ?? null;
}

const DATE_LABEL = /^(?:tid(?:\s*(?:,|och)\s*plats)?|datum|sammanträdesdatum|mötesdatum|sammanträde|mötestid|möte|när)\s*[:.]?(?:\s|$)/i;
const NOT_MEETING_DATE = /(justera|justering|anslag|protokollet\s+är\s+justerat|överklag|nästa\s+möte|föregående)/i;

const FIRST_ITEM = /^\s*(?:#+\s*)?(?:\*\*)?\s*(?:(?:\p{Lu}{1,8}\s+)?§\s*\d{1,4}(?![\d/-])(?:\s*[a-h])?\s*(?:$|\p{Lu}|dnr)|(?:punkt\s+)?1\.?\s+\p{Lu}|-\s+\p{Lu})/iu;

/** The protocol's head: everything before the first agenda item. */
function headerLines(lines: readonly string[]): string[] {
  const end = lines.findIndex((l) => FIRST_ITEM.test(l));
  return lines.slice(0, end < 0 ? Math.min(lines.length, 80) : Math.min(end, 150));
}

function findMeetingDate(header: readonly string[], fullText: string): { date: string | null; status: DateStatus; time: string | null } {
  const time = (s: string) => {
    const m = s.match(/(?:kl\.?|klockan)?\s*(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})/i) ?? s.match(/(?:kl\.?|klockan)\s*(\d{1,2}(?:[.:]\d{2})?)/i);
    return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]!) : null;
  };
  const resolve = (hit: DateHit, t: string | null) => {
    if (hit.year !== null) return { date: iso(hit.year, hit.month, hit.day), status: 'explicit' as const, time: t };
    const year = inferYear(hit.month, hit.day, fullText);
    return year === null ? null : { date: iso(year, hit.month, hit.day), status: 'inferred-year' as const, time: t };
  };
  // 1. A labelled line (Tid:, Datum, Sammanträdesdatum), the date on it or on the next line.
  for (let i = 0; i < header.length; i++) {
    const line = header[i]!.trim();
    if (!DATE_LABEL.test(line)) continue;
    for (const candidate of [line, header[i + 1] ?? '', header[i + 2] ?? '']) {
      const hit = parseSwedishDate(candidate);
      if (hit) {
        const found = resolve(hit, time(line) ?? time(candidate));
        if (found) return found;
      }
    }
  }
  // 2. The title line ("Mötesanteckningar chefsgrupp folkhälsa den 4 november 2021").
  for (const line of header) {
    if (/^(protokoll|mötesanteckningar|minnesanteckningar|anteckningar|sammanträdesprotokoll)\b/i.test(line.trim())) {
      const hit = parseSwedishDate(line);
      if (hit) {
        const found = resolve(hit, time(line));
        if (found) return found;
      }
    }
  }
  // 3. Any other date in the head that is not a justering/anslag/next-meeting date.
  for (let i = 0; i < header.length; i++) {
    const line = header[i]!;
    if (NOT_MEETING_DATE.test(line) || NOT_MEETING_DATE.test(header[i - 1] ?? '')) continue;
    const hit = parseSwedishDate(line);
    if (hit && hit.year !== null) return { date: iso(hit.year, hit.month, hit.day), status: 'explicit', time: time(line) };
  }
  return { date: null, status: 'missing', time: null };
}

/** "Plats och tid\tKommunhuset, kl. 08.30–12.00": the time when the date's line had none. */
function findTime(header: readonly string[]): string | null {
  for (const line of header) {
    if (!/^\s*(?:plats\s+och\s+tid|tid\s+och\s+plats|tid|mötestid|klockan)\b/i.test(line)) continue;
    const m = line.match(/(?:kl\.?|klockan)?\s*(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})/i) ?? line.match(/(?:kl\.?|klockan)\s*(\d{1,2}(?:[.:]\d{2})?)/i);
    if (m) return m[2] ? `${m[1]}-${m[2]}` : m[1]!;
  }
  return null;
}

const DOC_TYPES: [RegExp, DocType][] = [
  [/mötesanteckning(ar)?/i, 'mötesanteckningar'],
  [/minnesanteckning(ar)?/i, 'minnesanteckningar'],
  [/(sammanträdes|mötes)?protokoll(?!et|en)/i, 'protokoll'],
  // Plain "Anteckningar" / "Anteckningar från …": notes, closest to minnesanteckningar.
  [/^anteckningar\b/i, 'minnesanteckningar'],
];

function findDocType(header: readonly string[]): DocType | null {
  // "Beteckning" names the type on the next line (or later on the same row).
  for (let i = 0; i < header.length; i++) {
    if (/^beteckning/i.test(header[i]!.trim()) || /\tbeteckning\s*$/i.test(header[i]!)) {
      for (const next of [header[i + 1] ?? '', header[i + 2] ?? '']) for (const [re, type] of DOC_TYPES) if (re.test(next)) return type;
    }
  }
  // The title line's first word.
  for (const line of header) {
    const first = line.trim().split(/[\s:–-]+/)[0] ?? '';
    for (const [re, type] of DOC_TYPES) if (re.test(first) && first.length <= 22) return type;
  }
  for (const [re, type] of DOC_TYPES) if (header.some((l) => re.test(l))) return type;
  return null;
}

const BODY_WORDS = /(chefsgrupp|samverkansråd|styrgrupp|nämnd|styrelse|fullmäktige|utskott|beredning|ledningsgrupp|arbetsgrupp|råd(et)?\b|forum|nätverk|grupp)/i;

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);

function cleanBody(raw: string): string | null {
  let s = raw
    .replace(/\s+/g, ' ')
    .replace(/^[\s:–-]+/, '')
    .replace(/^(från|för)\s+/i, '')
    .replace(/[,\s]+\d{6}\s*$/, '')
    .replace(new RegExp(`\\s+(den\\s+)?\\d{1,2}(\\s*[-–]\\s*\\d{1,2})?\\s+(${MONTH_RE})(\\s+\\d{4})?.*$`, 'iu'), '')
    .replace(/\s+\d{4}-\d{2}-\d{2}.*$/, '')
    .replace(/[\s,.;:–-]+$/, '')
    .trim();
  if (s.length < 3 || s.length > 160) return null;
  s = capitalise(s);
  return s;
}

function findBody(header: readonly string[]): string | null {
  for (const line of header) {
    const m = line.match(/^\s*(?:typ av möte|organ|mötesform|grupp)\s*:\s*(.+)$/i);
    if (m) return cleanBody(m[1]!);
  }
  for (let i = 0; i < header.length; i++) {
    const m = header[i]!.trim().match(/^(?:sammanträdes)?(?:protokoll|mötesanteckningar|minnesanteckningar|anteckningar)\b\s*(?:[-–:]\s*)?(.*)$/i);
    if (!m || !m[1] || !BODY_WORDS.test(m[1])) continue;
    let title = m[1];
    // A title wrapped onto the next line in a PDF ("… vård och\nomsorg").
    const next = header[i + 1]?.trim() ?? '';
    if (/^\p{Ll}/u.test(next) && next.length < 60 && !/:/.test(next)) title += ` ${next}`;
    return cleanBody(title);
  }
  // A kommun protocol headed by the body's name ("Socialnämnden", "Kommunstyrelsen").
  for (const line of header.slice(0, 15)) {
    const t = line.trim();
    if (t.length > 0 && t.length < 90 && BODY_WORDS.test(t) && !/[.?!]$/.test(t) && !/^(tjänsteställe|sekreterare|närvarande)/i.test(t)) return cleanBody(t.replace(/\s+(protokoll|sammanträdesprotokoll)$/i, ''));
  }
  return null;
}

function findPlace(header: readonly string[]): string | null {
  for (const line of header) {
    let m = line.match(/^\s*plats(?:\s+och\s+tid)?\s*[:.]?\s+(.+)$/i);
    if (m) {
      const place = m[1]!
        .replace(/\s*(den\s+)?\d{4}-\d{2}-\d{2}.*$/, '')
        .replace(/,?\s*(kl\.?|klockan)\s*\d.*$/i, '')
        .replace(/,?\s*\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}.*$/, '')
        .replace(/[\s,;–-]+$/, '')
        .trim();
      if (place) return place;
      continue;
    }
    // "Plats" alone, its value on the next line.
    if (/^\s*plats\s*:?\s*$/i.test(line)) {
      const next = header[header.indexOf(line) + 1]?.trim() ?? '';
      if (next && !/:/.test(next) && !/^(tid|datum|närvarande|sekreterare|ordförande)\b/i.test(next)) return next.replace(/,?\s*(kl\.?|klockan)\s*\d.*$/i, '').trim();
    }
    // "Tid, Plats 09:30-12:00, Teams\t2023-02-07\tProtokoll"
    m = line.match(/^\s*tid\s*(?:,|och)\s*plats\s*[:.]?\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\s*,?\s*([^\t\d][^\t]*?)\s*(?:\t|\d{4}-|$)/i);
    if (m) return m[1]!.trim() || null;
  }
  return null;
}

/** A signature-block label line: "Sekreterare", "Underskrifter\tSekreterare", "Ordförande", "Justerande". */
const ROLE_LABEL = /(?:^|\t)\s*(?:sekreterare|ordförande|justerare|justerande|vid protokollet|protokollförare)\s*:?\s*(?:\t.*)?$/i;

const NAME = /^\p{Lu}[\p{L}'’-]+(?:\s+(?:af|von|de|van)?\s*\p{Lu}[\p{L}'’-]+){0,3}$/u;
const isName = (s: string) => NAME.test(s.trim()) && s.trim().split(/\s+/).length >= 2;

/** A person named with a role: "Karin Sundin\nOrdförande" or "Sekreterare: Marie Cesares Olsson". */
function findRolePerson(header: readonly string[], role: RegExp): string | null {
  for (let i = 0; i < header.length; i++) {
    const line = header[i]!.trim();
    // "Sekreterare: X", "Utses att justera\tAnna Berg", "Ordförande  X".
    const inline = line.match(new RegExp(`^(?:${role.source})\\s*(?::|\\t|\\s{2,})\\s*(.+)$`, 'i'));
    if (inline) {
      const value = inline[1]!.split(/\t/)[0]!.trim().replace(/\s*\([^)]*\)\s*$/, '');
      if (/^\p{Lu}/u.test(value) && !/\d/.test(value)) return value;
    }
    // A label in a cell of a table row ("Underskrifter\tSekreterare\t\tParagrafer 45–48"), the name below.
    const cells = line.split(/\t+/).map((c) => c.trim());
    if (cells.length > 1 && cells.some((c) => new RegExp(`^(?:${role.source})\\s*:?$`, 'i').test(c)) && isName(header[i + 1]?.trim() ?? '')) {
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

const SECTION = /^\s*(närvarande ledamöter|ledamöter|beslutande|tjänstgörande ledamöter|närvarande ersättare|tjänstgörande ersättare|ersättare|övriga närvarande|närvarande övriga|övriga deltagare|övriga|tjänstepersoner|tjänstemän|närvarande|deltagare|kallade|närvarande tjänstemän)\s*(?::\s*|\t+\s*|\s{2,}|$)(.*)$/i;

function roleOf(section: string): AttendeeRole {
  const s = section.toLowerCase();
  if (s.includes('ersättare')) return 'ersättare';
  if (s.includes('övrig') || s.includes('tjänste')) return 'övrig';
  if (s.includes('ledamöter') || s === 'beslutande') return 'ledamot';
  return 'okänd';
}

const NOTE = /\s*(\((?:[^)]*)\)|,?\s*(?:punkt|§)\s*[\d ,–-]*$|,?\s*dag\s*\d$)/i;

function splitOrganisation(raw: string): { org: string | null; note: string | null } {
  let org = raw.trim();
  const notes: string[] = [];
  for (let m = org.match(NOTE); m && m.index !== undefined && m[0].trim(); m = org.match(NOTE)) {
    notes.push(m[1]!.replace(/^[(,\s]+|[)\s]+$/g, ''));
    org = (org.slice(0, m.index) + org.slice(m.index + m[0].length)).trim();
  }
  org = org.replace(/[,\s]+$/, '');
  return { org: org || null, note: notes.length ? notes.join('; ') : null };
}

/** Organisation that is exactly a municipality ("Karlskoga", "Örebro kommun"): the list is by municipality. */
function municipalityField(org: string | null): Municipality | null {
  if (!org) return null;
  const m = org.trim().match(/^(\p{L}+?)s?(?:\s+kommun)?$/u);
  const name = m ? MUNICIPALITIES.find((x) => x === m[1] || `${x}` === org.trim()) : undefined;
  return name ?? null;
}

function parseAttendeeLine(line: string, role: AttendeeRole): Omit<Attendee, 'present' | 'absence'> | null {
  const text = line.replace(/^[-•*]\s+/, '').trim();
  if (!text) return null;
  let name: string;
  let rest: string;
  const tab = text.split(/\t+|\s{3,}/);
  if (tab.length >= 2) {
    name = tab[0]!.trim();
    rest = tab.slice(1).join(' ').trim();
  } else if (text.includes(',')) {
    const [first, ...others] = text.split(',');
    name = first!.trim();
    rest = others.join(',').trim();
  } else {
    // "Marie-Louise Forsberg Fransson Degerfors": a trailing municipality or region.
    const region = text.match(/^(.*?)\s+(Region Örebro län.*)$/);
    const muni = MUNICIPALITIES.find((m) => text.endsWith(` ${m}`));
    if (region) {
      name = region[1]!;
      rest = region[2]!;
    } else if (muni) {
      name = text.slice(0, -muni.length - 1);
      rest = muni;
    } else {
      name = text;
      rest = '';
    }
  }
  name = name.replace(/^(ersättare|ledamot|ordförande)\s+/i, '');
  const nameOnly = name.match(/^(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3})/u);
  if (!nameOnly) return null;
  name = nameOnly[1]!;
  const { org, note } = splitOrganisation(rest);
  return {
    name,
    role,
    organisation: org,
    municipality: municipalityField(org),
    region: org ? mentionsRegion(org) : false,
    note,
  };
}

function parseAttendees(header: readonly string[]): Omit<Attendee, 'present' | 'absence'>[] {
  const out: Omit<Attendee, 'present' | 'absence'>[] = [];
  let role: AttendeeRole | null = null;
  for (let i = 0; i < header.length; i++) {
    const raw = header[i]!;
    const line = raw.trim();
    const section = line.match(SECTION);
    if (section) {
      role = roleOf(section[1]!);
      let inline = section[2]?.trim();
      const tabbed = /^[^:]*\t/.test(line);
      // An inline list wrapped over several lines in a PDF: "Kallade: A, B, C\nD, E"
      // (not a table whose first row stands beside its label: "Beslutande\tA (S)\nB (M)").
      // "Närvarande: Anna Berg, Kumla\nPer Ek, Nora": the first row of a list, one person per line.
      const [, org, ...more] = (inline ?? '').split(',');
      const rowStyle = org !== undefined && more.length === 0 && (municipalityOf(org) !== null || mentionsRegion(org) || /^\s*\p{Ll}/u.test(org));
      while (inline && !tabbed && !rowStyle && i + 1 < header.length) {
        const next = header[i + 1]!.trim();
        if (!next || next.includes('\t') || /^[\p{L} ]{2,30}:/u.test(next) || SECTION.test(next)) break;
        inline += ` ${next}`;
        i++;
      }
      if (inline && (inline.includes(';') || rowStyle || (tabbed && (inline.match(/,/g) ?? []).length <= 1))) {
        // "Närvarande: Anna Svensson, Askersund; Per Olsson, Kumla", "Beslutande\tMagnus Andersson (S), ordförande"
        for (const part of inline.split(';')) {
          const a = parseAttendeeLine(part.trim(), role);
          if (a) out.push(a);
        }
      } else if (inline) {
        // "Kallade: A, B, ersättare C, D"
        for (const part of inline.split(/,|\s+och\s+/)) {
          const p = part.trim();
          const sub = /^ersättare\s+/i.test(p) ? 'ersättare' : role;
          const a = parseAttendeeLine(p.replace(/^ersättare\s+/i, ''), sub);
          if (a) out.push({ ...a, organisation: null, municipality: null, region: false });
        }
      }
      continue;
    }
    if (role === null) continue;
    if (!line) continue;
    if (/^(justera|tid|plats|datum|sekreterare|ordförande|vid protokollet|deltog inte|frånvarande|ej närvarande|protokoll|paragrafer|underskrift|utses|justeringens|anslag|bevis|organ|sammanträdesdatum|förvaringsplats|dag för|datum då)/i.test(line) || /^-{3,}/.test(line)) {
      if (!/^(ordförande|sekreterare)$/i.test(line)) role = null;
      continue;
    }
    // A continuation: "kommun", "punkt 2" under the previous attendee.
    if (/^\p{Ll}/u.test(line) && out.length > 0) {
      const prev = out[out.length - 1]!;
      const { org, note } = splitOrganisation(`${prev.organisation ?? ''} ${line}`);
      out[out.length - 1] = { ...prev, organisation: org, municipality: municipalityField(org), region: org ? mentionsRegion(org) : false, note: [prev.note, note].filter(Boolean).join('; ') || null };
      continue;
    }
    if (line.split(/\s+/).length > 16) {
      role = null;
      continue;
    }
    const a = parseAttendeeLine(raw, role);
    if (a) out.push(a);
  }
  return out;
}

/** Names reported absent in the text: "A, B och C har anmält frånvaro", "Deltog inte idag: A och B". */
export function findReportedAbsent(text: string): string[] {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const names: string[] = [];
  const split = (list: string) =>
    list
      .split(/,|\s+och\s+|\s+samt\s+/)
      .map((s) => s.trim().replace(/[.:;]$/, ''))
      .filter((s) => /^\p{Lu}/u.test(s));
  for (const m of flat.matchAll(/(?:^|[.!?]\s+|:\s+)((?:\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)(?:\s*(?:,|och|samt)\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)*)\s+(?:har\s+)?(?:anmält\s+(?:frånvaro|förhinder)|har\s+utevaro|utevaro|är\s+frånvarande|var\s+frånvarande|deltog\s+inte|deltar\s+inte)/gu)) {
    names.push(...split(m[1]!));
  }
  for (const m of flat.matchAll(/(?:deltog inte(?: idag)?|frånvarande|ej närvarande|förhinder)\s*:\s*([^.]+)/giu)) names.push(...split(m[1]!));
  return [...new Set(names)];
}

const sameName = (attendee: string, mention: string) => {
  const a = attendee.toLowerCase();
  const m = mention.toLowerCase().trim();
  if (a === m) return true;
  // "Monika" for "Monika Skantz": a bare first name.
  return !m.includes(' ') && a.split(/\s+/)[0] === m;
};

/** "Ordförande: X" or "Ordförande\tX" written as a field. */
function chairInline(header: readonly string[]): string | null {
  for (const line of header) {
    const m = line.trim().match(/^ordförande\s*(?::|\t)\s*(\p{Lu}[^\t,(]*)/iu);
    if (m && isName(m[1]!.trim())) return m[1]!.trim();
  }
  return null;
}

export function extractMetadata(pages: readonly Page[], struck: readonly StruckSpan[] = []): StageResult<ProtocolMeta> {
  const warnings: Warning[] = [];
  const fullText = pages.map((p) => p.text).join('\n');
  const lines = fullText.split('\n');
  const header = headerLines(lines);

  const { date, status, time } = findMeetingDate(header, fullText);
  if (status === 'missing') warnings.push({ code: 'date-missing', message: 'Inget mötesdatum hittades; protokollet indexeras utan datum.' });
  if (status === 'inferred-year') warnings.push({ code: 'date-year-inferred', message: `Året i mötesdatumet ${date} är härlett ur andra datum i dokumentet.` });

  const struckTexts = struck.map((s) => s.text.toLowerCase());
  const absent = findReportedAbsent(fullText);
  const attendees: Attendee[] = parseAttendees(header).map((a) => {
    const isStruck = struckTexts.some((s) => s === a.name.toLowerCase() || s.startsWith(`${a.name.toLowerCase()}`));
    const reported = absent.some((n) => sameName(a.name, n));
    return { ...a, present: !isStruck && !reported, absence: isStruck ? 'struck-through' : reported ? 'reported-absent' : null };
  });
  // Rows struck through in the list are gone from the text: list them as absent, with the
  // role the list gives people of their kind (municipality, region, other).
  const kind = (a: { municipality: unknown; region: boolean }) => (a.municipality !== null ? 'municipality' : a.region ? 'region' : 'other');
  for (const span of struck) {
    if (span.row === undefined) continue;
    const parsed = parseAttendeeLine(span.row, 'okänd');
    if (!parsed || !isName(parsed.name) || attendees.some((a) => a.name === parsed.name)) continue;
    const roles = attendees.filter((a) => kind(a) === kind(parsed)).map((a) => a.role);
    const role = roles.length > 0 && roles.every((r) => r === roles[0]) ? roles[0]! : 'okänd';
    attendees.push({ ...parsed, role, present: false, absence: 'struck-through' });
  }
  const byMunicipality = attendees.some((a) => a.municipality !== null);
  const present = new Set(attendees.filter((a) => a.present && a.municipality).map((a) => a.municipality!));
  const municipalitiesPresent = byMunicipality ? MUNICIPALITIES.filter((m) => present.has(m)) : null;

  const chairFromList = attendees.find((a) => /ordförande/i.test(`${a.organisation ?? ''} ${a.note ?? ''}`))?.name ?? null;
  const meta: ProtocolMeta = {
    body: findBody(header),
    docType: findDocType(header),
    meetingDate: date,
    dateStatus: status,
    time: time ?? findTime(header),
    place: findPlace(header),
    secretary: findRolePerson(header, /sekreterare|protokollförare|vid protokollet/),
    chair: chairInline(header) ?? chairFromList ?? findRolePerson(header, /ordförande/),
    adjuster: findRolePerson(header, /utses att justera|justerare|justeras av|justerande/),
    attendees,
    municipalitiesPresent,
    regionPresent: attendees.some((a) => a.present && a.region),
  };
  if (!meta.body) warnings.push({ code: 'body-missing', message: 'Organet (mötets namn) hittades inte.' });
  return { value: meta, warnings };
}
