/**
 * The segment stage, through the production wiring (normalise, redact, layout,
 * metadata, segment), on the real seed protocols (texts and PDFs) and on the
 * paragraph style of kommun boards.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/schemas.js';
import { findPresenters, pageAt, splitTitle } from '../../ingest/stages/segment.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';
import { textPages as pages, through } from '../helpers/stages.js';

const itemsOf = (p: readonly Page[]) => through(p, 'segment').draft.items;
const heads = (p: readonly Page[]) => itemsOf(p).map((i) => `${i.number}|${i.title}`);

describe('numbered agendas', () => {
  it('reads "### 4. Rapport …" and "## **6. Nära vård …**" headings and keeps remissvar 1–7 inside item 9 (001)', () => {
    const items = itemsOf(seedTextPages('001_50d6c6026012b732'));
    expect(items.map((i) => i.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
    ]);
    expect(items[3]!.title).toBe('Rapport från AU, Ingmar Ångman');
    expect(items[8]!.text).toContain('7. Kostnad för nämnd, MTP');
  });

  it('joins a title wrapped onto the next line in the PDF (001 item 6)', async () => {
    const items = itemsOf(await seedPdfPages('001_50d6c6026012b732'));
    expect(items[5]!.title).toBe(
      'Nära vård systemanalys, länsgemensam rehabilitering, Siv Liedström och Lennart Wittberg',
    );
  });

  it('keeps "1. Strategi för hälsa 2. Psykisk hälsa" and dates such as "17 mars (fysiskt möte)" inside their items (003)', () => {
    const items = itemsOf(seedTextPages('003_5f027efdf8c98c30'));
    expect(items).toHaveLength(13);
    expect(items.find((i) => i.number === '12')!.text).toContain('17 mars');
    expect(items.find((i) => i.number === '12')!.text).toContain('12-13 oktober (internat)');
  });

  it('accepts "12 Driv och hinder" without a dot after a gap in the numbering, and keeps "27 januari" inside item 8 (002)', () => {
    const items = itemsOf(seedTextPages('002_dd3eb397fa6549bb'));
    expect(items.map((i) => i.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '12']);
    expect(items.at(-1)).toMatchObject({ number: '12', title: 'Driv och hinder under dagens möte' });
  });

  it('numbers unnumbered bulleted first items and cuts titles at the first sentence (004)', () => {
    expect(heads(seedTextPages('004_1652b9c4fdf6c7f8')).slice(0, 4)).toEqual([
      '1|Föregående protokoll',
      '2|Avstämning - Barn i behov av sammansatt stöd',
      '3|LPO barn och ungdomars hälsa – Annelie',
      '4|Ny styrgrupp för YAM (Youth aware of mental health) – Ingmar/Marie',
    ]);
  });

  it('finds the same first items in the PDF, which lost the bullets (004)', async () => {
    expect(heads(await seedPdfPages('004_1652b9c4fdf6c7f8')).slice(0, 3)).toEqual([
      '1|Föregående protokoll',
      '2|Avstämning - Barn i behov av sammansatt stöd',
      '3|LPO barn och ungdomars hälsa – Annelie',
    ]);
  });

  it('does not take the header and attendance for an item', () => {
    const items = itemsOf(seedTextPages('000_fba7a9fba055a2c4'));
    expect(items[0]).toMatchObject({ number: '1', title: 'Mötet öppnades' });
    expect(items.some((i) => i.text.includes('Närvarande ledamöter'))).toBe(false);
  });

  it('reads "Punkt 1." and "Punkt 1:" headings', () => {
    expect(
      heads(
        pages('Minnesanteckningar\n\nPunkt 1. Inledning\nMötet öppnades.\nPunkt 2. Läget i kommunerna\nDiskussion.'),
      ),
    ).toEqual(['1|Inledning', '2|Läget i kommunerna']);
    expect(
      heads(
        pages('Minnesanteckningar\n\nPunkt 1: Inledning\nMötet öppnades.\nPunkt 2: Läget i kommunerna\nDiskussion.'),
      ),
    ).toEqual(['1|Inledning', '2|Läget i kommunerna']);
  });
});

describe('kommun paragraphs', () => {
  it('reads "KS § 3 a" and "§ 3 b", where a cited § of another body is a reference', () => {
    const text = [
      'Kommunstyrelsen',
      'Sammanträdesdatum 2023-05-10',
      '',
      'KS § 3 a Val av justerare',
      'Anna Berg utses att justera protokollet.',
      '',
      'KS § 3 b Budget 2024',
      'Ärendet har beretts, se KU § 317 06-12-05.',
      'KS § 12/2023 gäller fortfarande.',
      '',
      'KS § 4 Samverkan om psykisk hälsa',
      'Kommunstyrelsen beslutar att ställa sig bakom planen.',
    ].join('\n');
    expect(heads(pages(text))).toEqual([
      'KS § 3 a|Val av justerare',
      'KS § 3 b|Budget 2024',
      'KS § 4|Samverkan om psykisk hälsa',
    ]);
  });

  it('takes the title from the line after "§ 46 Dnr KS 2023/112" and keeps the case number in the text', () => {
    const text =
      'Socialnämnden\nSammanträdesdatum 2023-05-10\n\n§ 45\nVal av justerare\nAnna Berg utses.\n\n§ 46 Dnr KS 2023/112\nBudget 2024\nFörvaltningen har tagit fram ett förslag, se även KS § 317 2022-12-05.\n\n§ 47\nDnr SN 2023.45\nInformation om samverkan\nText.';
    const items = itemsOf(pages(text));
    expect(items.map((i) => `${i.number}|${i.title}`)).toEqual([
      '§ 45|Val av justerare',
      '§ 46|Budget 2024',
      '§ 47|Information om samverkan',
    ]);
    expect(items[1]!.text).toMatch(/^Dnr KS 2023\/112\n/);
    expect(items[2]!.text).toContain('Dnr SN 2023.45');
  });

  it('reads the title after the case number when the number comes first: "§ 12 Dnr SN 2021/14 Budgetuppföljning"', () => {
    const text = [
      'Socialnämnden',
      'Sammanträdesdatum 2021-03-10',
      '',
      '§ 12 Dnr SN 2021/14 Budgetuppföljning februari',
      'Förvaltningen redovisar budgetuppföljningen.',
      '',
      '§ 13',
      'Dnr 31/16 Bidrag till fritidsstudier',
      'En anställd har ansökt om bidrag.',
      '',
      '§ 14 Riktlinjer för hemtjänst Dnr SN 2021/20',
      'Förvaltningen har tagit fram riktlinjer.',
      '',
      '§ 15 Ansökan om bidrag, dnr 2021-00412',
      'En förening har ansökt om bidrag.',
    ].join('\n');
    const items = itemsOf(pages(text));
    expect(items.map((i) => `${i.number}|${i.title}`)).toEqual([
      '§ 12|Budgetuppföljning februari',
      '§ 13|Bidrag till fritidsstudier',
      '§ 14|Riktlinjer för hemtjänst',
      // The comma before the number is no sign that the title runs on.
      '§ 15|Ansökan om bidrag',
    ]);
    expect(items[0]!.text).toMatch(/^Dnr SN 2021\/14\n/);
    expect(items[1]!.text).toMatch(/^Dnr 31\/16\n/);
  });

  it("reads Dynasty's older heading, the body's code and the meeting's date and time after the number (Jakobstad)", () => {
    const text = [
      'Stadsstyrelsen',
      'Torsdagen den 22 januari 2015 kl. 16:00',
      '',
      '§ 4, STST 2015-01-22 16:00',
      'SAMMANTRÄDETS LAGENLIGA SAMMANKALLANDE OCH BESLUTFÖRHET',
      '§ 5, STST 2015-01-22 16:00',
      'PROTOKOLLJUSTERING',
      'Stadsstyrelsen utser Helinä Sipinen och Owe Sjölund till protokolljusterare.',
      '§ 7, STST 2015-01-22 16:00',
      'CFV: 49/2015',
      'ÖVERTAGANDE AV ÄRENDEN TILL BEHANDLING I STADSSTYRELSEN',
      'Stadsstyrelsen beslutar att inte utöva sin rätt att överta behandlingen.',
    ].join('\n');
    const items = itemsOf(pages(text));
    expect(items.map((i) => `${i.number}|${i.title}`)).toEqual([
      '§ 4|SAMMANTRÄDETS LAGENLIGA SAMMANKALLANDE OCH BESLUTFÖRHET',
      '§ 5|PROTOKOLLJUSTERING',
      '§ 7|ÖVERTAGANDE AV ÄRENDEN TILL BEHANDLING I STADSSTYRELSEN',
    ]);
    // The case number on its own line between the heading and the title is the item's.
    expect(items[2]!.text).toMatch(/^CFV: 49\/2015\n/);
  });

  it('reads "§ 63/20 Title", the meeting year after each number, where "KS § 12/2023" with no title is a citation', () => {
    const text = [
      'Socialnämndens arbetsutskott',
      'Sammanträdesdatum 2020-08-18',
      '',
      '§ 63/20 Fastställande av dagordning',
      'Arbetsutskottet fastställer dagordningen.',
      '',
      '§ 64/20 Nytt bidragsreglemente',
      'Dnr SOC 2020/123',
      'Se KS § 12/2019.',
      'KS § 12/2019',
      '',
      '§ 65/20 Kulturprogram 2021-2024',
      'Arbetsutskottet föreslår socialnämnden att godkänna programmet.',
    ].join('\n');
    expect(heads(pages(text))).toEqual([
      '§ 63/20|Fastställande av dagordning',
      '§ 64/20|Nytt bidragsreglemente',
      '§ 65/20|Kulturprogram 2021-2024',
    ]);
  });

  it('reads the items after a list of them that has no page numbers (Innehållsförteckning), not the list', () => {
    const list = [
      '§ 63 Fastställande av dagordning',
      '§ 64 Nytt bidragsreglemente för Nynäshamns kommun',
      '§ 65 Kulturprogram för Nynäshamns kommun 2021-2024',
    ];
    const text = [
      'Socialnämndens arbetsutskott',
      'Sammanträdesdatum 2020-08-18',
      '',
      'Innehållsförteckning',
      '',
      ...list,
      '',
      list[0],
      'Arbetsutskottet tar bort en punkt från dagordningen.',
      'Beslut',
      'Arbetsutskottet fastställer dagordningen med ändringen.',
      '',
      list[1],
      'Förvaltningen har tagit fram ett nytt reglemente.',
      '',
      list[2],
      'Arbetsutskottet föreslår socialnämnden att godkänna programmet.',
    ].join('\n');
    const items = itemsOf(pages(text));
    // The title ends in "kommun 2021-2024", lower case and a year span: not a case number like "KS 2023/112".
    expect(items.map((i) => `${i.number}|${i.title}`)).toEqual(list.map((h) => h.replace(/^(§ \d+) /, '$1|')));
    expect(items.map((i) => i.text.split('\n')[0])).toEqual([
      'Arbetsutskottet tar bort en punkt från dagordningen.',
      'Förvaltningen har tagit fram ett nytt reglemente.',
      'Arbetsutskottet föreslår socialnämnden att godkänna programmet.',
    ]);
  });

  it('keeps an agenda that no items follow (a kallelse) as its items', () => {
    const text = [
      'Kallelse',
      'Socialnämnden',
      'Sammanträdesdatum 2020-08-18',
      '',
      'Föredragningslista',
      '§ 1 Val av justerare',
      '§ 2 Budget 2021',
      '§ 3 Information från förvaltningen',
    ].join('\n');
    expect(heads(pages(text))).toEqual([
      '§ 1|Val av justerare',
      '§ 2|Budget 2021',
      '§ 3|Information från förvaltningen',
    ]);
  });

  it('reads the body\'s abbreviation before § in other shapes: "Ks § 45", "Sn § 49", "KS AU § 145"', () => {
    const text = (prefix: string) =>
      [
        'Kommunstyrelsens arbetsutskott',
        'Sammanträdesdatum 2010-05-04',
        '',
        `${prefix} § 145 Val av justerare`,
        'Anna Berg utses att justera.',
        '',
        `${prefix} § 146 Budget 2011`,
        'Arbetsutskottet föreslår kommunstyrelsen att anta budgeten.',
      ].join('\n');
    for (const prefix of ['Ks', 'Sn', 'KS AU'])
      expect(heads(pages(text(prefix)))).toEqual([`${prefix} § 145|Val av justerare`, `${prefix} § 146|Budget 2011`]);
    // A reference that opens a line is no heading of the next number.
    expect(heads(pages(`${text('KS')}\nSe § 147 Budget 2010.`))).toEqual([
      'KS § 145|Val av justerare',
      'KS § 146|Budget 2011',
    ]);
  });

  it('reads plain numbers that go on from an earlier meeting ("68 …", "69 …") when the next ones continue them', () => {
    const text = [
      'Socialnämnden',
      'Sammanträdesdatum 2017-03-14',
      '',
      '68 Fastställande av dagordning',
      'Dagordningen fastställs.',
      '',
      '69 Ekonomisk uppföljning per februari',
      'Nämnden noterar uppföljningen.',
      '',
      '70 Internkontrollplan 2017',
      'Nämnden antar planen.',
    ].join('\n');
    expect(heads(pages(text))).toEqual([
      '68|Fastställande av dagordning',
      '69|Ekonomisk uppföljning per februari',
      '70|Internkontrollplan 2017',
    ]);
  });

  it("reads a second meeting's items after the first closed: the board's constituent meeting after the annual one", () => {
    const text = [
      'Protokoll fört vid årsmöte för Föreningen Vårdsamverkan i Örebro län',
      'Datum: 2024-03-12',
      '',
      '§ 1 Mötets öppnande',
      'Ordföranden öppnade mötet.',
      '§ 2 Val av styrelse',
      '1. Per Ek',
      '2. Lisa Holm',
      '3. Karin Ahl',
      'Årsmötet valde dem till styrelseledamöter för två år.',
      '§ 3 Mötets avslutande',
      'Ordföranden avslutade mötet.',
      '',
      'Protokoll fört vid konstituerande styrelsemöte direkt efter årsmötet',
      '§ 1 Mötets öppnande',
      'Per Ek öppnade mötet.',
      '§ 2 Konstituering',
      'Styrelsen utsåg Per Ek till ordförande.',
      '§ 3 Mötets avslutande',
    ].join('\n');
    expect(heads(pages(text))).toEqual([
      '§ 1|Mötets öppnande',
      '§ 2|Val av styrelse',
      '§ 3|Mötets avslutande',
      '§ 1|Mötets öppnande',
      '§ 2|Konstituering',
      '§ 3|Mötets avslutande',
    ]);
    // A list that restarts at 1 inside an open meeting stays in its item.
    const items = itemsOf(pages(text));
    expect(items[1]!.text).toContain('3. Karin Ahl');
    // The next meeting's agenda, told after the closing, is no meeting of its own.
    const agendaAfter = [
      ...text.split('\n').slice(0, 12),
      'Nästa möte 12 maj, förslag till dagordning:',
      '§ 1 Mötets öppnande',
      '§ 2 Verksamhetsplan',
      '§ 3 Mötets avslutande',
    ].join('\n');
    expect(heads(pages(agendaAfter))).toEqual(['§ 1|Mötets öppnande', '§ 2|Val av styrelse', '§ 3|Mötets avslutande']);
  });

  it('takes no list of those present for an unnumbered first item when the numbers start later ("Närvarande" alone on its line)', () => {
    const text = [
      'Protokoll',
      'Specifikt samverkansråd barn och unga',
      'Tid: 2025-06-05 kl. 13.00–15.00',
      '',
      'Närvarande',
      'Anna Berg            Askersund',
      'Lisa Holm            Region Örebro län',
      '',
      '5. Barn och ungas psykiska hälsa',
      'Samverkansrådet beslutar att anta handlingsplanen.',
      '',
      '6. Övriga frågor',
      'Inga.',
    ].join('\n');
    expect(heads(pages(text))).toEqual(['5|Barn och ungas psykiska hälsa', '6|Övriga frågor']);
    const meta = through(pages(text), 'metadata').draft.meta!;
    expect(meta.attendees.map((a) => [a.name, a.organisation])).toEqual([
      ['Anna Berg', 'Askersund'],
      ['Lisa Holm', 'Region Örebro län'],
    ]);
  });

  it('takes no head line for an unnumbered first item when the numbers start at 2 ("Sammanträdesdatum …")', () => {
    const text = [
      'Socialnämnden',
      'Protokoll',
      'Sammanträdesdatum 2019-02-18',
      'Plats och tid Stadshuset kl 13',
      'Beslutande Anna Andersson (S), ordförande',
      '',
      '2 Justering',
      'Text.',
      '',
      '3 Budget',
      'Text.',
    ].join('\n');
    expect(heads(pages(text))).toEqual(['2|Justering', '3|Budget']);
  });

  it('takes no heading from a column of a voting table ("§ 4" above "§", "Tjg")', () => {
    const text = [
      'Omvårdnadsnämnden',
      'Protokoll',
      'Sammanträdesdatum 2019-01-30',
      'Ordinarie ledamöter',
      'Närvaro',
      '§ 4',
      '§',
      '§',
      'Tjg',
      'Anders Ramstrand (KD)',
      '',
      '§ 1 Val av justerare',
      'Text.',
      '',
      '§ 2 Budget',
      'Text.',
    ].join('\n');
    expect(heads(pages(text))).toEqual(['§ 1|Val av justerare', '§ 2|Budget']);
  });

  it('keeps the pages an item spans, with letterheads gone', () => {
    const head = (n: number) => `Kommunstyrelsen\tSammanträdesprotokoll\t2023-05-10\tSida ${n} (3)\n`;
    const items = itemsOf(
      pages(
        `${head(1)}Plats och tid\tKommunhuset\n\n§ 1\nVal av justerare\nText.`,
        `${head(2)}Mer text.\n§ 2\nBudget\nText om budget.`,
        `${head(3)}Fortsättning om budget.`,
      ),
    );
    expect(items.map((i) => [i.number, i.pages])).toEqual([
      ['§ 1', [1, 2]],
      ['§ 2', [2, 3]],
    ]);
    expect(items[1]!.text).not.toContain('Sammanträdesprotokoll');
  });
});

describe('provenance', () => {
  it('keeps the PDF pages each item spans (003 item 8 on pages 10–11)', async () => {
    const items = itemsOf(await seedPdfPages('003_5f027efdf8c98c30'));
    expect(items.find((i) => i.number === '8')!.pages).toEqual([10, 11]);
    for (const item of items) expect(item.pages.length).toBeGreaterThan(0);
  });

  it("maps an offset in an item's text to its page", async () => {
    const item = itemsOf(await seedPdfPages('003_5f027efdf8c98c30')).find((i) => i.number === '8')!;
    expect(pageAt(item, 0)).toBe(10);
    expect(pageAt(item, item.text.length - 1)).toBe(11);
  });
});

describe('presenters and municipalities', () => {
  it('finds "X och Y föredrog ärendet" and names after the title, not "**Örebro**, Stefan Nilsson."', () => {
    const items = itemsOf(seedTextPages('001_50d6c6026012b732'));
    expect(items[5]!.presenters).toEqual(['Siv Liedström', 'Lennart Wittberg']);
    expect(items[3]!.presenters).toEqual(['Ingmar Ångman']);
    expect(items[4]!.presenters).toEqual([]);
  });

  it('reads "– Ingmar/Marie" after a title as two presenters, and a role noun as none', () => {
    expect(
      splitTitle('Ny styrgrupp för YAM (Youth aware of mental health) – Ingmar/Marie. Just nu pågår en pilot.'),
    ).toEqual({
      title: 'Ny styrgrupp för YAM (Youth aware of mental health) – Ingmar/Marie',
      text: 'Just nu pågår en pilot.',
    });
    expect(findPresenters('Ny styrgrupp för YAM – Ingmar/Marie', '')).toEqual(['Ingmar', 'Marie']);
    expect(findPresenters('Information', 'Socialchefen informerade om läget.')).toEqual([]);
  });

  it("ends a title at a sentence's full stop, not at an initial's or a closing abbreviation's", () => {
    expect(splitTitle('Motion, Gör Kackurdunten tillgänglig för alla; F. Strang')).toEqual({
      title: 'Motion, Gör Kackurdunten tillgänglig för alla; F. Strang',
      text: '',
    });
    expect(splitTitle('Beslut om ev ersättning till styrelse m fl.').title).toBe(
      'Beslut om ev ersättning till styrelse m fl.',
    );
    expect(splitTitle('Val av ordförande.').title).toBe('Val av ordförande');
    expect(splitTitle('Budget 2024. Nämnden beslutar enligt förslaget.')).toEqual({
      title: 'Budget 2024',
      text: 'Nämnden beslutar enligt förslaget.',
    });
  });

  it('lists the municipalities an item mentions, not the region', () => {
    const items = itemsOf(seedTextPages('001_50d6c6026012b732'));
    expect(items[4]!.municipalities).toEqual(expect.arrayContaining(['Örebro']));
    const plain = itemsOf(pages('1. Rapport\nRegion Örebro län informerade om läget i Örebro län.'));
    expect(plain[0]!.municipalities).toEqual([]);
  });
});
