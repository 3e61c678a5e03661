/**
 * Meeting dates in the shapes Swedish-language protocols write them, and the
 * time of the meeting. The meeting date is chosen from labelled head fields,
 * the running header, the title line, and dates stated in the head's prose
 * ("Plats och tid Stadshuset, tisdag 5 mars 2019, kl", "Fredagen den 7 maj
 * 2010 kl"), also where the layout was lost and the head runs on in one line;
 * the file name's date is the last resort. Never from justering, anslag,
 * next-meeting or deadline dates; when the evidence conflicts it is left out.
 */
import type { DateSource, DateStatus, Warning } from '../../../domain/schemas.js';
import { capture, captureAll } from './capture.js';

export const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  februari: 2,
  feb: 2,
  mars: 3,
  mar: 3,
  april: 4,
  apr: 4,
  maj: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  augusti: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
export const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const pad = (n: number) => String(n).padStart(2, '0');
const isValid = (y: number, m: number, d: number) => {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export interface DateHit {
  year: number | null;
  month: number;
  day: number;
}

/** The genre's date shapes, each with named groups y, m (or mon), d. */
const SHAPES: readonly RegExp[] = [
  // 2015-03-12, 2015.03.12
  /(?<!\d)(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?!\d)/g,
  /(?<!\d)(?<y>\d{4})\.(?<m>\d{2})\.(?<d>\d{2})(?!\d)/g,
  // 3.4.2019, 14.06.2022 (Finland-Swedish municipalities)
  /(?<![\d.])(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?![\d])/g,
  // "13-14 oktober 2022", "4 november 2021", "den 20 november", "torsdagen den 12 mars 2015", "den 10:e maj 2023",
  // "14 mars, 2025",
  // and the year in two digits after a dash or an apostrophe ("7 mars -23", "7 mars '23"), not a range's end
  // ("7 mars -23 mars") nor a time ("-13.00")
  new RegExp(
    `(?<!\\d)(?<d>\\d{1,2})(?::[ae])?(?:\\s*[-–]\\s*\\d{1,2}(?::[ae])?)?\\s+(?<mon>${MONTH_RE})\\.?(?!\\p{L})(?:,?\\s+(?<y>\\d{4})|\\s*[-'’](?<yy>\\d{2})(?![\\d.:])(?!\\s*(?:${MONTH_RE})(?!\\p{L})))?`,
    'gu',
  ),
  // 27-09-2022 (Finland's välfärdsområden)
  /(?<![\d-])(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})(?![\d-])/g,
  // "4/11 2021", "4/11-2021", "4/11/2021"
  /(?<![\d/])(?<d>\d{1,2})\/(?<m>\d{1,2})[\s/-]+(?<y>\d{4})(?!\d)/g,
];
/** "20150312": only where a label says it is a date, since case numbers look alike. */
const COMPACT = /(?<!\d)(?<y>(?:19|20)\d{2})(?<m>[01]\d)(?<d>[0-3]\d)(?!\d)/g;

/**
 * "Protokoll 200425": the date as six digits (year, month, day) right after the document's name, as a
 * registry names its files. Read only there; elsewhere six digits are a number.
 */
function shortCompactDate(line: string): DateHit | null {
  const g = line.match(
    /^(?:protokoll|minnesanteckningar|mötesanteckningar|anteckningar)\s+(\d{2})([01]\d)([0-3]\d)(?!\d)/iu,
  );
  if (!g) return null;
  const [yy, month, day] = [Number(g[1]), Number(g[2]), Number(g[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year: fullYear(yy), month, day };
}

/** Two digits of a year: 00–50 this century, 51–99 the last (minutes of 1997 are online too). */
const fullYear = (yy: number) => (yy <= 50 ? 2000 + yy : 1900 + yy);

function hitsIn(s: string, shapes: readonly RegExp[]): { at: number; hit: DateHit }[] {
  const out: { at: number; hit: DateHit }[] = [];
  for (const re of shapes) {
    for (const { at, g } of captureAll(re, s)) {
      const month = g.mon ? MONTHS[g.mon]! : Number(g.m);
      const year = g.y ? Number(g.y) : g.yy ? fullYear(Number(g.yy)) : null;
      const day = Number(g.d);
      if (isValid(year ?? 2000, month, day)) out.push({ at, hit: { year, month, day } });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Finds the first date in a string, in any of the genre's shapes; year may be missing. */
export function parseSwedishDate(text: string, options: { compact?: boolean } = {}): DateHit | null {
  const s = text.toLowerCase();
  return hitsIn(s, options.compact ? [...SHAPES, COMPACT] : SHAPES)[0]?.hit ?? null;
}

/** All dates with a year in the text (for inferring a missing year). */
function datesWithYear(text: string): DateHit[] {
  return hitsIn(text.toLowerCase(), SHAPES)
    .map((h) => h.hit)
    .filter((h) => h.year !== null);
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
    const ref = Date.UTC(o.year!, o.month - 1, o.day);
    for (const year of [o.year! - 1, o.year!, o.year! + 1]) {
      if (!isValid(year, month, day)) continue;
      const distance = Math.abs(ref - Date.UTC(year, month - 1, day));
      if (!best || distance < best.distance) best = { year, distance };
    }
  }
  return best?.year ?? null;
}

/** A label that names the meeting's date or time. */
export const DATE_LABEL =
  /^(?:tid(?:\s*(?:,|och)\s*plats)?|plats\s+och\s+tid|datum(?:\s+och\s+tid)?|sammanträdes(?:datum|tid|dag)|mötes(?:datum|tid|dag)|sammanträde|mötestid|möte|när|dag\s+och\s+tid|tid\s+och\s+dag)\s*[:.]?(?:\s|$)/i;
/** Words around a date that make it some other date than the meeting's. */
export const NOT_MEETING_DATE =
  /(justera|justering|anslag|protokollet\s+är\s+justerat|överklag|nästa\s+(?:möte|sammanträde)|föregående|senast|sista\s+dag|publicera|undertecknat|avtal|gäller\s+(?:t\.?\s?o\.?\s?m|till)|\btom\b|t\.o\.m|deadline|inkomm|utskri|upprättad|expedier)/i;

/**
 * Whether head line `i` labels a date other than the meeting's. A label wrapped onto a second line is read
 * whole: "Justeringens" / "plats och tid" names the justering's, though its second line alone names a meeting's.
 */
export function labelsOtherDate(header: readonly string[], i: number): boolean {
  const line = header[i]!.trim();
  const whole = i > 0 && /^\p{Ll}/u.test(line) ? `${header[i - 1]!.trim()} ${line}` : line;
  return NOT_MEETING_DATE.test(whole);
}

const TIME_RANGE = /(?:kl\.?|klockan)?\s*(?<from>\d{1,2}[.:]\d{2})\s*[-–]\s*(?<to>\d{1,2}[.:]\d{2})/i;
const TIME_AT = /(?:kl\.?|klockan)\s*(?<from>\d{1,2}(?:[.:]\d{2})?)/i;

function timeOf(s: string): string | null {
  const g = capture(TIME_RANGE, s) ?? capture(TIME_AT, s);
  if (!g) return null;
  return g.to ? `${g.from}-${g.to}` : (g.from ?? null);
}

export interface MeetingDate {
  date: string | null;
  status: DateStatus;
  source: DateSource | null;
  time: string | null;
  warnings: Warning[];
}

/** A labelled form field of the head, as the layout stage read it. */
export interface DateEvidence {
  /** Label → value pairs of the cover's form table. */
  fields: readonly { label: string; value: string }[];
  /** Running header lines, one per page that carries one. */
  running: readonly string[];
  /** The source file's name: its date is the last resort. */
  file?: string | null;
}

const WEEKDAYS = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'];
/** Words before a date that make it the meeting's: a label, or the meeting named ("sammanträdet hölls"). */
const MEETING_CUE =
  /plats\s+och\s+tid|tid\s+och\s+plats|datum\s+och\s+tid|sammanträdes(?:datum|tid|dag)|mötes(?:datum|tid|dag)|(?<!\p{L})(?:tid|datum|när|sammanträde[nt]?|möte[nt]?|hölls|ägde\s+rum)(?!\p{L})/giu;
/**
 * Words that make a date some other date than the meeting's, in prose: as
 * NOT_MEETING_DATE, but "Justerare" (the person's role) is no such word.
 */
const OTHER_DATE_CUE = new RegExp(NOT_MEETING_DATE.source.replace('justera|', 'justera(?!re(?!\\p{L}))|'), 'giu');
/** A weekday right before a date: "tisdag 5 mars", "Fredagen den 7 maj", "måndagen den". */
const WEEKDAY_BEFORE = /(?<!\p{L})(\p{L}+dag)(?:en)?,?\s+(?:den\s+)?$/iu;
/** How far before a date its cue may stand, in characters. */
const CUE_REACH = 70;
/** How much of the head's text the prose is read in. */
const PROSE_REACH = 2500;

interface ProseDate {
  readonly hit: DateHit & { year: number };
  readonly labelled: boolean;
  readonly weekday: boolean;
  readonly at: number;
  readonly after: string;
}

/**
 * Dates the head states in prose, where no label stands at a line's start:
 * the layout was lost and the head runs on ("KOMMUNSTYRELSEN Plats och tid
 * Stadshuset, tisdag 5 mars 2019, kl 13.00 Beslutande …"), or a sentence
 * names the day ("Fredagen den 7 maj 2010 kl 13.00"). A date counts when a
 * meeting cue or its weekday (which must be the date's own) stands right
 * before it, and no word of another date (justering, anslag, nästa möte …)
 * stands between that cue and the date or right before the cue.
 */
function proseDates(header: readonly string[]): ProseDate[] {
  // Lines kept apart (a date's own line is read below); spaces within a line folded.
  const flat = header
    .join('\n')
    .replace(/[^\S\n]+/g, ' ')
    .slice(0, PROSE_REACH);
  const hits = hitsIn(flat.toLowerCase(), SHAPES).filter((h) => h.hit.year !== null);
  const out: ProseDate[] = [];
  let previousEnd = 0;
  for (const { at, hit } of hits) {
    const from = Math.max(previousEnd, at - CUE_REACH);
    const window = flat.slice(from, at);
    previousEnd = at + 6;
    const cues = [...window.matchAll(MEETING_CUE)].map((m) => m.index);
    const lastCue = cues.length > 0 ? cues[cues.length - 1]! : -1;
    const weekdayMatch = WEEKDAY_BEFORE.exec(window);
    const day = weekdayMatch ? WEEKDAYS.indexOf(weekdayMatch[1]!.toLowerCase()) : -1;
    const year = hit.year!;
    const weekday = day >= 0 && new Date(Date.UTC(year, hit.month - 1, hit.day)).getUTCDay() === day;
    if (lastCue < 0 && !weekday) continue;
    // "Justeringens plats och tid", "Nästa sammanträde", "Protokollet justeras tisdagen den …".
    const others = [...window.matchAll(OTHER_DATE_CUE)].map((m) => m.index);
    if (others.some((o) => o > lastCue - 20)) continue;
    // Nor where the date's own line opens with another date's label beyond the reach: "Plats/tid för
    // justering: Barn- och skolkontor Lund Öster, Fritidsgatan 2, Södra Sandby torsdag 26 september 2013".
    const line = flat.slice(flat.lastIndexOf('\n', at) + 1, at);
    const lineOthers = [...line.matchAll(OTHER_DATE_CUE)].map((m) => m.index);
    const lineCues = [...line.matchAll(MEETING_CUE)].map((m) => m.index);
    if (lineOthers.length > 0 && !lineCues.some((c) => c > lineOthers[lineOthers.length - 1]!)) continue;
    out.push({ hit: { ...hit, year }, labelled: lastCue >= 0, weekday, at, after: flat.slice(at, at + 60) });
  }
  return out;
}

/** False when a weekday stands before the line's first date and is not that date's ("tisdag 6 mars 2019"). */
function ownWeekday(line: string, hit: DateHit): boolean {
  const at = hitsIn(line.toLowerCase(), SHAPES)[0]?.at ?? 0;
  const m = WEEKDAY_BEFORE.exec(line.slice(0, at));
  const day = m ? WEEKDAYS.indexOf(m[1]!.toLowerCase()) : -1;
  return day < 0 || hit.year === null || new Date(Date.UTC(hit.year, hit.month - 1, hit.day)).getUTCDay() === day;
}

/** "arsmote-2013-01-08.pdf", "protokoll_15_09_2022_18_00_139758.pdf", "KS-20190305.pdf": the name's date. */
export function dateFromFilename(file: string): string | null {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.[a-z0-9]{1,5}$/i, '');
  const shapes = [
    /(?<!\d)(?<y>(?:19|20)\d{2})(?<s>[-_. ]?)(?<m>\d{2})\k<s>(?<d>\d{2})(?!\d)/,
    /(?<!\d)(?<d>\d{1,2})(?<s>[-_.])(?<m>\d{1,2})\k<s>(?<y>(?:19|20)\d{2})(?!\d)/,
  ];
  for (const re of shapes) {
    const g = capture(re, base);
    if (!g) continue;
    const [y, m, d] = [Number(g.y), Number(g.m), Number(g.d)];
    if (isValid(y, m, d)) return iso(y, m, d);
  }
  return null;
}

/** Non-empty lines from the top of the head where an unlabelled date may be the meeting's. */
const HEAD_DATE_LINES = 15;

const TITLE_LINE =
  /^(protokoll(?!et)|mötesanteckningar|minnesanteckningar|anteckningar|sammanträdesprotokoll|föredragningslista|kallelse|\p{L}*möte\b|\p{L}*sammanträde\b)/iu;

/**
 * The meeting date: labelled head fields first (form table, then labelled
 * lines), then the date every running header repeats, then the title line,
 * then any date of the head that no word marks as another date. A label and a
 * running header that disagree leave the date out, with a warning.
 */
export function findMeetingDate(
  header: readonly string[],
  fullText: string,
  evidence: DateEvidence = { fields: [], running: [] },
): MeetingDate {
  const warnings: Warning[] = [];
  const resolve = (hit: DateHit, t: string | null, source: DateSource): MeetingDate | null => {
    if (hit.year !== null)
      return { date: iso(hit.year, hit.month, hit.day), status: 'explicit', source, time: t, warnings };
    const year = inferYear(hit.month, hit.day, fullText);
    return year === null
      ? null
      : { date: iso(year, hit.month, hit.day), status: 'inferred-year', source, time: t, warnings };
  };
  const labelled = (): MeetingDate | null => {
    for (const f of evidence.fields) {
      if (!DATE_LABEL.test(`${f.label} `) && !/datum|tid$/i.test(f.label)) continue;
      if (NOT_MEETING_DATE.test(f.label)) continue;
      const hit = parseSwedishDate(f.value, { compact: true });
      if (hit) {
        const found = resolve(hit, timeOf(f.value), 'label');
        if (found) return found;
      }
    }
    // A labelled line (Tid:, Datum, Sammanträdesdatum), the date on it or on the next lines.
    for (let i = 0; i < header.length; i++) {
      const line = header[i]!.trim();
      // "Datum då anslaget sätts upp 2019-03-13": a label of another date, also when wrapped ("Justeringens" / "plats och tid").
      if (!DATE_LABEL.test(line) || labelsOtherDate(header, i)) continue;
      for (const candidate of [line, header[i + 1] ?? '', header[i + 2] ?? '']) {
        if (candidate !== line && NOT_MEETING_DATE.test(candidate)) break;
        const hit = parseSwedishDate(candidate, { compact: true });
        if (hit) {
          const found = resolve(hit, timeOf(line) ?? timeOf(candidate), 'label');
          if (found) return found;
        }
      }
    }
    return null;
  };
  // The running header's date: the one date most of its occurrences carry.
  const headerDate = (): string | null => {
    const counts = new Map<string, number>();
    for (const line of evidence.running) {
      if (NOT_MEETING_DATE.test(line)) continue;
      const hit = parseSwedishDate(line);
      if (hit?.year != null) {
        const d = iso(hit.year, hit.month, hit.day);
        counts.set(d, (counts.get(d) ?? 0) + 1);
      }
    }
    let best: [string, number] | null = null;
    for (const e of counts) if (!best || e[1] > best[1]) best = e;
    return best && best[1] >= 2 ? best[0] : null;
  };
  const label = labelled();
  const running = headerDate();
  if (label && running && label.date !== running) {
    warnings.push({
      code: 'date-conflict',
      message: `Mötesdatumet är oklart: huvudet anger ${label.date}, sidhuvudet ${running}. Protokollet indexeras utan datum.`,
    });
    return { date: null, status: 'missing', source: null, time: label.time, warnings };
  }
  if (label) return label;
  if (running) return { date: running, status: 'explicit', source: 'header', time: null, warnings };
  // The title line ("Mötesanteckningar chefsgrupp folkhälsa den 4 november 2021", "Protokoll 200425").
  for (const line of header) {
    if (TITLE_LINE.test(line.trim()) && !NOT_MEETING_DATE.test(line)) {
      const hit = parseSwedishDate(line) ?? shortCompactDate(line.trim());
      if (hit) {
        const found = resolve(hit, timeOf(line), 'title');
        if (found) return found;
      }
    }
  }
  // A date the head states in prose: after a label or a word that names the meeting, or with its weekday.
  const prose = proseDates(header);
  const best = prose.find((p) => p.labelled && p.weekday) ?? prose.find((p) => p.labelled) ?? prose[0];
  if (best) {
    const { year, month, day } = best.hit;
    return {
      date: iso(year, month, day),
      status: 'explicit',
      source: best.labelled ? 'label' : 'head',
      time: timeOf(best.after),
      warnings,
    };
  }
  // Any other date near the top of the head that is not a justering/anslag/next-meeting date, on a
  // line that is not prose: a date in running text (a contract's end, a deadline) is not the meeting's.
  // Two such dates that differ say nothing about which is the meeting's.
  let seen = 0;
  const bare: { date: string; time: string | null }[] = [];
  for (let i = 0; i < header.length && seen < HEAD_DATE_LINES; i++) {
    const line = header[i]!;
    if (line.trim()) seen++;
    if (NOT_MEETING_DATE.test(line) || NOT_MEETING_DATE.test(header[i - 1] ?? '')) continue;
    if ((line.match(/\p{L}+/gu) ?? []).length > 8) continue;
    const hit = parseSwedishDate(line);
    if (!hit || hit.year === null || !ownWeekday(line, hit)) continue;
    bare.push({ date: iso(hit.year, hit.month, hit.day), time: timeOf(line) });
  }
  if (bare.length > 0 && bare.every((b) => b.date === bare[0]!.date))
    return { date: bare[0]!.date, status: 'explicit', source: 'head', time: bare[0]!.time, warnings };
  if (bare.length > 0)
    warnings.push({
      code: 'date-ambiguous',
      message: `Huvudet nämner flera datum utan att säga vilket som är mötets (${[...new Set(bare.map((b) => b.date))].join(', ')}).`,
    });
  // Last, the file name's date ("protokoll-2019-03-05.pdf"), said to come from there.
  const fromName = evidence.file ? dateFromFilename(evidence.file) : null;
  if (fromName) {
    warnings.push({
      code: 'date-from-filename',
      message: `Mötesdatumet ${fromName} är hämtat ur filnamnet; texten anger inget mötesdatum.`,
    });
    return { date: fromName, status: 'explicit', source: 'filename', time: null, warnings };
  }
  return { date: null, status: 'missing', source: null, time: null, warnings };
}

/** "Plats och tid\tKommunhuset, kl. 08.30–12.00": the time when the date's line had none. */
export function findTime(header: readonly string[]): string | null {
  for (const line of header) {
    if (!/^\s*(?:plats\s+och\s+tid|tid\s+och\s+plats|tid|mötestid|klockan|sammanträdestid)\b/i.test(line)) continue;
    const t = timeOf(line);
    if (t) return t;
  }
  return null;
}
