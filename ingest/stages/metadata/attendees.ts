/**
 * Närvarande: the attendance list with role and organisation, and absence read
 * from the text ("X och Y har anmält frånvaro").
 */
import type { Attendee, AttendeeRole, Municipality } from '../../../domain/schemas.js';
import { MUNICIPALITIES } from '../../../domain/schemas.js';
import { mentionsRegion, municipalityOf } from '../../../domain/municipalities.js';
import { distance } from '../structure.js';
import { capture, captureAll, type Groups } from './capture.js';

/**
 * A list's label: a kind of attendee ("Ledamöter", "Ersättare", "Tjänstepersoner") with the qualifiers
 * the genre puts before it ("Beslutande ledamöter", "Ej tjänstgörande ersättare", "Övriga närvarande").
 */
const SECTION =
  /^\s*(?<section>(?:(?:ej|icke)\s+)?(?:(?:beslutande|tjänstgörande|närvarande|övriga|kallade)\s+)?(?:ledamöter|ersättare|tjänstepersoner|tjänstemän|deltagare|närvarande|övriga)|beslutande|närvarande|övriga|kallade)\s*(?::\s*|\t+\s*|\s{2,}|$)(?<inline>.*)$/i;

function roleOf(section: string): AttendeeRole {
  const s = section.toLowerCase();
  if (s.includes('ersättare')) return 'ersättare';
  if (s.includes('övrig') || s.includes('tjänste')) return 'övrig';
  if (s.includes('ledamöter') || s === 'beslutande') return 'ledamot';
  return 'okänd';
}

const NOTE = /\s*(?<note>\((?:[^)]*)\)|,?\s*(?:punkt|§)\s*[\d ,–-]*$|,?\s*dag\s*\d$)/i;

/** A list entry that names an organisation, written after the person it is of ("Askersunds kommun", "Region Örebro län"). */
const ORGANISATION_PART =
  /^(?:(?:\p{L}[\p{L}-]*\s+){1,2}(?:kommun|stad|kommunförbund|kommunalförbund|förvaltning)|(?:region|landsting)(?:et|en)?(?:\s+\p{L}[\p{L}-]*)?(?:\s+län)?|\p{L}[\p{L}-]*\s+läns\s+landsting)\.?$/iu;

/**
 * The words for not attending, one list for every place that reads them: a list's label ("Frånvarande:",
 * "Förhinder:"), the line that ends the list of those present, "Deltog inte idag: …" in the text, a row's note.
 */
const ABSENCE = String.raw`(?:deltog\s+(?:inte|ej)(?:\s+idag)?|frånvarande|(?:ej|inte)\s+närv(?:arande|\.)?|(?:anmält\s+|anmälda\s+)?förhinder)`;
const ABSENCE_LABEL = new RegExp(String.raw`^\s*${ABSENCE}\s*(?::|	)`, 'iu');
const ABSENCE_NOTE = new RegExp(String.raw`^${ABSENCE}$`, 'iu');
/** A line that opens with an absence ends the list of those present above it. */
const ABSENCE_START = new RegExp(String.raw`^${ABSENCE}`, 'iu');

/** A line that lists people present or absent, its label first: the organisations it names are theirs. */
export const listsPeople = (line: string): boolean => SECTION.test(line) || ABSENCE_LABEL.test(line);

/** A note on an attendee's row that says the person did not attend ("ej närvarande"; not part of it: "frånvarande § 5"). */
export const absentByNote = (note: string | null): boolean =>
  (note ?? '').split(/;\s*/).some((n) => ABSENCE_NOTE.test(n.trim()));

function splitOrganisation(raw: string): { org: string | null; note: string | null } {
  let org = raw.trim();
  const notes: string[] = [];
  for (let m = org.match(NOTE); m && m.index !== undefined && m[0].trim(); m = org.match(NOTE)) {
    notes.push((m.groups?.note ?? '').replace(/^[(,\s]+|[)\s]+$/g, ''));
    org = (org.slice(0, m.index) + org.slice(m.index + m[0].length)).trim();
  }
  org = org.replace(/[,\s]+$/, '');
  return { org: org || null, note: notes.length ? notes.join('; ') : null };
}

/**
 * Organisation that is exactly a municipality ("Karlskoga", "Örebro kommun"), or ends with one after a title
 * ("socialchef, Askersunds kommun"): the list is by municipality.
 */
function municipalityField(org: string | null): Municipality | null {
  if (!org) return null;
  const exactly = (field: string) => {
    const stem = capture(/^(?<name>\p{L}+?)s?(?:\s+kommun)?$/u, field)?.name;
    return (stem ? MUNICIPALITIES.find((x) => x === stem || `${x}` === field) : undefined) ?? null;
  };
  return exactly(org.trim()) ?? exactly(org.split(',').at(-1)!.trim());
}

/** A place or an organisation, never a given name, after a comma: "Berg, Kumla", "Ek, Region Örebro län", "Lind, Vårdförbundet". */
const NOT_GIVEN_NAME = /kommun|region|förbund|förvaltning|nämnd|förening|bolag|landsting|län$/i;

/**
 * "Andersson, Anna (S)", "Berg-Lind, Per Erik": a list written surname first. The surname is one word (or two
 * joined by a hyphen); the given name one or two words in lower case after their capital, then the party in
 * parentheses, a role after a comma ("Nilsson, Eva, socialchef"), or nothing. "Anna Berg, Kumla" (two words
 * before the comma) is a name and its place; "Emil, Annica, Malin" a list of given names.
 */
const SURNAME_FIRST_SHAPE =
  /^(?<whole>(?<surname>\p{Lu}\p{Ll}[\p{L}'’]*(?:-\p{Lu}\p{Ll}[\p{L}'’]*)?),\s*(?<given>\p{Lu}\p{Ll}[\p{L}'’]*(?:[\s-]\p{Lu}\p{Ll}[\p{L}'’]*)?))(?=\s*(?:\(|,\s*\p{Ll}|$))/u;

/** The parts of a list entry written surname first, or null (see SURNAME_FIRST_SHAPE; a place is no given name). */
function surnameFirst(text: string): Groups | null {
  const g = capture(SURNAME_FIRST_SHAPE, text);
  const given = g?.given ?? '';
  if (!g || municipalityOf(given) !== null || mentionsRegion(given) || NOT_GIVEN_NAME.test(given)) return null;
  return g;
}

export function parseAttendeeLine(line: string, role: AttendeeRole): ListedAttendee | null {
  const text = line.replace(/^[-•*]\s+/, '').trim();
  if (!text) return null;
  let name: string;
  let rest: string;
  const tab = text.split(/\t+|\s{3,}/);
  if (tab.length >= 2) {
    name = tab[0]!.trim();
    rest = tab.slice(1).join(' ').trim();
  } else if (text.includes(',')) {
    const inverted = surnameFirst(text);
    if (inverted) {
      // "Andersson, Anna (S), ordförande": the name as it is said, given name first; the party dropped, as
      // after "Anna Andersson (S)".
      name = `${inverted.given} ${inverted.surname}`;
      rest = text
        .slice(inverted.whole!.length)
        .replace(/^\s*\([^)]*\)/, '')
        .replace(/^\s*,/, '')
        .trim();
    } else {
      const [first, ...others] = text.split(',');
      name = first!.trim();
      rest = others.join(',').trim();
    }
  } else {
    // "Marie-Louise Forsberg Fransson Degerfors": a trailing municipality or region.
    const region = capture(/^(?<name>.*?)\s+(?<org>Region Örebro län.*)$/, text);
    const muni = MUNICIPALITIES.find((m) => text.endsWith(` ${m}`));
    if (region) {
      name = region.name ?? '';
      rest = region.org ?? '';
    } else if (muni) {
      name = text.slice(0, -muni.length - 1);
      rest = muni;
    } else {
      name = text;
      rest = '';
    }
  }
  name = name.replace(/^(ersättare|ledamot|ordförande)\s+/i, '');
  const nameOnly = capture(/^(?<name>\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3})/u, name)?.name;
  if (!nameOnly) return null;
  // "Lisa Strand (ordförande)": a role in brackets after the name is a note (a party, "(S)", is not).
  const aside = name.slice(nameOnly.length).match(/^\s*(\(\p{Ll}[^)]*\))/u)?.[1];
  if (aside) rest = `${aside} ${rest}`.trim();
  // "Anna Berg (Askersunds kommun)": an organisation in brackets after the name is the person's.
  const bracketed = name
    .slice(nameOnly.length)
    .match(/^\s*\(([^)]+)\)/u)?.[1]
    ?.trim();
  if (!rest && bracketed && ORGANISATION_PART.test(bracketed)) rest = bracketed;
  name = nameOnly;
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

/** One person read from the list; `ticked` is false for a box left empty in an attendance form. */
export type ListedAttendee = Omit<Attendee, 'present' | 'absence'> & { ticked?: boolean };

/** A tick box in an attendance form, ticked or not: "[X]", "[ ]", "☒", "☐". */
const TICK_BOX = /\[\s*([xX✓✔]?)\s*\]|([☒☑])|☐/gu;
/** The columns of an attendance form under "Beslutande": "ordinarie ersättare", or "ordinarie" alone. */
const FORM_COLUMNS = /^(?:ordinarie|ledamöter|ledamot)(?:\s+(?<deputies>ersättare))?$/iu;
/** Where the lists end and the signatures begin: "Elektroniska underskrifter", "Elektronisk protokolljustering". */
const SIGNATURES = /underskrif|undertecknat|protokolljustering/iu;

/**
 * A row of an attendance form (Dynasty's "Beslutande"): "[X] Lindvall Mikael, ordförande [ ] Eklund Karita", each
 * box one person, the columns' roles from the form's header.
 */
function tickedRow(line: string, columns: readonly AttendeeRole[], role: AttendeeRole): ListedAttendee[] {
  const boxes = [...line.matchAll(TICK_BOX)];
  return boxes.flatMap((box, k) => {
    const end = boxes[k + 1]?.index ?? line.length;
    const entry = line.slice(box.index + box[0].length, end).trim();
    const a = parseAttendeeLine(entry, columns[k] ?? columns[columns.length - 1] ?? role);
    return a ? [{ ...a, ticked: Boolean(box[1] || box[2]) }] : [];
  });
}

export function parseAttendees(header: readonly string[]): ListedAttendee[] {
  const out: ListedAttendee[] = [];
  let role: AttendeeRole | null = null;
  let columns: AttendeeRole[] = [];
  for (let i = 0; i < header.length; i++) {
    const raw = header[i]!;
    const line = raw.trim();
    const form = capture(FORM_COLUMNS, line);
    if (form && role !== null) {
      columns = form.deputies ? ['ledamot', 'ersättare'] : ['ledamot'];
      continue;
    }
    // A form's rows stand where a broken font garbled the list's label too ("Benlutande irdhnarhe").
    if (line.search(TICK_BOX) === 0) {
      out.push(...tickedRow(line, columns, role ?? 'ledamot'));
      continue;
    }
    if (SIGNATURES.test(line) && line.split(/\s+/).length <= 6) {
      role = null;
      continue;
    }
    // "Ersätare": the deputies' label through a broken font.
    const section =
      capture(SECTION, line) ??
      (/^\p{L}{8,10}$/u.test(line) && distance(line.toLowerCase(), 'ersättare') === 1
        ? { section: 'ersättare' }
        : null);
    if (section) {
      columns = [];
      role = roleOf(section.section ?? '');
      let inline = section.inline?.trim();
      const tabbed = /^[^:]*\t/.test(line);
      // An inline list wrapped over several lines in a PDF: "Kallade: A, B, C\nD, E"
      // (not a table whose first row stands beside its label: "Beslutande\tA (S)\nB (M)").
      // "Närvarande: Anna Berg, Kumla\nPer Ek, Nora": the first row of a list, one person per line.
      const [, org, ...more] = (inline ?? '').split(',');
      // "Beslutande: Andersson, Anna (S), ordförande": a list written surname first is one person per line too.
      const rowStyle =
        (org !== undefined &&
          more.length === 0 &&
          (municipalityOf(org) !== null || mentionsRegion(org) || /^\s*\p{Ll}/u.test(org))) ||
        surnameFirst(inline ?? '') !== null;
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
        // "Kallade: A, B, ersättare C, D"; "Närvarande: Anna Berg, Askersunds kommun, Per Ek, Region Örebro län":
        // an organisation after a name is that person's, not another attendee.
        let previous: number | null = null;
        for (const part of inline.split(/,|\s+och\s+/)) {
          const p = part.trim();
          if (previous !== null && ORGANISATION_PART.test(p)) {
            const org = p.replace(/\.$/, '');
            out[previous] = {
              ...out[previous]!,
              organisation: org,
              municipality: municipalityField(org),
              region: mentionsRegion(org),
            };
            previous = null;
            continue;
          }
          const sub = /^ersättare\s+/i.test(p) ? 'ersättare' : role;
          const a = parseAttendeeLine(p.replace(/^ersättare\s+/i, ''), sub);
          if (a) {
            // The person's own organisation stays: in brackets ("Anna Berg (Askersunds kommun)"), or a municipality or
            // the region after the name without a comma ("Anna Berg Askersund, Per Ek Region Örebro län"). Other
            // words after a name do not.
            const own =
              a.organisation !== null &&
              (ORGANISATION_PART.test(a.organisation) || a.municipality !== null || a.region);
            out.push(own ? a : { ...a, organisation: null, municipality: null, region: false });
            previous = out.length - 1;
          }
        }
      }
      continue;
    }
    if (role === null) continue;
    if (!line) continue;
    // "Askersund: Anna Berg", "Region Örebro län: Maria Lund, Johan Sten", "Karlskoga: -": a list by organisation,
    // its people after the colon (none after a dash).
    const byOrganisation = capture(/^(?<org>[^:]{2,60}?)\s*:\s*(?<names>.*)$/u, line);
    const listedOrg = byOrganisation?.org?.trim() ?? '';
    if (
      byOrganisation &&
      (municipalityField(listedOrg) !== null || mentionsRegion(listedOrg) || ORGANISATION_PART.test(listedOrg))
    ) {
      for (const part of (byOrganisation.names ?? '').split(/,|;|\s+och\s+/)) {
        const a = parseAttendeeLine(part.trim(), role);
        if (a)
          out.push({
            ...a,
            organisation: listedOrg,
            municipality: municipalityField(listedOrg),
            region: mentionsRegion(listedOrg),
          });
      }
      continue;
    }
    // "Anders Ramstrand (KD)" / "ordförande": a table's role column read below the name is that person's.
    const roleBelow = /^(?:(?:1:e|2:e|förste|andre)\s+)?(?:vice\s+)?ordförande$|^sekreterare$/u.test(line);
    if (
      (!(roleBelow && out.length > 0) &&
        (/^(justera|tid|plats|datum|sekreterare|ordförande|vid protokollet|protokoll|paragrafer|underskrift|utses|justeringens|anslag|bevis|organ|sammanträdesdatum|förvaringsplats|dag för|datum då)/i.test(
          line,
        ) ||
          ABSENCE_START.test(line))) ||
      /^-{3,}/.test(line)
    ) {
      if (!/^(ordförande|sekreterare)$/i.test(line)) role = null;
      continue;
    }
    // A continuation: "kommun", "punkt 2" under the previous attendee.
    if (/^\p{Ll}/u.test(line) && out.length > 0) {
      const prev = out[out.length - 1]!;
      const { org, note } = splitOrganisation(`${prev.organisation ?? ''} ${line}`);
      out[out.length - 1] = {
        ...prev,
        organisation: org,
        municipality: municipalityField(org),
        region: org ? mentionsRegion(org) : false,
        note: [prev.note, note].filter(Boolean).join('; ') || null,
      };
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

/** "Lindvall Mikael" → "Mikael Lindvall": the first word to the end. */
const turned = (name: string) => {
  const [first, ...rest] = name.split(/\s+/);
  return rest.length > 0 ? `${rest.join(' ')} ${first}` : name;
};

/**
 * Names as they are said, given name first. Dynasty's attendance form writes the surname first without a comma
 * ("[X] Lindvall Mikael, ordförande"), and the same people sign given name first ("Mikael Lindvall"). Where the
 * head writes two or more listed names the other way round, the form is surname first: all its names are turned,
 * and any other listed name the head writes turned too.
 */
export function inSpokenOrder(attendees: readonly ListedAttendee[], header: readonly string[]): ListedAttendee[] {
  const text = header.join('\n');
  const signed = (a: ListedAttendee) => a.name.includes(' ') && text.includes(turned(a.name));
  if (attendees.filter(signed).length < 2) return [...attendees];
  return attendees.map((a) =>
    a.name.includes(' ') && (a.ticked !== undefined || signed(a)) ? { ...a, name: turned(a.name) } : a,
  );
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
  for (const m of flat.matchAll(
    /(?:^|[.!?]\s+|:\s+)(?<names>(?:\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)(?:\s*(?:,|och|samt)\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)*)\s+(?:har\s+)?(?:anmält\s+(?:frånvaro|förhinder)|har\s+utevaro|utevaro|är\s+frånvarande|var\s+frånvarande|deltog\s+inte|deltar\s+inte)/gu,
  )) {
    names.push(...split(m.groups?.names ?? ''));
  }
  for (const { g } of captureAll(new RegExp(String.raw`${ABSENCE}\s*:\s*(?<names>[^.]+)`, 'giu'), flat))
    names.push(...split(g.names ?? ''));
  return [...new Set(names)];
}

export const sameName = (attendee: string, mention: string) => {
  const a = attendee.toLowerCase();
  const m = mention.toLowerCase().trim();
  if (a === m) return true;
  // "Monika" for "Monika Skantz": a bare first name.
  return !m.includes(' ') && a.split(/\s+/)[0] === m;
};
