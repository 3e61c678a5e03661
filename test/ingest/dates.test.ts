/**
 * Meeting dates stated in the text, through the production wiring: excerpts
 * written in the shapes real protocols use (labelled fields, prose in the head,
 * weekday sentences, heads whose layout was lost and run on in one line), and
 * excerpts whose only dates are justering, anslag or next-meeting dates, which
 * must never become the meeting date. The file name's date is the last resort.
 */
import { describe, expect, it } from 'vitest';
import { textPages, through } from '../helpers/stages.js';

const meetingDate = (text: string, file: string | null = null) => {
  const { draft, warnings } = through(textPages(text), 'metadata', file);
  return { date: draft.meta!.meetingDate, source: draft.meta!.dateSource, warnings: warnings.map((w) => w.code) };
};

/** An agenda after the head, so the head ends where a protocol's does. */
const AGENDA = '\n\n§ 1 Val av justerare\nNämnden utser Anna Berg att justera protokollet.\n\n§ 2 Budget\nText.';

describe('dates stated in the head', () => {
  it.each([
    // The shapes, each alone on its line and run on with the rest of the head.
    ['Plats och tid Stadshuset, tisdag 5 mars 2019, kl 13.00-16.30', '2019-03-05'],
    ['Fredagen den 7 maj 2010 kl 13.00–15.30', '2010-05-07'],
    ['Tid Måndagen den 2 december 2019', '2019-12-02'],
    [
      'KOMMUNSTYRELSEN SAMMANTRÄDESPROTOKOLL Plats och tid Stadshuset, tisdag 5 mars 2019, kl 13.00-16.30 Beslutande Anna Berg (S), ordförande Per Ek (M) Utses att justera Per Ek Justeringens plats och tid Kommunhuset 2019-03-12',
      '2019-03-05',
    ],
    [
      'Socialnämnden Protokoll Fredagen den 7 maj 2010 kl 13.00–15.30 i Kommunhuset, sammanträdesrum Norr. Närvarande ledamöter Anna Berg, Per Ek',
      '2010-05-07',
    ],
    [
      'Omsorgsnämnden Tid Måndagen den 2 december 2019, kl. 18.00–20.10 Plats Kommunhuset Beslutande ledamöter Anna Berg',
      '2019-12-02',
    ],
    // More shapes of the genre.
    ['Sammanträdesdag: onsdag 3 april 2019', '2019-04-03'],
    ['Datum och tid: 2019-05-06 kl 13.00', '2019-05-06'],
    ['Sammanträdet hölls tisdagen den 4 februari 2020 i Stadshuset.', '2020-02-04'],
    ['Onsdagen den 3 april 2019, kl 13.15–16.00, Kommunhuset', '2019-04-03'],
    ['Torsdag 12 september 2019 kl 09.00', '2019-09-12'],
    ['Mötet ägde rum den 14 oktober 2021 via Teams.', '2021-10-14'],
    ['Protokoll fört vid kommunstyrelsens sammanträde den 14 mars 2018', '2018-03-14'],
    ['Tid och plats: Teams, 2021-09-14, kl. 09.00-11.00', '2021-09-14'],
    ['Sammanträdestid 15.9.2022 kl. 18.00 – 19.37', '2022-09-15'],
    ['Beslutande organ Barn- och utbildningsnämnden Tid tisdagen den 9 juni 2020 kl 08.30', '2020-06-09'],
    ['Justeras senast 2019-03-12 av Anna Berg. Plats och tid: Kommunhuset, tisdag 5 mars 2019 kl 13.00', '2019-03-05'],
    ['Justerare: Per Ek Plats och tid: Stadshuset, tisdag 5 mars 2019', '2019-03-05'],
    // Day first with dashes or slashes (Vanda–Kervo välfärdsområde, "Områdesfullmäktige, möte 27-09-2022").
    ['Områdesfullmäktige, möte 27-09-2022', '2022-09-27'],
    ['Datum: 4/11/2021', '2021-11-04'],
    // An ordinal day ("den 10:e maj").
    ['Onsdagen den 10:e maj 2023', '2023-05-10'],
    // The year in two digits after a dash or an apostrophe, as a working group's notes write it.
    ['Minnesanteckningar arbetsgruppen\nDatum: 7 mars -23 kl 13.00–15.00', '2023-03-07'],
    ["Styrelsemöte tisdag 12 oktober '22", '2022-10-12'],
    // A comma between the month and the year.
    ['Datum: 14 mars, 2025', '2025-03-14'],
  ])('dates "%s" %s', (head, date) => {
    expect(meetingDate(`${head}${AGENDA}`).date).toBe(date);
  });

  it('tells where a prose date came from: a label cue is a label, a weekday sentence the head', () => {
    expect(meetingDate(`Socialnämnden\nPlats och tid Stadshuset, tisdag 5 mars 2019, kl${AGENDA}`)).toMatchObject({
      date: '2019-03-05',
      source: 'label',
    });
    expect(meetingDate(`Socialnämnden\nFredagen den 7 maj 2010 kl 13.00${AGENDA}`)).toMatchObject({
      date: '2010-05-07',
      source: 'head',
    });
  });
});

describe('dates that are not the meeting date', () => {
  it.each([
    'Justeringens plats och tid: Kommunhuset, måndagen den 11 mars 2019',
    'Protokollet justeras tisdagen den 12 mars 2019 i Stadshuset.',
    'Anslaget sätts upp 2019-03-13 och tas ned 2019-04-04.',
    'Datum då anslaget sätts upp 2019-03-13',
    'Nästa möte: onsdag 10 april 2019 kl 13',
    'Nästa sammanträde hålls tisdagen den 9 april 2019.',
    'Sista dag för överklagande 2019-04-04',
    'Justerat den 2019-03-12',
    'BEVIS Protokollet är justerat. Anslaget har satts upp 2019-03-13.',
    'Justeringens plats och tid Kommunhuset 2019-03-12 Underskrifter Sekreterare Maria Lund Paragrafer 45–48',
    'Protokollet justerades fredagen den 15 mars 2019. Datum för anslags nedtagande 2019-04-08',
  ])('leaves "%s" undated', (head) => {
    const got = meetingDate(`Socialnämnden Sammanträdesprotokoll\n${head}${AGENDA}`);
    expect(got.date).toBeNull();
    expect(got.warnings).toContain('date-missing');
  });

  it('does not take a weekday that is not the date’s own (a misread day) for proof', () => {
    // 6 March 2019 was a Wednesday: "tisdag 6 mars" is a misreading, and nothing else names the date.
    expect(meetingDate(`Socialnämnden\ntisdag 6 mars 2019${AGENDA}`).date).toBeNull();
  });

  it('reads no year from a range\'s end or a time after the month ("7 mars -23 mars", "7 mars -13.00")', () => {
    // Dated by the year of the justering date below it, not by "-23" read as 2023.
    const justering = '\nJusteras 2024-03-12';
    expect(meetingDate(`Sammanträde 7 mars -23 mars${justering}${AGENDA}`).date).toBe('2024-03-07');
    expect(meetingDate(`Sammanträde 7 mars -13.00${justering}${AGENDA}`).date).toBe('2024-03-07');
  });

  it('takes no date when the head names two that nothing tells apart', () => {
    const got = meetingDate(`Socialnämnden\n2019-03-05\n2019-03-12${AGENDA}`);
    expect(got.date).toBeNull();
    expect(got.warnings).toContain('date-ambiguous');
  });
});

describe("the file name's date, the last resort", () => {
  it.each([
    ['ks-protokoll-2019-03-05.pdf', '2019-03-05'],
    ['valfardsnamnden_protokoll_15_09_2022_18_00_139758.pdf', '2022-09-15'],
    ['protokoll-20190305.pdf', '2019-03-05'],
    ['arsmote 2013.01.08.txt', '2013-01-08'],
  ])('dates a protocol whose text states no date from "%s"', (file, date) => {
    const got = meetingDate(`Socialnämnden Sammanträdesprotokoll${AGENDA}`, file);
    expect(got).toMatchObject({ date, source: 'filename' });
    expect(got.warnings).toContain('date-from-filename');
  });

  it('prefers the date the text states, and takes none from a name without one', () => {
    expect(meetingDate(`Socialnämnden\nDatum: 2019-03-05${AGENDA}`, 'protokoll-2019-04-01.pdf')).toMatchObject({
      date: '2019-03-05',
      source: 'label',
    });
    expect(meetingDate(`Socialnämnden${AGENDA}`, '000_fba7a9fba055a2c4.pdf').date).toBeNull();
    expect(meetingDate(`Socialnämnden${AGENDA}`, 'protokoll-2019-13-45.pdf').date).toBeNull();
  });

  it('takes the name’s date over a justering date, which is never the meeting’s', () => {
    expect(
      meetingDate(`Socialnämnden\nJusteras senast 2019-03-12${AGENDA}`, 'socialnamnden-2019-03-05.pdf'),
    ).toMatchObject({ date: '2019-03-05', source: 'filename' });
  });
});
