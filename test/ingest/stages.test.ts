/**
 * The pure text stages on the real seed protocols, and on small inputs in the
 * genre's other shapes (kommun § protocols, dates without a year, no date).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/core/schemas.js';
import { findDecisions } from '../../ingest/decisions.js';
import { extractMetadata, findReportedAbsent, parseSwedishDate } from '../../ingest/metadata.js';
import { findMunicipalities } from '../../ingest/municipalities.js';
import { joinHyphenation, normalisePages, stripMarkup } from '../../ingest/normalise.js';
import { segmentAgendaItems, splitTitle, type SegmentedItem } from '../../ingest/segment.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';

const pages = (...texts: string[]): Page[] => texts.map((text, i) => ({ number: i + 1, text }));
const normalised = (p: Page[]) => normalisePages(p).value;

describe('normalisePages', () => {
  it('joins "Hed-\\nkvist" and "förtroende-\\nvalda" but keeps "hälso- och sjukvård" and "SIP-arbetet"', () => {
    expect(joinHyphenation('Linnea Hed-\nkvist')).toBe('Linnea Hedkvist');
    expect(joinHyphenation('de förtroende-\nvalda')).toBe('de förtroendevalda');
    expect(joinHyphenation('hälso-\noch sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('hälso- och sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('i SIP-\narbetet')).toBe('i SIP-arbetet');
    expect(joinHyphenation('Nära vård-arbetet')).toBe('Nära vård-arbetet');
  });

  it('removes markdown but keeps the words', () => {
    expect(stripMarkup('## **6. Nära vård systemanalys**')).toBe('6. Nära vård systemanalys');
    expect(stripMarkup('se denna [länk](#) och <https://example.se/x>')).toBe('se denna länk och https://example.se/x');
    expect(stripMarkup('Undersökningen *Liv och hälsa ung* visar')).toBe('Undersökningen Liv och hälsa ung visar');
  });

  it('keeps struck-through text out of the searchable text and reports it', () => {
    const { pages: out, struck } = normalised(seedTextPages('001_50d6c6026012b732'));
    const text = out.map((p) => p.text).join('\n');
    expect(text).not.toContain('det saknas samsyn i problemformulering');
    expect(text).not.toMatch(/Madelene Maxe\tLaxå/);
    expect(struck.map((s) => s.text)).toEqual(expect.arrayContaining(['Madelene Maxe', 'Laxå', 'det saknas samsyn i problemformulering och åtgärd']));
  });

  it('removes letterheads repeated inside the text and the address footers, keeping the document header', async () => {
    const text = normalised(seedTextPages('003_5f027efdf8c98c30')).pages[0]!.text;
    expect(text.match(/Tjänsteställe/g)).toHaveLength(1);
    expect(text).toMatch(/^Chefsgrupp för samverkan social välfärd samt vård och omsorg\n/);
    expect(text).toContain('psykisk ohälsa och hjärt- kärlsjukdomar');
    const footers = normalised(seedTextPages('000_fba7a9fba055a2c4')).pages[0]!.text;
    expect(footers).not.toMatch(/POSTADRESS|BESÖKSADRESS|232100-0164|regionen@regionorebrolan\.se/);
    const pdf = normalised(await seedPdfPages('003_5f027efdf8c98c30'));
    expect(pdf.pages.filter((p) => p.text.includes('Tjänsteställe')).map((p) => p.number)).toEqual([1]);
  });

  it('finds a letterhead of another body by its repetition, not by its wording', () => {
    const head = 'Socialnämnden Kumla kommun\nSammanträdesprotokoll\nSida';
    const out = normalised(pages(`${head}\n§ 1 Val av justerare\nAnna Berg utsågs.`, `${head}\n§ 2 Budget\nNämnden beslutar att anta budgeten.`));
    expect(out.pages[0]!.text).toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).not.toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).toContain('Nämnden beslutar att anta budgeten.');
  });
});

describe('extractMetadata', () => {
  it('dates "Fredag den 20 november" from "Justerat den: 2020-11-30", flagged as an inferred year', () => {
    const { value } = extractMetadata(normalised(seedTextPages('000_fba7a9fba055a2c4')).pages);
    expect(value.meetingDate).toBe('2020-11-20');
    expect(value.dateStatus).toBe('inferred-year');
    expect(value.time).toBe('09.00-12.00');
    expect(value.secretary).toBe('Ann-Louise Gustafsson');
    expect(value.chair).toBe('Karin Sundin');
    expect(value.adjuster).toBe('Tom Rymoen');
  });

  it('reads the dates of every shape the genre uses, first day of a multi-day meeting', () => {
    expect(parseSwedishDate('Tid: 13-14 oktober 2022')).toEqual({ year: 2022, month: 10, day: 13 });
    expect(parseSwedishDate('den 4 november 2021')).toEqual({ year: 2021, month: 11, day: 4 });
    expect(parseSwedishDate('4/11 2021')).toEqual({ year: 2021, month: 11, day: 4 });
    expect(parseSwedishDate('Tid, Plats 09:30-12:00, Teams\t2023-02-07')).toEqual({ year: 2023, month: 2, day: 7 });
    expect(parseSwedishDate('Fredag den 20 november kl 09.00')).toEqual({ year: null, month: 11, day: 20 });
    expect(parseSwedishDate('kl 09.30-12.00')).toBeNull();
  });

  it('reads a kommun protocol: body, Sammanträdesdatum, place', () => {
    const { value } = extractMetadata(pages('Socialnämnden\nSammanträdesprotokoll\nSammanträdesdatum 2023-05-10\nPlats och tid: Kommunhuset, Kumla, kl. 13.00-15.30\n\n§ 1 Val av justerare'));
    expect(value).toMatchObject({ body: 'Socialnämnden', docType: 'protokoll', meetingDate: '2023-05-10', dateStatus: 'explicit', place: 'Kommunhuset, Kumla' });
  });

  it('leaves a document without a recognisable date undated and flags it, never guessing', () => {
    const result = extractMetadata(pages('Protokoll styrgrupp äldre\n\n1. Inledning\nMötet öppnades.'));
    expect(result.value.meetingDate).toBeNull();
    expect(result.value.dateStatus).toBe('missing');
    expect(result.warnings.map((w) => w.code)).toContain('date-missing');
  });

  it('counts an attendee reported absent in the text as not present, whatever the list says (PDF)', async () => {
    const { value } = extractMetadata(normalised(await seedPdfPages('001_50d6c6026012b732')).pages);
    const maxe = value.attendees.find((a) => a.name === 'Madelene Maxe')!;
    expect(maxe).toMatchObject({ municipality: 'Laxå', present: false, absence: 'reported-absent' });
    expect(value.municipalitiesPresent).not.toContain('Laxå');
    expect(value.municipalitiesPresent).toContain('Örebro');
  });

  it('keeps Region Örebro län apart from Örebro kommun', () => {
    const { value } = extractMetadata(normalised(seedTextPages('000_fba7a9fba055a2c4')).pages);
    const sundin = value.attendees.find((a) => a.name === 'Karin Sundin')!;
    expect(sundin).toMatchObject({ region: true, municipality: null, role: 'ledamot' });
    expect(value.attendees.find((a) => a.name === 'John Hägglöf')).toMatchObject({ role: 'ersättare', municipality: 'Lekeberg' });
    expect(value.attendees.find((a) => a.name === 'Sara Maxe')).toMatchObject({ role: 'övrig', note: 'punkt 6' });
  });

  it('reads absence in all its wordings', () => {
    expect(findReportedAbsent('Madelene Maxe, Katrin Eriksson och Patrik Jonsson har anmält\nfrånvaro. Karin Haster har anmält sen ankomst.')).toEqual(['Madelene Maxe', 'Katrin Eriksson', 'Patrik Jonsson']);
    expect(findReportedAbsent('Martin Gunnarsson och Lise Bergman Nordgren har utevaro.')).toEqual(['Martin Gunnarsson', 'Lise Bergman Nordgren']);
    expect(findReportedAbsent('Deltog inte idag: Monika, Katarina och Marina.')).toEqual(['Monika', 'Katarina', 'Marina']);
  });
});

describe('findMunicipalities', () => {
  it('finds kommuner with genitives but not the region or the county', () => {
    expect(findMunicipalities('Pilot mellan psykiatri och Karlskoga kommun; Karlskogas ungdomsråd')).toEqual(['Karlskoga']);
    expect(findMunicipalities('Region Örebro län och Örebro läns landsting')).toEqual([]);
    expect(findMunicipalities('Örebro kommun och Laxå')).toEqual(['Laxå', 'Örebro']);
  });
});

describe('segmentAgendaItems', () => {
  it('keeps numbered lists inside an item: remissvar 1–7 stay in item 9 (2024)', () => {
    const items = segmentAgendaItems(normalised(seedTextPages('001_50d6c6026012b732')).pages).value;
    expect(items.map((i) => i.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    expect(items[8]!.text).toContain('7. Kostnad för nämnd, MTP');
  });

  it('keeps dates such as "17 mars (fysiskt möte)" inside the item about meeting dates', () => {
    const items = segmentAgendaItems(normalised(seedTextPages('003_5f027efdf8c98c30')).pages).value;
    expect(items.find((i) => i.number === '12')!.text).toContain('17 mars');
    expect(items).toHaveLength(13);
  });

  it('accepts "12 Driv och hinder" without a dot after a gap in the numbering', () => {
    const items = segmentAgendaItems(normalised(seedTextPages('002_dd3eb397fa6549bb')).pages).value;
    expect(items.at(-1)).toMatchObject({ number: '12', title: 'Driv och hinder under dagens möte' });
  });

  it('finds the unnumbered first items of a PDF that lost its bullets', async () => {
    const items = segmentAgendaItems(normalised(await seedPdfPages('004_1652b9c4fdf6c7f8')).pages).value;
    expect(items.slice(0, 3).map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Föregående protokoll',
      '2 Avstämning - Barn i behov av sammansatt stöd',
      '3 LPO barn och ungdomars hälsa – Annelie',
    ]);
  });

  it('keeps the PDF pages each item spans', async () => {
    const items = segmentAgendaItems(normalised(await seedPdfPages('003_5f027efdf8c98c30')).pages).value;
    expect(items.find((i) => i.number === '8')!.pages).toEqual([10, 11]);
  });

  it('reads the paragraph style of kommun boards, where a cited § of another body is a reference', () => {
    const text = [
      'Kommunstyrelsen', 'Sammanträdesdatum 2023-05-10', '',
      'KS § 3 a Val av justerare', 'Anna Berg utses att justera protokollet.', '',
      'KS § 3 b Budget 2024', 'Ärendet har beretts, se KU § 317 06-12-05.', 'KS § 12/2023 gäller fortfarande.', '',
      'KS § 4 Samverkan om psykisk hälsa', 'Kommunstyrelsen beslutar att ställa sig bakom planen.',
    ].join('\n');
    const items = segmentAgendaItems(pages(text)).value;
    expect(items.map((i) => `${i.number}|${i.title}`)).toEqual(['KS § 3 a|Val av justerare', 'KS § 3 b|Budget 2024', 'KS § 4|Samverkan om psykisk hälsa']);
  });

  it('finds presenters in "X föredrog ärendet" and after the title, not in "**Örebro**, Stefan Nilsson."', () => {
    const items = segmentAgendaItems(normalised(seedTextPages('001_50d6c6026012b732')).pages).value;
    expect(items[5]!.presenters).toEqual(['Siv Liedström', 'Lennart Wittberg']);
    expect(items[4]!.presenters).toEqual([]);
    expect(splitTitle('Ny styrgrupp för YAM (Youth aware of mental health) – Ingmar/Marie. Just nu pågår en pilot.')).toEqual({
      title: 'Ny styrgrupp för YAM (Youth aware of mental health) – Ingmar/Marie',
      text: 'Just nu pågår en pilot.',
    });
  });
});

describe('findDecisions', () => {
  const item = (text: string): SegmentedItem => ({ ordinal: 0, number: '1', title: 't', text, pages: [1], presenters: [], municipalities: [] });
  const kinds = (text: string, body = 'Chefsgrupp folkhälsa') => findDecisions(item(text), { body }).value.map((d) => d.kind);

  it('takes a "Beslut:" block with its list as one substantive decision', () => {
    const [d] = findDecisions(item('Bakgrund.\n\nBeslut: Chefsgruppen beslutar att:\n\n- Anta uppdragsbeskrivningen.\n- Välja in Malin.')).value;
    expect(d).toMatchObject({ kind: 'substantive' });
    expect(d!.text).toContain('Välja in Malin');
  });

  it('marks routine procedure apart from substantive decisions', () => {
    expect(kinds('Dagordningen godkändes.')).toEqual(['routine']);
    expect(kinds('Protokollet från föregående möte godkändes och lades till handlingarna.')).toEqual(['routine']);
    expect(kinds('Tom Rymoen utsågs till justerare.')).toEqual(['routine']);
    expect(kinds('Chefsgruppen ställer sig positiva till ett pilotprojekt.')).toEqual(['substantive']);
  });

  it('does not count earlier, future or other bodies\' decisions', () => {
    expect(kinds('Chefsgruppen har tidigare beslutat att återupprätta styrgruppen.')).toEqual([]);
    expect(kinds('Beslut tas vid nästa chefsgruppmöte den 8 december')).toEqual([]);
    expect(kinds('Linnea informerade om att regionstyrelsen vid möte den 31 augusti beslutade att ansöka om medlemskap.')).toEqual([]);
    expect(kinds('Tre kommuner varslar om att de inte kan ställa sig bakom delar av förslagen.')).toEqual([]);
    expect(kinds('Förslag till beslut: Nämnden föreslås anta planen.')).toEqual([]);
  });

  it('knows the body holding the meeting by name ("Specifika samverkansrådet beslutar")', () => {
    expect(kinds('Specifika samverkansrådet beslutar att fastställa mötestiderna för 2021.', 'Specifika samverkansrådet för social välfärd')).toEqual(['substantive']);
    expect(kinds('Socialnämnden beslutar att bifalla ansökan.', 'Socialnämnden')).toEqual(['substantive']);
  });
});
