/**
 * The metadata stage, through the production wiring (normalise, redact,
 * layout, metadata), on the real seed protocols (from the texts and the PDFs)
 * and on small inputs in the genre's other shapes (kommun § protocols, dates
 * written without a year, no date at all).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/schemas.js';
import { findReportedAbsent, parseSwedishDate } from '../../ingest/stages/metadata/index.js';
import { findMunicipalities, municipalityOf } from '../../domain/municipalities.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';
import { textPages as pages, through } from '../helpers/stages.js';

const metaOf = (p: readonly Page[]) => {
  const { draft, warnings } = through(p, 'metadata');
  return { value: draft.meta!, warnings };
};

describe('meeting dates', () => {
  it('dates "Fredag den 20 november" from "Justerat den: 2020-11-30", flagged as an inferred year (000)', () => {
    const { value, warnings } = metaOf(seedTextPages('000_fba7a9fba055a2c4'));
    expect(value).toMatchObject({ meetingDate: '2020-11-20', dateStatus: 'inferred-year', time: '09.00-12.00' });
    expect(warnings.map((w) => w.code)).toContain('date-year-inferred');
  });

  it('reads "Tid: 2024-04-19 klockan 13.00-16.00" (001)', () => {
    expect(metaOf(seedTextPages('001_50d6c6026012b732')).value).toMatchObject({
      meetingDate: '2024-04-19',
      dateStatus: 'explicit',
      time: '13.00-16.00',
    });
  });

  it('reads "Datum" with its value on the next line (002)', () => {
    expect(metaOf(seedTextPages('002_dd3eb397fa6549bb')).value.meetingDate).toBe('2021-11-04');
  });

  it('takes the first day of "13-14 oktober 2022" (003)', () => {
    expect(metaOf(seedTextPages('003_5f027efdf8c98c30')).value.meetingDate).toBe('2022-10-13');
  });

  it('reads "Tid, Plats 09:30-12:00, Teams\\t2023-02-07\\tProtokoll" (004)', () => {
    expect(metaOf(seedTextPages('004_1652b9c4fdf6c7f8')).value).toMatchObject({
      meetingDate: '2023-02-07',
      place: 'Teams',
      time: '09:30-12:00',
    });
  });

  it('parses every date shape of the genre', () => {
    expect(parseSwedishDate('Tid: 13-14 oktober 2022')).toEqual({ year: 2022, month: 10, day: 13 });
    expect(parseSwedishDate('den 4 november 2021')).toEqual({ year: 2021, month: 11, day: 4 });
    expect(parseSwedishDate('4/11 2021')).toEqual({ year: 2021, month: 11, day: 4 });
    expect(parseSwedishDate('2021-11-04 kl. 13.00')).toEqual({ year: 2021, month: 11, day: 4 });
    expect(parseSwedishDate('Fredag den 20 november kl 09.00')).toEqual({ year: null, month: 11, day: 20 });
    expect(parseSwedishDate('kl 09.30-12.00')).toBeNull();
    expect(parseSwedishDate('2021-02-30')).toBeNull();
  });

  it('reads "Mötesanteckningar … den 4 november 2021" and "4/11 2021" in a header', () => {
    expect(metaOf(pages('Mötesanteckningar styrgrupp äldre den 4 november 2021\n\n1. Inledning')).value).toMatchObject({
      meetingDate: '2021-11-04',
      dateStatus: 'explicit',
    });
    expect(
      metaOf(pages('Minnesanteckningar\nStyrgrupp för nära vård\nDatum: 4/11 2021\n\n1. Inledning')).value.meetingDate,
    ).toBe('2021-11-04');
  });

  it('does not take the adjustment date or the next meeting for the meeting date', () => {
    const { value } = metaOf(
      pages('Protokoll styrgrupp äldre\nJusterat 2023-03-01\nNästa möte 2023-04-01\n\n1. Inledning\nText.'),
    );
    expect(value.meetingDate).toBeNull();
    expect(value.dateStatus).toBe('missing');
  });

  it('reads a label wrapped onto two lines ("Justeringens" / "plats och tid") as the justering\'s, not the meeting\'s', () => {
    // A kommun head whose labels stand in a column before their values (Söderhamn's published minutes).
    const head = [
      'SAMMANTRÄDESPROTOKOLL',
      '',
      'Nämnd',
      'Sammanträdesdatum',
      'Plats och tid',
      'Arbetsmarknads- och socialnämnden',
      '',
      '2019-01-28',
      '',
      'Faxepark, Europa, 09:00 – 14:55',
      'Utses att justera\tIsabel Hildén',
      'Justeringens',
      'plats och tid',
      'Förvaltningshuset, 2019-02-04, kl. 15:30',
      'Paragrafer\t12 – 22',
      '',
      'ANSLAG/BEVIS',
      'Nämnd/Styrelse\tArbetsmarknads- och socialnämnden',
      'Sammanträdesdatum\t2019-01-28',
      'Tid för anslag\t2019-02-05 – 2019-02-27',
      '',
      '§ 12',
      'Val av justerare',
      'Isabel Hildén utses att justera protokollet.',
    ].join('\n');
    const { value } = metaOf(pages(head));
    expect(value.meetingDate).toBe('2019-01-28');
    // Neither the justering's place nor the bare label's "och tid".
    expect(value.place).toBeNull();
  });

  it('reads the body from the values, not the label "Nämnd" above them', () => {
    const head = [
      'Nämnd',
      '',
      'Sammanträdesdatum',
      '',
      'Plats och tid',
      'Omvårdnadsnämnden',
      '',
      '2019-01-30',
      '',
      '§ 1',
      'Val av justerare',
      'Text.',
    ];
    const { value } = metaOf(pages(head.join('\n')));
    expect(value).toMatchObject({ body: 'Omvårdnadsnämnden', meetingDate: '2019-01-30' });
  });

  it('does not take the justering date whose label stands far before it on its line (Lund)', () => {
    const head = [
      'Barn- och skolnämnd Lund Öster',
      'Sammanträdesprotokoll',
      'Plats och tid: Byskolans matsal, Södra Sandby, kl 18:30-21:10',
      'Paragrafer: 1-5',
      'Plats/tid för justering: Barn- och skolkontor Lund Öster, Fritidsgatan 2, Södra Sandby torsdag 26 september 2013 kl 15:00.',
      '',
      '§ 1 Val av justerare',
      'Text.',
    ].join('\n');
    expect(metaOf(pages(head)).value.meetingDate).toBeNull();
    // The same line as the meeting's is still read: "Plats och tid: Stadshuset, tisdag 5 mars 2019".
    expect(
      metaOf(
        pages(
          head.replace(
            'Plats och tid: Byskolans matsal, Södra Sandby,',
            'Plats och tid: Byskolans matsal, onsdag 25 september 2013,',
          ),
        ),
      ).value.meetingDate,
    ).toBe('2013-09-25');
  });

  it('reads the date written as six digits after the document\'s name ("Protokoll 200425"), and only there', () => {
    expect(metaOf(pages('Protokoll 200425\nStyrelsen\n\n1. Mötets öppnande\nText.')).value.meetingDate).toBe(
      '2020-04-25',
    );
    expect(metaOf(pages('Protokoll 970403\nStyrelsen\n\n1. Mötets öppnande\nText.')).value.meetingDate).toBe(
      '1997-04-03',
    );
    expect(metaOf(pages('Protokoll 201399\nStyrelsen\n\n1. Mötets öppnande\nText.')).value.meetingDate).toBeNull();
    expect(metaOf(pages('Styrelsen\nKontonummer 200425\n\n1. Mötets öppnande\nText.')).value.meetingDate).toBeNull();
  });

  it('leaves a document without a recognisable date undated and flags it, never guessing', () => {
    const result = metaOf(pages('Protokoll styrgrupp äldre\n\n1. Inledning\nMötet öppnades.'));
    expect(result.value).toMatchObject({ meetingDate: null, dateStatus: 'missing' });
    expect(result.warnings.map((w) => w.code)).toContain('date-missing');
  });

  it('leaves "den 20 november" undated when no other date gives the year', () => {
    expect(
      metaOf(pages('Protokoll styrgrupp äldre\nTid: Fredag den 20 november\n\n1. Inledning')).value.dateStatus,
    ).toBe('missing');
  });
});

describe('body, document type and place', () => {
  it('reads the body as written in each seed', () => {
    expect(metaOf(seedTextPages('000_fba7a9fba055a2c4')).value).toMatchObject({
      body: 'Specifika samverkansrådet för social välfärd samt vård och omsorg',
      docType: 'protokoll',
      place: 'Digitalt via Zoom',
    });
    expect(metaOf(seedTextPages('002_dd3eb397fa6549bb')).value).toMatchObject({
      body: 'Chefsgrupp folkhälsa',
      docType: 'mötesanteckningar',
    });
    expect(metaOf(seedTextPages('004_1652b9c4fdf6c7f8')).value).toMatchObject({
      body: 'Styrgrupp samverkan barn och unga i Örebro län',
      docType: 'protokoll',
    });
  });

  it('reads a kommun protocol: body, Sammanträdesdatum, place and time', () => {
    const { value } = metaOf(
      pages(
        'Socialnämnden\nSammanträdesprotokoll\nSammanträdesdatum 2023-05-10\nPlats och tid: Kommunhuset, Kumla, kl. 13.00-15.30\n\n§ 1 Val av justerare',
      ),
    );
    expect(value).toMatchObject({
      body: 'Socialnämnden',
      docType: 'protokoll',
      meetingDate: '2023-05-10',
      dateStatus: 'explicit',
      place: 'Kommunhuset, Kumla',
      time: '13.00-15.30',
    });
  });

  it('reads a kommun protocol laid out as a table, paragraphs starting at § 45', () => {
    const text = [
      'HALLSBERGS KOMMUN\tSAMMANTRÄDESPROTOKOLL\tSida',
      'Kommunstyrelsen\t2023-05-10\t1 (3)',
      'Plats och tid\tKommunhuset, Hallsberg, kl. 08.30–12.00',
      'Beslutande\tMagnus Andersson (S), ordförande',
      'Anna Berg (M)',
      'Ersättare\tLena Holm (S)',
      'Övriga deltagare\tKarin Ek, kommundirektör',
      'Utses att justera\tAnna Berg',
      'Justeringens plats och tid\tKommunhuset 2023-05-15',
      'Underskrifter\tSekreterare\t\tParagrafer 45–48',
      'Maria Lund',
      'Ordförande',
      'Magnus Andersson',
      'Justerande',
      'Anna Berg',
      '§ 45',
      'Val av justerare',
    ].join('\n');
    const { value } = metaOf(pages(text));
    expect(value).toMatchObject({
      body: 'Kommunstyrelsen',
      meetingDate: '2023-05-10',
      place: 'Kommunhuset, Hallsberg',
      time: '08.30-12.00',
      secretary: 'Maria Lund',
      chair: 'Magnus Andersson',
      adjuster: 'Anna Berg',
    });
    expect(value.attendees.map((a) => `${a.name}/${a.role}`)).toEqual([
      'Magnus Andersson/ledamot',
      'Anna Berg/ledamot',
      'Lena Holm/ersättare',
      'Karin Ek/övrig',
    ]);
  });

  it('reads plain "Anteckningar" as minnesanteckningar', () => {
    expect(
      metaOf(pages('Anteckningar\nNätverket för folkhälsosamordnare\n2020-02-03\n\n1. Föregående anteckningar')).value,
    ).toMatchObject({ docType: 'minnesanteckningar', meetingDate: '2020-02-03' });
  });

  it('reads the papers sent before a meeting as kallelse and föredragningslista, with their body and date', () => {
    const meta = (text: string) => {
      const { docType, body, meetingDate } = metaOf(pages(text)).value;
      return { docType, body, meetingDate };
    };
    expect(meta('Föredragningslista Kommunstyrelsen 2023-04-03\n\n§ 1 Val av justerare\nFörslag: Anna Berg.')).toEqual({
      docType: 'föredragningslista',
      body: 'Kommunstyrelsen',
      meetingDate: '2023-04-03',
    });
    expect(
      meta('Kallelse till sammanträde med Socialnämnden\nTid: 2023-04-03 kl. 13.00\n\n§ 1 Val av justerare'),
    ).toEqual({
      docType: 'kallelse',
      body: 'Socialnämnden',
      meetingDate: '2023-04-03',
    });
    expect(
      meta('Kallelse och föredragningslista\nKultur- och fritidsnämnden\n2023-04-03\n\n1. Val av justerare'),
    ).toEqual({
      docType: 'kallelse',
      body: 'Kultur- och fritidsnämnden',
      meetingDate: '2023-04-03',
    });
    // A protocol that approves its föredragningslista is still a protocol.
    expect(
      meta('Protokoll Kommunstyrelsen 2023-04-03\n\n§ 1 Godkännande av föredragningslistan\nGodkändes.').docType,
    ).toBe('protokoll');
  });

  it('reads "Plats" with its value on the next line', () => {
    expect(
      metaOf(
        pages(
          'Protokoll Samverkansrådet för folkhälsa\nDatum\n2019-03-14 kl. 13.00-15.00\nPlats\nRegionhuset, Örebro\n\n1. Mötets öppnande',
        ),
      ).value,
    ).toMatchObject({
      body: 'Samverkansrådet för folkhälsa',
      meetingDate: '2019-03-14',
      time: '13.00-15.00',
      place: 'Regionhuset, Örebro',
    });
  });

  it('reads the place under a bilingual label, Finnish first or second (Vanda–Kervo, Dynasty)', () => {
    const placeOf = (head: string) => metaOf(pages(`${head}\n\n§ 1\nVal av justerare\nText.`)).value.place;
    expect(placeOf('Områdesfullmäktige\nAIKA - TID 27.9.2022 klo 17.00\nPAIKKA - PLATS Valtuustosali')).toBe(
      'Valtuustosali',
    );
    expect(placeOf('Stadsstyrelsen\nTID - AIKA\n27.9.2022 kl. 17.00\nPLATS - PAIKKA\nStadshuset')).toBe('Stadshuset');
    expect(
      placeOf('Stadsstyrelsen\nKokousaika / Sammanträdestid 27.9.2022\nKokouspaikka / Sammanträdesplats Stadshuset'),
    ).toBe('Stadshuset');
  });
});

describe('attendance', () => {
  it('keeps Region Örebro län apart from Örebro kommun, with roles and notes (000)', () => {
    const { value } = metaOf(seedTextPages('000_fba7a9fba055a2c4'));
    expect(value.attendees.find((a) => a.name === 'Karin Sundin')).toMatchObject({
      region: true,
      municipality: null,
      role: 'ledamot',
    });
    expect(value.attendees.find((a) => a.name === 'John Johansson')).toMatchObject({
      region: false,
      municipality: 'Örebro',
    });
    expect(value.attendees.find((a) => a.name === 'John Hägglöf')).toMatchObject({
      role: 'ersättare',
      municipality: 'Lekeberg',
    });
    expect(value.attendees.find((a) => a.name === 'Sara Maxe')).toMatchObject({ role: 'övrig', note: 'punkt 6' });
    expect(value).toMatchObject({
      secretary: 'Ann-Louise Gustafsson',
      chair: 'Karin Sundin',
      adjuster: 'Tom Rymoen',
      regionPresent: true,
    });
  });

  it('marks struck-through attendees absent in the text (001) and reported-absent ones in the PDF, which lost the strike-through', async () => {
    const fromText = metaOf(seedTextPages('001_50d6c6026012b732')).value;
    expect(fromText.attendees.find((a) => a.name === 'Martin Gunnarsson')).toMatchObject({
      present: false,
      absence: 'struck-through',
    });
    const fromPdf = metaOf(await seedPdfPages('001_50d6c6026012b732')).value;
    expect(fromPdf.attendees.find((a) => a.name === 'Madelene Maxe')).toMatchObject({
      municipality: 'Laxå',
      present: false,
      absence: 'reported-absent',
    });
    expect(fromPdf.attendees.find((a) => a.name === 'Martin Gunnarsson')).toMatchObject({
      present: false,
      absence: 'reported-absent',
    });
    for (const meta of [fromText, fromPdf]) {
      expect(meta.municipalitiesPresent).not.toContain('Laxå');
      expect(meta.municipalitiesPresent).toHaveLength(11);
    }
  });

  it('counts all twelve municipalities present in 003, including one present on day 2 only', () => {
    const { value } = metaOf(seedTextPages('003_5f027efdf8c98c30'));
    expect(value.municipalitiesPresent).toHaveLength(12);
    expect(value.attendees.find((a) => a.name === 'Madde Gustafsson')).toMatchObject({
      municipality: 'Lindesberg',
      note: 'dag 2',
    });
  });

  /** Minutes of a meeting whose head lists the people present as `list` writes them. */
  const minutesListing = (body: string, list: readonly string[]) =>
    pages(
      [
        'Minnesanteckningar',
        body,
        'Datum: 2025-02-14',
        '',
        ...list,
        '',
        '1. Mötets öppnande',
        'Ordföranden öppnade mötet.',
      ].join('\n'),
    );

  it('reads a list by organisation ("Askersund: Anna Berg"), a municipality with nobody ("Karlskoga: -") and those with förhinder as absent', () => {
    const { value } = metaOf(
      minutesListing('Chefsgrupp för samverkan social välfärd samt vård och omsorg', [
        'Deltagare',
        'Askersund: Anna Berg',
        'Degerfors: Per Ek',
        'Karlskoga: -',
        'Region Örebro län: Maria Lund, Johan Sten',
        '',
        'Förhinder: Nora, Lindesberg',
      ]),
    );
    expect(value.municipalitiesPresent).toEqual(['Askersund', 'Degerfors']);
    expect(value.attendees.map((a) => [a.name, a.organisation])).toEqual([
      ['Anna Berg', 'Askersund'],
      ['Per Ek', 'Degerfors'],
      ['Maria Lund', 'Region Örebro län'],
      ['Johan Sten', 'Region Örebro län'],
    ]);
  });

  it('takes a person noted "(ej närvarande)" on their row for absent, not one absent from a part ("frånvarande § 5")', () => {
    const { value } = metaOf(
      minutesListing('Chefsgrupp folkhälsa', [
        'Närvarande',
        'Anna Berg, Askersund (frånvarande § 5)',
        'Lisa Holm, Hallsberg (ej närvarande)',
        'Per Ek, Degerfors',
      ]),
    );
    expect(value.municipalitiesPresent).toEqual(['Askersund', 'Degerfors']);
    expect(value.attendees.find((a) => a.name === 'Lisa Holm')).toMatchObject({
      present: false,
      absence: 'reported-absent',
    });
  });

  it('has no municipalities present where the list names none (002, 004)', () => {
    expect(metaOf(seedTextPages('002_dd3eb397fa6549bb')).value.municipalitiesPresent).toBeNull();
    expect(metaOf(seedTextPages('004_1652b9c4fdf6c7f8')).value.municipalitiesPresent).toBeNull();
  });

  it('marks "Deltog inte idag: Monika, Katarina och Marina" absent by first name (004)', () => {
    const { value } = metaOf(seedTextPages('004_1652b9c4fdf6c7f8'));
    expect(value.attendees.filter((a) => !a.present).map((a) => a.name)).toEqual(
      expect.arrayContaining(['Marina Lundquist']),
    );
    expect(value.attendees.find((a) => a.name === 'Ingmar Ångman')).toMatchObject({ present: true });
  });

  it('reads a semicolon list of names with municipalities', () => {
    const { value } = metaOf(
      pages(
        'Minnesanteckningar\nStyrgrupp för nära vård\nDatum: 2021-11-04\nNärvarande: Anna Svensson, Askersund; Per Olsson, Kumla; Eva Lind, Region Örebro län\n\n1. Inledning',
      ),
    );
    expect(value.attendees.map((a) => [a.name, a.municipality, a.region])).toEqual([
      ['Anna Svensson', 'Askersund', false],
      ['Per Olsson', 'Kumla', false],
      ['Eva Lind', null, true],
    ]);
    expect(value.municipalitiesPresent).toEqual(['Askersund', 'Kumla']);
  });

  it("reads an organisation after a name in a comma list as that person's, and not as the meeting's when they differ", () => {
    const { value } = metaOf(
      pages(
        'Minnesanteckningar\nChefsgrupp för samverkan social välfärd samt vård och omsorg\nDatum: 2024-09-13\nNärvarande: Anna Berg, Askersunds kommun, Per Ek, Region Örebro län, Karin Sjö, Örebro kommun\n\n§ 1 Inledning\nText.',
      ),
    );
    expect(value.attendees.map((a) => [a.name, a.organisation, a.municipality, a.region])).toEqual([
      ['Anna Berg', 'Askersunds kommun', 'Askersund', false],
      ['Per Ek', 'Region Örebro län', null, true],
      ['Karin Sjö', 'Örebro kommun', 'Örebro', false],
    ]);
    expect(value.municipalitiesPresent).toEqual(['Askersund', 'Örebro']);
    // Members of a regional group come from many organisations: none of theirs is the meeting's.
    expect(value.organisation).toBeNull();
  });

  it("reads a member's organisation in brackets after the name, and the municipality after a title", () => {
    const members = (list: string) =>
      metaOf(pages(`Chefsgrupp folkhälsa\nDatum: 2024-09-13\n${list}\n\n§ 1 Inledning\nText.`)).value;
    const bracketed = members('Närvarande: Anna Berg (Askersunds kommun), Per Ek (Region Örebro län), Karin Sjö');
    expect(bracketed.attendees.map((a) => [a.name, a.organisation, a.municipality, a.region])).toEqual([
      ['Anna Berg', 'Askersunds kommun', 'Askersund', false],
      ['Per Ek', 'Region Örebro län', null, true],
      ['Karin Sjö', null, null, false],
    ]);
    const titled = members(
      'Närvarande:\nAnna Berg, socialchef, Askersunds kommun\nPer Ek, folkhälsostrateg, Region Örebro län',
    );
    expect(titled.attendees.map((a) => [a.name, a.municipality, a.region])).toEqual([
      ['Anna Berg', 'Askersund', false],
      ['Per Ek', null, true],
    ]);
    expect(titled.municipalitiesPresent).toEqual(['Askersund']);
    // Without commas between name and organisation, each entry is a person with theirs, none taken for another's.
    const plain = members('Närvarande: Anna Berg Askersund, Per Ek Region Örebro län, Lisa Holm');
    expect(plain.attendees.map((a) => [a.name, a.municipality, a.region])).toEqual([
      ['Anna Berg', 'Askersund', false],
      ['Per Ek', null, true],
      ['Lisa Holm', null, false],
    ]);
  });

  it('reads "Närvarande: Anna Berg, Kumla" as the first row of a one-per-line list', () => {
    const { value } = metaOf(
      pages(
        'Minnesanteckningar från Länsgrupp barn och unga 2022-03-15\n\nNärvarande: Anna Berg, Kumla\nPer Ek, Nora\n\n1. Välkommen',
      ),
    );
    expect(value).toMatchObject({
      body: 'Länsgrupp barn och unga',
      docType: 'minnesanteckningar',
      meetingDate: '2022-03-15',
      municipalitiesPresent: ['Kumla', 'Nora'],
    });
  });

  const kommunHead = (list: string) =>
    pages(
      `PROTOKOLL\nSocialnämnden\nSammanträdesdatum 2024-03-12\n\nPlats och tid: Kommunhuset, kl. 13.00–16.00\n${list}\nSekreterare: Maria Holm\n\n§ 12\nRiktlinjer för hemtjänst\nRiktlinjerna antas.`,
    );
  const people = (list: string) => {
    const { value } = metaOf(kommunHead(list));
    return { chair: value.chair, attendees: value.attendees.map((a) => `${a.name}/${a.role}/${a.organisation ?? ''}`) };
  };

  it('reads a list written surname first as the names said given name first, inline or one per line', () => {
    const expected = {
      chair: 'Anna Andersson',
      attendees: [
        'Anna Andersson/ledamot/ordförande',
        'Per Berg/ledamot/vice ordförande',
        'Karin Lind/ledamot/',
        'Eva Nilsson/övrig/socialchef',
      ],
    };
    expect(
      people(
        'Beslutande: Andersson, Anna (S), ordförande\nBerg, Per (M), vice ordförande\nLind, Karin (C)\nÖvriga närvarande: Nilsson, Eva, socialchef',
      ),
    ).toEqual(expected);
    expect(
      people(
        'Beslutande\nAndersson, Anna (S), ordförande\nBerg, Per (M), vice ordförande\nLind, Karin (C)\nÖvriga närvarande\nNilsson, Eva, socialchef',
      ),
    ).toEqual(expected);
    // A list of given names is no list of surnames: "Emil, Annica, Malin".
    expect(people('Närvarande: Emil, Annica, Malin').attendees).toEqual([
      'Emil/okänd/',
      'Annica/okänd/',
      'Malin/okänd/',
    ]);
  });

  it('reads "Beslutande ledamöter" and "Ej tjänstgörande ersättare" as list labels', () => {
    expect(
      people(
        'Beslutande ledamöter\tAnna Andersson (S), ordförande\n\tPer Berg (M)\nEj tjänstgörande ersättare\tKarin Lind (C)',
      ),
    ).toEqual({
      chair: 'Anna Andersson',
      attendees: ['Anna Andersson/ledamot/ordförande', 'Per Berg/ledamot/', 'Karin Lind/ersättare/'],
    });
  });

  it("reads Dynasty's attendance form: a box per person, ticked or not, the columns' roles, names turned as they sign", () => {
    const { value } = metaOf(
      pages(
        [
          'Organ Välfärdsnämnden',
          'Sammanträdestid 15.9.2022 kl. 18.00 – 19.37',
          'Beslutande',
          'ordinarie ersättare',
          '[X] Lindvall Mikael, ordförande [ ] Eklund Karita',
          '[X] Backman Tua [ ] Järvinen Camilla',
          '[ ] Karf Johannes [X] Rögård Linda',
          'Övriga närvarande',
          'Rif Solveig, kanslist, protokollförare',
          'Elektroniska underskrifter',
          'Mikael Lindvall Solveig Rif',
          'ordförande protokollförare',
          'Elektronisk protokolljustering',
          'Tua Backman Linda Rögård',
          '',
          '39 §',
          'Sammanträdets laglighet och beslutförhet',
          'Text.',
        ].join('\n'),
      ),
    );
    expect(value.chair).toBe('Mikael Lindvall');
    expect(value.attendees.map((a) => `${a.name}/${a.role}/${a.present ? 'present' : a.absence}`)).toEqual([
      'Mikael Lindvall/ledamot/present',
      'Karita Eklund/ersättare/not-ticked',
      'Tua Backman/ledamot/present',
      'Camilla Järvinen/ersättare/not-ticked',
      'Johannes Karf/ledamot/not-ticked',
      'Linda Rögård/ersättare/present',
      'Solveig Rif/övrig/present',
    ]);
  });

  it('takes the chair from a role in brackets in an inline list ("Lisa Strand (ordförande)")', () => {
    const { value } = metaOf(
      pages(
        'Protokoll fört vid styrelsemöte i Föreningen Ekbackens vänner\nDatum: 2022-11-14\nNärvarande: Lisa Strand (ordförande), Olle Berg (kassör), Maja Ek, Sven Lund\n\n§ 1 Mötets öppnande\nText.',
      ),
    );
    expect(value.chair).toBe('Lisa Strand');
    expect(
      metaOf(
        pages('Styrelsemöte\n2023-03-14\nNärvarande: Karin Ek (ordf), Nils Holm, Ulla Berg (sekr)\n\n1. Mötet öppnas'),
      ).value.chair,
    ).toBe('Karin Ek');
    expect(value.attendees.map((a) => a.name)).toEqual(['Lisa Strand', 'Olle Berg', 'Maja Ek', 'Sven Lund']);
  });

  it('takes the chair, not a vice chair listed first, and a role read below the name in a table', () => {
    expect(people('Beslutande: Per Berg (M), vice ordförande\nAnna Andersson (S), ordförande').chair).toBe(
      'Anna Andersson',
    );
    // Another body's chair attending is not this meeting's; the body's own, named so, is.
    expect(
      people('Övriga närvarande\nCarola Sundqvist, kommunfullmäktiges ordförande\nAnna Andersson, nämndens ordförande')
        .chair,
    ).toBe('Anna Andersson');
    expect(
      people('Beslutande\nAnders Ramstrand (KD)\nordförande\nLena Dufva (C)\nvice ordförande\nLennart Gard (S)'),
    ).toEqual({
      chair: 'Anders Ramstrand',
      attendees: ['Anders Ramstrand/ledamot/ordförande', 'Lena Dufva/ledamot/vice ordförande', 'Lennart Gard/ledamot/'],
    });
  });

  it('reads absence in all its wordings', () => {
    expect(
      findReportedAbsent(
        'Madelene Maxe, Katrin Eriksson och Patrik Jonsson har anmält\nfrånvaro. Karin Haster har anmält sen ankomst.',
      ),
    ).toEqual(['Madelene Maxe', 'Katrin Eriksson', 'Patrik Jonsson']);
    expect(findReportedAbsent('Martin Gunnarsson och Lise Bergman Nordgren har utevaro.')).toEqual([
      'Martin Gunnarsson',
      'Lise Bergman Nordgren',
    ]);
    expect(
      findReportedAbsent('Deltog inte idag: Monika, Katarina och Marina. Ylva och Annifrid deltog halva mötet.'),
    ).toEqual(['Monika', 'Katarina', 'Marina']);
  });
});

describe('findMunicipalities', () => {
  it('finds kommuner with genitives and "X kommun" but not the region or the county', () => {
    expect(findMunicipalities('Pilot mellan psykiatri och Karlskoga kommun; Karlskogas ungdomsråd')).toEqual([
      'Karlskoga',
    ]);
    expect(findMunicipalities('Region Örebro län, Örebro läns landsting och Universitetssjukhuset Örebro')).toEqual([]);
    expect(findMunicipalities('Örebro kommun och Laxå')).toEqual(['Laxå', 'Örebro']);
    expect(findMunicipalities('Noras och Hällefors kommuner')).toEqual(['Hällefors', 'Nora']);
  });

  it('reads an organisation field as one municipality or none', () => {
    expect(municipalityOf('Örebro kommun')).toBe('Örebro');
    expect(municipalityOf('Region Örebro län')).toBeNull();
  });
});
