/**
 * Reading Swedish protocols as a person does, shape by shape: meeting dates in
 * every convention (and the body-text dates that are not the meeting's), body
 * and organisation, and agenda items in every § convention (and the
 * cross-references, lists, attachments and tables of contents that are not
 * items). Text fixtures go through the whole pure pipeline (processPages); PDF
 * fixtures, made with pdfkit, through ingestFile.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/schemas.js';
import { ingestFile, processPages } from '../../ingest/pipeline.js';
import { readOcrHeading } from '../../ingest/stages/layout/index.js';
import { extractPages } from '../../ingest/stages/extract.js';
import { makePdf } from '../helpers/pdfs.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';
import { realDir } from '../helpers/real.js';
import { realPages, textPages as pages, through } from '../helpers/stages.js';

/** The layout's decisions and reading text, through the production wiring (normalise, redact, layout). */
const laidOut = (p: readonly Page[]) => through(p, 'layout').draft.layout!;
const allText = (p: readonly Page[]) =>
  laidOut(p)
    .pages.map((x) => x.text)
    .join('\n');
const run = (...texts: string[]) => processPages(pages(...texts));
const heads = (...texts: string[]) => run(...texts).items.map((i) => `${i.number}|${i.title}`);
/** The items' titles of a text written as lines. */
const titles = (...lines: string[]) => run(lines.join('\n')).items.map((i) => i.title);

/** A kommun protocol PDF: a cover form table, then one § per page under a running header with the date. */
async function kommunPdf(
  options: { coverBody?: string; coverDate?: string; headerDate?: string; items?: string[] } = {},
) {
  const items = options.items ?? ['Val av justerare', 'Budgetuppföljning', 'Motion om cykelbanor'];
  return makePdf(
    (doc) => {
      doc.fontSize(14).text('KARLSKOGA KOMMUN', 72, 60);
      doc.fontSize(11);
      const rows: [string, string][] = [
        ['Organ', options.coverBody ?? 'Socialnämnden'],
        ['Sammanträdesdatum', options.coverDate ?? '2010-05-04'],
        ['Plats och tid', 'Stadshuset, tisdag 4 maj 2010, kl 13.00'],
        ['Utses att justera', 'Anna Berg'],
        ['Justeringens tid', '2010-05-11'],
      ];
      rows.forEach(([label, value], i) => {
        doc.text(label, 72, 140 + i * 20).text(value, 230, 140 + i * 20);
      });
      doc.text('Anslaget publiceras 2010-05-12 och tas ned 2010-06-03.', 72, 300);
      items.forEach((title, i) => {
        doc.addPage();
        doc
          .fontSize(9)
          .text('Socialnämnden', 72, 40)
          .text(`Sammanträdesdatum ${options.headerDate ?? '2010-05-04'}`, 250, 40)
          .text(`Sida ${i + 2}`, 480, 40);
        doc.fontSize(12).text(`§ ${41 + i}    Dnr SN 2010/${100 + i}`, 72, 110);
        doc.text(title, 72, 130);
        doc
          .fontSize(11)
          .text(
            `Ärendet gäller ${title.toLowerCase()}. Kommunstyrelsen 14.3.2009, 57 § beslutade om riktlinjer.`,
            72,
            160,
          );
        doc.text('KS § 212 2009-05-06 gäller fortfarande. Avtalet gäller till 2014-12-31.', 72, 180);
        doc.text('Beslut', 72, 210).text('Nämnden beslutar enligt förslaget.', 72, 228);
        doc.fontSize(9).text('Justerandes sign', 72, 780).text('Utdragsbestyrkande', 400, 780);
      });
    },
    { margin: 20 },
  );
}

async function ingestPdf(pdf: Buffer) {
  const result = await ingestFile(new Uint8Array(pdf), 'kommun.pdf');
  if (!result.ok) throw new Error(result.failure.reason);
  return result;
}

describe('meeting dates', () => {
  it.each([
    ['Tid: onsdag 3 maj 2017 kl 13.00', '2017-05-03'],
    ['Plats och tid: Kommunhuset, torsdagen den 12 mars 2015 kl 13.00-16.30', '2015-03-12'],
    ['Tid: den 5 november 2019 kl. 13:00', '2019-11-05'],
    ['DATUM: 2021-09-14', '2021-09-14'],
    ['Datum: 2015-03-12', '2015-03-12'],
    ['Datum: 20150312', '2015-03-12'],
    ['Sammanträdestid: 3.4.2019 kl. 18.00', '2019-04-03'],
    ['Sammanträdesdatum 14.06.2022', '2022-06-14'],
    ['Tid: 4/5 2010 kl 09.00', '2010-05-04'],
  ])('reads "%s" as %s from its label', (line, date) => {
    const { meta } = run(`Protokoll Socialnämnden\n${line}\n\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.`);
    expect(meta).toMatchObject({ meetingDate: date, dateSource: 'label' });
  });

  it('reads "Sammanträdesdatum" with the date in the next column of a form table (PDF)', async () => {
    const { protocol } = await ingestPdf(await kommunPdf());
    expect(protocol).toMatchObject({ meetingDate: '2010-05-04', dateSource: 'label' });
  });

  it('dates a protocol from its running header when the head has no date', async () => {
    const pdf = await makePdf((doc) => {
      for (let p = 0; p < 3; p++) {
        if (p > 0) doc.addPage();
        doc
          .fontSize(9)
          .text('Protokoll', 72, 40)
          .text(`${40 + p} §`, 200, 40)
          .text('26.09.2022', 300, 40)
          .text(`Sida ${p + 1}`, 480, 40);
        doc.fontSize(9).text('Tekniska nämnden', 72, 54);
        doc.fontSize(12).text(`${40 + p} § Ärende nummer ${p + 1}`, 72, 120);
        doc.fontSize(11).text('Nämnden beslutar enligt förslaget. Protokollet justeras senast 3.10.2022.', 72, 150);
      }
    });
    const { protocol } = await ingestPdf(pdf);
    expect(protocol).toMatchObject({ meetingDate: '2022-09-26', dateSource: 'header', body: 'Tekniska nämnden' });
  });

  it('dates a text file paged by form feeds from its running header', () => {
    const header = (n: number) => `Miljönämnden\tSammanträdesdatum 2018-10-23\tSida ${n}`;
    const { meta } = processPages(
      [1, 2, 3].map((n) => ({
        number: n,
        text: `${header(n)}\n\n§ ${n + 10} Ärende ${n}\nNämnden beslutar att godkänna förslaget.`,
      })),
    );
    expect(meta).toMatchObject({ meetingDate: '2018-10-23', dateSource: 'header', body: 'Miljönämnden' });
  });

  it('leaves the date out, with a warning, when the label and the running header disagree', async () => {
    const { protocol, warnings } = await ingestPdf(
      await kommunPdf({ coverDate: '2010-05-04', headerDate: '2010-05-18' }),
    );
    expect(protocol.meetingDate).toBeNull();
    expect(warnings.map((w) => w.code)).toContain('date-conflict');
  });

  it('reads the date after a cover page and a summary page, not the contract date of the summary', () => {
    const { meta } = run(
      'Region Värmland\nStyrelsen',
      'Sammanfattning\nStyrelsen godkände avtalet som gäller till 2024-12-31.',
      'Protokoll Styrelsen\nDatum: 2021-09-14\n\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.',
    );
    expect(meta.meetingDate).toBe('2021-09-14');
  });

  it('takes an unlabelled date at the top of the head, but not one in running text', () => {
    expect(
      run('Årsmöte - Föreningen Vård\nSekreterare: Anna Berg\n2013-01-08\n\n1 Mötets öppnande\nText.').meta,
    ).toMatchObject({ meetingDate: '2013-01-08', dateSource: 'head' });
    expect(
      run('Anteckningar\nGruppen diskuterade hur arbetet ska fortsätta efter den 2024-12-31 och vad som då gäller.')
        .meta.meetingDate,
    ).toBeNull();
  });

  it('does not take a print date in the head for the meeting date', () => {
    expect(
      run('Protokoll Socialnämnden\nUtskriftsdatum 2020-05-25\n\n§ 1 Öppnande\nText.').meta.meetingDate,
    ).toBeNull();
  });

  it('never takes the justering, anslag, next-meeting, deadline or contract date for the meeting date', () => {
    const { meta, warnings } = run(
      'Protokoll Omsorgsnämnden\nJusteras senast 2020-05-20\nAnslaget 2020-05-21\nNästa möte 2020-06-10\n\n§ 1 Avtal\nAvtalet gäller till 2024-12-31. Svar senast 2020-08-01.',
    );
    expect(meta.meetingDate).toBeNull();
    expect(warnings.map((w) => w.code)).toContain('date-missing');
  });
});

describe('body and organisation', () => {
  it.each([
    ['SAMMANTRÄDESPROTOKOLL Omsorgsnämnden\nDatum: 2020-01-01', 'Omsorgsnämnden'],
    ['Protokoll Socialnämnden\nDatum: 2020-01-01', 'Socialnämnden'],
    ['Nämnd/styrelse: Kultur- och fritidsnämnden\nDatum: 2020-01-01', 'Kultur- och fritidsnämnden'],
    ['Protokoll\nStyrelsen\nDatum: 2020-01-01', 'Styrelsen'],
    ['Protokoll fört vid sammanträde med kommunstyrelsen\nDatum: 2020-01-01', 'Kommunstyrelsen'],
    ['Protokoll från sammanträde i Barn- och utbildningsnämnden\nDatum: 2020-01-01', 'Barn- och utbildningsnämnden'],
  ])('reads the body of "%s"', (head, body) => {
    expect(run(`${head}\n\n§ 1 Mötets öppnande\nText.`).meta.body).toBe(body);
  });

  it('reads the place from "Sammanträdesplats" and from "Plats och tid" without the date', () => {
    expect(
      run('Protokoll Välfärdsnämnden\nSammanträdesplats\tStadshuset, stadsstyrelsens rum\n\n1 § Öppnande\nText.').meta
        .place,
    ).toBe('Stadshuset, stadsstyrelsens rum');
    expect(
      run(
        'Protokoll Socialnämnden\nPlats och tid\tKommunhuset, torsdagen den 12 mars 2015 kl 13.00-16.30\n\n§ 1 Öppnande\nText.',
      ).meta,
    ).toMatchObject({ place: 'Kommunhuset', meetingDate: '2015-03-12', time: '13.00-16.30' });
  });

  it('reads body and organisation from a letterhead "KARLSKOGA KOMMUN Kommunstyrelsen"', () => {
    const { meta } = run(
      'KARLSKOGA KOMMUN Kommunstyrelsen\nSammanträdesdatum 2019-05-06\n\n§ 1 Mötets öppnande\nText.',
    );
    expect(meta).toMatchObject({ body: 'Kommunstyrelsen', organisation: 'Karlskoga kommun' });
  });

  it('reads "Årsmöte - Python Sverige" as the body and whose it is', () => {
    expect(run('Årsmöte - Python Sverige\n2013-01-08\n\n1 Mötets öppnande\nText.').meta).toMatchObject({
      body: 'Årsmöte',
      organisation: 'Python Sverige',
    });
  });

  it("reads an association's meeting named in prose, as other associations write it (Amnesty, Piratpartiet, Ung Pirat, scoutkårer, hembygdsföreningar)", () => {
    const meta = (head: string) => {
      const m = run(`${head}\n2015-02-26\n\n1. Mötets öppnande\nText.`).meta;
      return [m.body, m.organisation];
    };
    expect(meta('Årsmöte för Ung Pirat Södertälje')).toEqual(['Årsmöte', 'Ung Pirat Södertälje']);
    expect(meta('Styrelsemöte med Falkens scoutkår.')).toEqual(['Styrelsemöte', 'Falkens scoutkår']);
    expect(
      meta('Protokoll fört vid styrelsemöte för Adelsö Hembygdslag torsdagen den 26 februari 2015 kl i Uppgården'),
    ).toEqual(['Styrelsemöte', 'Adelsö Hembygdslag']);
    expect(meta('Styrelsemöte fört med Föreningen ”Vår Bygd 1891”')).toEqual([
      'Styrelsemöte',
      'Föreningen Vår Bygd 1891',
    ]);
    expect(
      meta('Protokoll fört vid konstituerande styrelsemöte med Svenska Bridgeförbundets styrelse den 12 oktober 2019'),
    ).toEqual(['Styrelsemöte', 'Svenska Bridgeförbundet']);
    expect(
      meta('Styrelsemötesprotokoll 3-4 mars 2012\n\nProtokoll fört vid möte med Piratpartiets styrelse 3-4 mars 2012'),
    ).toEqual(['Styrelsemöte', 'Piratpartiet']);
    expect(meta('ÅRSMÖTESPROTOKOLL Datum: 2023-04-20')).toEqual(['Årsmöte', null]);
    // The board's minutes and an assembly's by their document's name (Medelpads Hembygdsförbund, Scouterna).
    expect(meta('Styrelseprotokoll 2014-10-30\n\nMedelpads Hembygdsförbund')[0]).toBe('Styrelsemöte');
    expect(meta('Föreningsstämmoprotokoll Datum: 2023-04-20')).toEqual(['Föreningsstämma', null]);
    // How a body met is no kind of meeting, and a body that met is no association (Region Värmland's minutes).
    expect(meta('Värmlandsrådet 24 september 2021\n\nWebbmöte med Värmlandsrådet')).toEqual(['Värmlandsrådet', null]);
    expect(meta('Styrelsemöte med Värmlandsrådets arbetsutskott')[1]).toBeNull();
    // Where the meeting is held is not whose it is; an owner in lower case ("för. ”…”") is none.
    expect(meta('Protokoll från styrelsemöte i Stöde hembygdsgård 2014-10-30')[1]).toBeNull();
    // After "i" an association is whose the meeting is; a town is where.
    expect(meta('Protokoll fört vid styrelsemöte i Föreningen Ekbackens vänner')).toEqual([
      'Styrelsemöte',
      'Föreningen Ekbackens vänner',
    ]);
    expect(meta('Årsmöte i Kumla IF')).toEqual(['Årsmöte', 'Kumla IF']);
    expect(meta('Årsmöte i Uppsala')[1]).toBeNull();
    expect(meta('Årsmöte i Föreningshuset')[1]).toBeNull();
    // The association right after the meeting, without a word between.
    expect(meta('Styrelsemöte Hembygdsföreningen Gamla Byn')).toEqual(['Styrelsemöte', 'Hembygdsföreningen Gamla Byn']);
    expect(meta('Styrelsemöte Anna Berg')[1]).toBeNull();
  });

  it('reads the region as the organisation', () => {
    expect(
      run('Region Örebro län\nProtokoll Styrelsen\nDatum: 2020-01-01\n\n§ 1 Öppnande\nText.').meta.organisation,
    ).toBe('Region Örebro län');
  });

  it('takes the body from the running header when the cover is garbled, with a warning', async () => {
    const { protocol, warnings } = await ingestPdf(await kommunPdf({ coverBody: 'Socinlnämnrden' }));
    expect(protocol).toMatchObject({ body: 'Socialnämnden', organisation: 'Karlskoga kommun' });
    expect(warnings.map((w) => w.code)).toContain('body-variants');
  });
});

describe('agenda items', () => {
  it.each([
    ['§ 12 Budget\nText.\n§ 13 Motion\nText.', ['§ 12|Budget', '§ 13|Motion']],
    ['KS § 3 a Budget\nText.\nKS § 3 b Motion\nText.', ['KS § 3 a|Budget', 'KS § 3 b|Motion']],
    ['§3a Budget\nText.\n§3b Motion\nText.', ['§ 3 a|Budget', '§ 3 b|Motion']],
    ['§1. Öppnande\nText.\n§2. Budget\nText.', ['§ 1|Öppnande', '§ 2|Budget']],
    ['12 § Budget\nText.\n13 § Motion\nText.', ['12 §|Budget', '13 §|Motion']],
    ['1§ Öppnande\nText.\n2§ Budget\nText.', ['1 §|Öppnande', '2 §|Budget']],
    ['Punkt 1 Öppnande\nText.\nPunkt 2 Budget\nText.', ['1|Öppnande', '2|Budget']],
    ['Ärende 1 Öppnande\nText.\nÄrende 2 Budget\nText.', ['1|Öppnande', '2|Budget']],
    ['1. Öppnande\nText.\n2. Budget\nText.', ['1|Öppnande', '2|Budget']],
  ])('reads the items of "%s"', (body, expected) => {
    expect(heads(`Protokoll Socialnämnden\nDatum: 2020-01-01\n\n${body}`)).toEqual(expected);
  });

  it('takes the title after a § line with a diarienummer, without the case number', () => {
    expect(
      heads(
        'Protokoll Socialnämnden\n\n§ 46 Dnr SN 2023/112\nRiktlinjer för hemtjänst\nText.\n§ 47 Dnr SN 2023/140\nBudget 2024\nText.',
      ),
    ).toEqual(['§ 46|Riktlinjer för hemtjänst', '§ 47|Budget 2024']);
  });

  it('does not take cross-references to other decisions for items', () => {
    const got = heads(
      'Protokoll Kommunstyrelsen\nParagrafer 1-12\nÄrenden §§ 101–118\n\n§ 101 Budget\nKS § 212 2019-05-06\nKommunstyrelsen 14.3.2021, 57 §\n§ 102 Motion\nText.',
    );
    expect(got).toEqual(['§ 101|Budget', '§ 102|Motion']);
  });

  it('keeps a numbered list inside an item', () => {
    expect(
      heads(
        'Protokoll Styrelsen\n\n1. Öppnande\nText.\n2. Verksamhetsplan\nPlanen har tre delar:\n1. Vård\n2. Skola\n3. Omsorg\n3. Avslutning\nText.',
      ),
    ).toEqual(['1|Öppnande', '2|Verksamhetsplan', '3|Avslutning']);
  });

  it('does not take the § numbers of attached statutes for items', () => {
    const got = heads(
      'Protokoll Årsmöte\n\n§ 1 Öppnande\nText.\n§ 2 Stadgar\nÅrsmötet antog stadgarna.\n\nBilaga Stadgar\n§ 1 Namn\nFöreningens namn.\n§ 2 Ändamål\nFöreningen verkar för.',
    );
    expect(got).toEqual(['§ 1|Öppnande', '§ 2|Stadgar']);
  });

  it('does not take the numbers of an attached negotiation protocol that run on for items', () => {
    const got = heads(
      'Protokoll Personalutskottet\n\n§ 1 Öppnande\nText.\n§ 2 Löneöversyn\nUtskottet godkände avtalet.\n\nBilaga Förhandlingsprotokoll\n§ 4 Parter\nArbetsgivaren och förbundet.\n§ 5 Avtal\nParterna är överens.',
    );
    expect(got).toEqual(['§ 1|Öppnande', '§ 2|Löneöversyn']);
  });

  it('joins a larger-set heading wrapped onto a second line in a PDF', async () => {
    const pdf = await makePdf((doc) => {
      doc.fontSize(16).text('Årsmöte - Föreningen Vård', 72, 60);
      doc.fontSize(10).text('Datum: 2013-01-08', 72, 90);
      doc.fontSize(14).text('1 Mötets öppnande', 72, 130);
      doc
        .fontSize(10)
        .text('Mötet öppnades av ordföranden, som hälsade alla medlemmar välkomna till årets möte.', 72, 152);
      doc
        .fontSize(14)
        .text('2 Beslut om eventuella regler och belopp för', 72, 190)
        .text('nästkommande års medlemsavgift', 72, 207);
      doc
        .fontSize(10)
        .text('Avgiften fastställdes till samma belopp som föregående år efter en kort diskussion.', 72, 232);
      doc.fontSize(14).text('3 Mötets avslutande', 72, 270);
      doc.fontSize(10).text('Mötet avslutades.', 72, 292);
    });
    const { items } = await ingestPdf(pdf);
    expect(items.map((i) => i.title)).toEqual([
      'Mötets öppnande',
      'Beslut om eventuella regler och belopp för nästkommande års medlemsavgift',
      'Mötets avslutande',
    ]);
  });

  it('does not let the item number repeated atop its next page ("KS § 41") swallow the next item', () => {
    expect(
      heads('Protokoll Kommunstyrelsen\n\n§ 41 Budget\nText.', 'KS § 41\nMer text om budgeten.', '§ 42 Motion\nText.'),
    ).toEqual(['§ 41|Budget', '§ 42|Motion']);
  });

  it('reads an agenda list of number, title and page cells as a table of contents, not as items', () => {
    const got = heads(
      'Protokoll Kommunstyrelsen\nDatum: 2020-01-01\nÄrendelista\n§ 41\tBudget 2021\t3\n§ 42\tMotion om cykelbanor\t4\n§ 43\tVal av ombud\t5',
      '§ 41 Budget 2021\nText.',
      '§ 42 Motion om cykelbanor\nText.',
      '§ 43 Val av ombud\nText.',
    );
    expect(got).toEqual(['§ 41|Budget 2021', '§ 42|Motion om cykelbanor', '§ 43|Val av ombud']);
  });

  it('keeps a dot-leader table of an item in its text', () => {
    const { items } = run(
      'Protokoll Socialnämnden\n\n§ 1 Budget\nIntäkter ........ 1200\nKostnader ........ 1100\n§ 2 Motion\nText.',
    );
    expect(items[0]!.text).toContain('Kostnader ........ 1100');
  });

  it('reads the table of contents as titles and not as items', () => {
    const toc =
      'Ärenden\n39 § Sammanträdets laglighet och beslutförhet ........ 1\n40 § Val av protokolljusterare ........ 2';
    const got = heads(
      'Protokoll Välfärdsnämnden',
      toc,
      '39 § Sammanträdets laglighet och beslutfrhet\nText.',
      '40 § Val av protokolljusterare\nText.',
    );
    expect(got).toEqual(['39 §|Sammanträdets laglighet och beslutförhet', '40 §|Val av protokolljusterare']);
  });

  it('reads § items of a kommun PDF with running headers and footers, keeping their pages', async () => {
    const { items, protocol } = await ingestPdf(await kommunPdf());
    expect(items.map((i) => `${i.itemNumber}|${i.title}|${i.pages.join(',')}`)).toEqual([
      '§ 41|Val av justerare|2',
      '§ 42|Budgetuppföljning|3',
      '§ 43|Motion om cykelbanor|4',
    ]);
    expect(items[0]!.text).not.toMatch(/Justerandes sign|Utdragsbestyrkande|Sida \d/);
    expect(protocol).toMatchObject({
      body: 'Socialnämnden',
      meetingDate: '2010-05-04',
      place: 'Stadshuset',
      time: '13.00',
    });
  });

  it('finds unnumbered items by their heading style in a PDF', async () => {
    const pdf = await makePdf((doc) => {
      doc.fontSize(22).text('Styrelsemöte - Föreningen Vård', 72, 60);
      doc.fontSize(10).text('Datum: 2013-01-21', 72, 100);
      let y = 130;
      for (const title of ['Mötets öppnande', 'Ekonomi', 'Lokal och mat', 'Övriga frågor']) {
        doc.fontSize(14).text(title, 72, y);
        doc.fontSize(10).text('Styrelsen diskuterade frågan och beslutade att gå vidare.', 72, y + 22);
        if (title === 'Övriga frågor')
          doc
            .fontSize(10)
            .text('Biljettpris', 72, y + 40)
            .text('Det beslutades att vänta.', 72, y + 56);
        y += 80;
      }
    });
    const { items, protocol } = await ingestPdf(pdf);
    expect(items.map((i) => i.title)).toEqual(['Mötets öppnande', 'Ekonomi', 'Lokal och mat', 'Övriga frågor']);
    expect(items.at(-1)!.text).toContain('Biljettpris');
    expect(protocol).toMatchObject({
      body: 'Styrelsemöte',
      organisation: 'Föreningen Vård',
      meetingDate: '2013-01-21',
    });
  });

  /** Minnesanteckningar as a working group writes them in a text file: headings without numbers over paragraphs. */
  const UNNUMBERED_NOTES = [
    'Minnesanteckningar',
    'Chefsgruppen för hälsa, vård och omsorg',
    'Datum: 2023-05-12',
    'Närvarande: Anna Berg, Per Ek, Karin Sjö',
    '',
    'Föregående minnesanteckningar',
    'Minnesanteckningarna från den 14 april lades till handlingarna.',
    '',
    'Hälso- och sjukvård i hemmet',
    'Per Ek redogjorde för överenskommelsen. Chefsgruppen beslutade att ställa sig bakom förslaget.',
    'Bakgrund',
    'Överenskommelsen gäller från 2024.',
    '',
    'Suicidprevention',
    '',
    'Karin Sjö återkommer med en tidplan till nästa möte.',
    '',
    'Vid protokollet',
    '',
    'Lisa Holm',
  ].join('\n');

  it("finds unnumbered items by their shape in a text file: a short line over a paragraph, not the head's title or an item's own label", () => {
    const { items, meta } = run(UNNUMBERED_NOTES);
    expect(items.map((i) => i.title)).toEqual([
      'Föregående minnesanteckningar',
      'Hälso- och sjukvård i hemmet',
      'Suicidprevention',
    ]);
    expect(items[1]!.text).toContain('Överenskommelsen gäller från 2024.');
    // The head ends where the first item starts: its list of those present stops there.
    expect(meta.attendees.map((a) => a.name)).toEqual(['Anna Berg', 'Per Ek', 'Karin Sjö']);
    expect(meta).toMatchObject({ body: 'Chefsgruppen för hälsa vård och omsorg', meetingDate: '2023-05-12' });
  });

  it('reads the headings of a markdown file the same way once their marks are gone', () => {
    const markdown = UNNUMBERED_NOTES.replace(/^Minnesanteckningar$/m, '# Minnesanteckningar').replace(
      /^(Föregående minnesanteckningar|Hälso- och sjukvård i hemmet|Suicidprevention)$/gm,
      '## $1',
    );
    expect(titles(markdown)).toEqual([
      'Föregående minnesanteckningar',
      'Hälso- och sjukvård i hemmet',
      'Suicidprevention',
    ]);
  });

  it('takes a heading over a list of points or with a named day, and no told sentence without its full stop', () => {
    const found = titles(
      'Minnesanteckningar',
      'Chefsgrupp folkhälsa',
      'Datum: 2021-11-04',
      '',
      'Processtöd suicidprevention',
      'Johanna Carlsson föredrog ärendet',
      'Arbetet med det regionala processtödet fortsätter under våren.',
      '',
      'Uppföljningsdag 17 december 2021',
      'Dagen hålls digitalt och alla kommuner bjuds in.',
      '',
      'Förslag mötestider 2022',
      '- 5 februari kl 9-12',
      '- 21 maj kl 13-16',
    );
    expect(found).toEqual([
      'Processtöd suicidprevention',
      'Uppföljningsdag 17 december 2021',
      'Förslag mötestider 2022',
    ]);
  });

  it("takes no head field, title or running header for an unnumbered item's heading", () => {
    const notes = [
      'Mötesprotokoll 2018-05-26',
      '',
      'Det här är ett protokoll för föreningen. Vid frågor kontakta sekreteraren.',
      '',
      'Tid',
      'Lördag 26 maj 2018 klockan 10.30 på kontoret.',
      'Närvarande',
      'Anna Berg, Per Ek',
      '',
      'Mötets öppnande',
      '',
      ' • Mötet öppnades.',
      '',
      'Val av justerare',
      '',
      ' • Per Ek valdes.',
    ].join('\n');
    const { items, meta } = run(notes);
    expect(items.map((i) => i.title)).toEqual(['Mötets öppnande', 'Val av justerare']);
    expect(meta.meetingDate).toBe('2018-05-26');
  });
});

describe('the layout of a PDF', () => {
  it('folds page numbers such as "1(3)" and "Sida 2" out of the reading text, and keeps the signature furniture out', async () => {
    const pdf = await makePdf(
      (doc) => {
        for (let p = 1; p <= 3; p++) {
          if (p > 1) doc.addPage();
          doc.fontSize(9).text(`${p}(3)`, 500, 30);
          doc
            .fontSize(11)
            .text(`§ ${p} Ärende ${p}`, 72, 150)
            .text('Nämnden beslutar att godkänna förslaget.', 72, 170);
          doc.fontSize(9).text('Justerandes sign', 72, 790).text(`Sida ${p}`, 480, 790);
        }
      },
      { margin: 20 },
    );
    const extracted = await extractPages(new Uint8Array(pdf), 'p.pdf');
    if (!extracted.ok) throw new Error(extracted.reason);
    const layout = laidOut(extracted.pages);
    const text = layout.pages.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/\(3\)|Sida \d|Justerandes sign/);
    expect(layout.headings.map((h) => `${h.number}|${h.rest}|${h.page}`)).toEqual([
      '§ 1|Ärende 1|1',
      '§ 2|Ärende 2|2',
      '§ 3|Ärende 3|3',
    ]);
  });

  it('reads a cover form table as label → value pairs, running headers apart from the text, and the head up to § 41', async () => {
    const extracted = await extractPages(new Uint8Array(await kommunPdf()), 'k.pdf');
    if (!extracted.ok) throw new Error(extracted.reason);
    const layout = laidOut(extracted.pages);
    expect(layout.fields).toEqual(
      expect.arrayContaining([
        { label: 'Organ', value: 'Socialnämnden', page: 1 },
        { label: 'Plats och tid', value: 'Stadshuset, tisdag 4 maj 2010, kl 13.00', page: 1 },
      ]),
    );
    expect(layout.running.filter((r) => r.top).map((r) => r.page)).toEqual([2, 3, 4]);
    expect(layout.pages[1]!.text).not.toContain('Sammanträdesdatum');
    const lines = layout.pages.flatMap((p) => p.text.split('\n'));
    expect(lines[layout.headLines]).toMatch(/^§ 41/);
    expect(layout.headings.map((h) => h.number)).toEqual(['§ 41', '§ 42', '§ 43']);
  });
});

describe('the layout of the real development protocols', () => {
  it('reads the Nykarleby meeting-system export: running headers, the cover form, headings 39–49 § and the head before them', async () => {
    const layout = laidOut(await realPages('002_nykarleby-valfardsnamnden-2022-09-15.pdf'));
    expect(layout.headingsBy).toBe('number');
    expect(layout.headings.map((h) => h.number)).toEqual(
      [39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49].map((n) => `${n} §`),
    );
    expect(layout.running.some((r) => r.top && /^Protokoll \| 39 § \| 15\.09\.2022/.test(r.text))).toBe(true);
    expect(layout.fields).toEqual(expect.arrayContaining([{ label: 'Organ', value: 'Välfärdsnämnden', page: 1 }]));
    const lines = layout.pages.flatMap((p) => p.text.split('\n'));
    expect(layout.headLines).toBe(layout.headings[0]!.line);
    expect(lines.slice(0, layout.headLines).join('\n')).toMatch(/Beslutande/);
    expect(lines.slice(0, layout.headLines).join('\n')).not.toMatch(/^\d+ §/m);
    // The garbled cover spells a heading "beslutfrhet"; the table of contents gives it back.
    expect(layout.headings[0]!.tocTitle).toBe('Sammanträdets laglighet och beslutförhet');
  });

  it('tells the headings of an unnumbered protocol by their style (Python Sverige styrelsemöte)', async () => {
    const layout = laidOut(await realPages('102_python-sverige-styrelsemote-2013-01-21.pdf'));
    expect(layout.headingsBy).toBe('style');
    expect(layout.headings.length).toBe(16);
    expect(layout.headLines).toBe(layout.headings[0]!.line);
  });

  it('marks the attachments that follow a protocol, and takes none of their numbers for headings (Nykarleby personalsektionen)', async () => {
    const layout = laidOut(await realPages('005_nykarleby-personalsektionen-2023-03-28.pdf'));
    expect(layout.attachments.length).toBeGreaterThan(0);
    const lastHeading = layout.headings.at(-1)!;
    expect(layout.headings.every((h, k) => k === 0 || h.seq === layout.headings[k - 1]!.seq + 1)).toBe(true);
    expect(lastHeading.number).toBe('24 §');
  });

  it.each([
    ['002_nykarleby-valfardsnamnden-2022-09-15.pdf', 24],
    ['005_nykarleby-personalsektionen-2023-03-28.pdf', 46],
  ])('ends the last item where the appeal instruction of the whole protocol begins (%s)', async (file, appealPage) => {
    const result = await ingestFile(new Uint8Array(readFileSync(new URL(file, realDir))), file);
    if (!result.ok) throw new Error(result.failure.reason);
    const last = result.items.at(-1)!;
    // The instruction says how any decision of the protocol may be appealed: none of the last item's text.
    expect(last.text).not.toMatch(/omprövning och besvär|Besvärsförbud|Paragrafer:/i);
    // Nor is the header of the instruction's page, which leaves out the § ("Protokoll | 15.09.2022 | Sida").
    expect(Math.max(...last.pages)).toBeLessThan(appealPage);
    expect(last.text).not.toMatch(/Protokoll\s+[\d.]+\s+Sida$/);
    expect(last.decisions.length).toBeGreaterThan(0);
    expect(last.caseNumbers?.length).toBeGreaterThan(0);
  });

  it('gives the statutes attached after the last item to the item that adopts them (Python Sverige årsmöte)', async () => {
    const file = '101_python-sverige-arsmote-2013-01-08.pdf';
    const result = await ingestFile(new Uint8Array(readFileSync(new URL(file, realDir))), file);
    if (!result.ok) throw new Error(result.failure.reason);
    const fee = result.items.find((i) => i.title.endsWith('medlemsavgift'))!;
    const closing = result.items.at(-1)!;
    // "Föreningens stadgar röstades enhälligt igenom. Se appendix A Stadgar." (on page 4; the statutes on 5–8).
    expect(fee.text).toMatch(/^Föreningens stadgar röstades enhälligt igenom\. Se appendix A Stadgar\./);
    expect(fee.text).toContain('A.16 Upplösning');
    expect(fee.pages).toEqual([4, 5, 6, 7, 8]);
    expect(closing.text).toBe('Mötet förklarades avslutat 16:00.');
    expect(closing.pages).toEqual([4]);
  });

  it('gives a bilaga on pages of its own to the § it names or the one item that refers to it, else leaves it with the last', () => {
    const protocol =
      'Protokoll Kommunstyrelsen 2023-04-03\n\n§ 1 Taxor\nStyrelsen antar taxorna enligt bilaga 2.\n§ 2 Budget\nStyrelsen beslutar att anta budgeten.\n§ 3 Avslutning\nMötet avslutades.';
    const items = run(
      protocol,
      'Bilaga 1 till KS § 2\nBudgetram 2024 per nämnd.',
      'Bilaga 2 Taxor\nTaxa för bygglov och kart.',
      'Bilaga 3 Närvaro\nNärvarolista.',
    ).items;
    expect(items.map((i) => i.number)).toEqual(['§ 1', '§ 2', '§ 3']);
    expect(items[0]!.text).toBe(
      'Styrelsen antar taxorna enligt bilaga 2.\n\nBilaga 2 Taxor\nTaxa för bygglov och kart.',
    );
    expect(items[0]!.pages).toEqual([1, 3]);
    expect(items[1]!.text).toBe(
      'Styrelsen beslutar att anta budgeten.\n\nBilaga 1 till KS § 2\nBudgetram 2024 per nämnd.',
    );
    // Named by no § and referred to by no item: it stays after the last item, as it stands.
    expect(items[2]!.text).toBe('Mötet avslutades.\n\nBilaga 3 Närvaro\nNärvarolista.');
    expect(items[2]!.pages).toEqual([1, 4]);
    // As Nykarleby heads its bilagor: the § after the meeting's date, not the year before the sign.
    const nykarleby = run(
      'Protokoll Välfärdsnämnden 15.09.2022\n\n48 § Budget\nNämnden beslutar.\n49 § Avslutning\nMötet avslutades.',
      'Bilaga Välfärdsnämnden, 15.09.2022 § 48\nBudgetram.',
    ).items;
    expect(nykarleby.map((i) => i.text)).toEqual([
      'Nämnden beslutar.\n\nBilaga Välfärdsnämnden, 15.09.2022 § 48\nBudgetram.',
      'Mötet avslutades.',
    ]);
  });

  it("takes the running header with a field left out for the header it is, and a wrapped title's words for the title's", async () => {
    const pdf = await makePdf(
      (doc) => {
        const header = (fields: string[]) =>
          fields.forEach((f, i) => {
            doc.fontSize(9).text(f, 72 + i * 130, 40);
          });
        ['Budget', 'Samverkan om hälso- och sjukvård i', 'Taxor'].forEach((title, i) => {
          if (i > 0) doc.addPage();
          header(['Region Örebro län', `Protokoll ${41 + i} §`, '2023-03-28', `Sida ${i + 1}`]);
          // The second § goes on over the page, its title's last words at the head of the next page.
          if (i === 2) doc.fontSize(12).text('Örebro län', 72, 70);
          doc.fontSize(12).text(`§ ${41 + i} ${title}`, 72, 110);
          doc.fontSize(11).text(`Nämnden beslutar om ${title.toLowerCase()}.`, 72, 140);
        });
        doc.addPage();
        header(['Region Örebro län', 'Protokoll', '2023-03-28']);
        doc.fontSize(12).text('ANVISNING FÖR BEGÄRAN OM OMPRÖVNING OCH BESVÄR', 72, 110);
        doc.fontSize(11).text('Beslutet kan överklagas hos förvaltningsrätten.', 72, 140);
      },
      { margin: 20 },
    );
    const result = await ingestFile(pdf, 'protokoll.pdf');
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.items.map((i) => i.itemNumber)).toEqual(['§ 41', '§ 42', '§ 43']);
    expect(result.items[1]!.text).toContain('Örebro län');
    expect(result.items[2]!.text).toBe('Nämnden beslutar om taxor.');
    expect(result.items[2]!.pages).toEqual([3]);
  });

  it('reads a föredragningslista from its running header, as Nykarleby heads its pages ("Föredragningslista | 39 § | 26.09.2022 | Sida")', async () => {
    const pdf = await makePdf(
      (doc) => {
        ['Sammanträdets laglighet och beslutförhet', 'Val av protokolljusterare', 'Budgetdirektiv för 2023'].forEach(
          (title, i) => {
            if (i > 0) doc.addPage();
            doc
              .fontSize(9)
              .text('Föredragningslista', 72, 30)
              .text(`${39 + i} §`, 200, 30)
              .text('26.09.2022', 300, 30);
            doc
              .text('Sida', 480, 30)
              .text('Stadsstyrelsen', 72, 42)
              .text(String(i + 1), 480, 42);
            doc.fontSize(12).text(`${39 + i} § ${title}`, 72, 110);
            doc
              .fontSize(11)
              .text('Stadsdirektörens förslag:', 72, 140)
              .text('Stadsstyrelsen godkänner förslaget.', 90, 160);
          },
        );
      },
      { margin: 20 },
    );
    const result = await ingestFile(pdf, 'stadsstyrelsen_foredragningslista.pdf');
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.protocol).toMatchObject({
      docType: 'föredragningslista',
      body: 'Stadsstyrelsen',
      meetingDate: '2022-09-26',
    });
    expect(result.items.map((i) => i.itemNumber)).toEqual(['39 §', '40 §', '41 §']);
  });

  it('ends the last item at an appeal instruction of a Swedish protocol, and keeps a sentence that only mentions one', () => {
    const closing =
      'Protokoll Kommunstyrelsen 2023-04-03\n\n§ 1 Val av justerare\nAnna valdes.\n§ 2 Budget\nStyrelsen beslutar att anta budgeten.\n';
    const appealed = run(
      `${closing}\nÖverklagandehänvisning\nBeslutet kan överklagas hos förvaltningsrätten inom tre veckor.`,
    );
    expect(appealed.items.map((i) => i.number)).toEqual(['§ 1', '§ 2']);
    expect(appealed.items[1]!.text).toBe('Styrelsen beslutar att anta budgeten.');
    const mentioned = run(`${closing}Hur man överklagar framgår av bilaga 2.\nBeslutet skickas till ekonomienheten.`);
    expect(mentioned.items[1]!.text).toContain('Beslutet skickas till ekonomienheten.');
  });

  it('keeps the decisions an item recites again from the one before it (Nykarleby personalsektionen 24 §)', async () => {
    // 23 § and 24 § recite the same earlier handlings; the second copies stand near their pages' edges.
    const text = laidOut(await realPages('005_nykarleby-personalsektionen-2023-03-28.pdf'))
      .pages.filter((p) => p.number >= 43 && p.number <= 44)
      .map((p) => p.text)
      .join('\n');
    expect(text.match(/Personalsektonens beslut:/g)?.length).toBe(3);
    expect(text.match(/Stadsdirektörens förslag godklndes\./g)?.length).toBe(2);
    expect(text).toContain('Personalsektonen 22.3.2023, 22 §');
    // The handlings it lists under its heading, as 23 § lists its own.
    expect(text).toMatch(/Tidigare behandling:\nPersonalsektonen 22\.10\.2022, 55 §/);
  });

  it('keeps the letterhead only on the first page of a seed PDF (003) and finds its 13 numbered headings', async () => {
    const layout = laidOut(await seedPdfPages('003_5f027efdf8c98c30'));
    expect(layout.pages.filter((p) => p.text.includes('Tjänsteställe')).map((p) => p.number)).toEqual([1]);
    expect(layout.headings).toHaveLength(13);
  });
});

describe('page furniture in text: letterheads, running headers, page numbers, address footers', () => {
  it('removes the letterhead repeated mid-text in 003.txt but keeps the document header', () => {
    const text = allText(seedTextPages('003_5f027efdf8c98c30'));
    expect(text.match(/Tjänsteställe/g)).toHaveLength(1);
    expect(text).toMatch(/^Chefsgrupp för samverkan social välfärd samt vård och omsorg\n/);
    expect(text).toContain('Linnea Hedkvist');
  });

  it('removes the address footers of 000 and 002 (Postadress … Organisationsnummer), even one that occurs once', () => {
    for (const name of ['000_fba7a9fba055a2c4', '002_dd3eb397fa6549bb']) {
      const text = allText(seedTextPages(name));
      expect(text).not.toMatch(
        /POSTADRESS|Postadress|BESÖKSADRESS|Besöksadress|232100-0164|regionen@regionorebrolan\.se/,
      );
    }
    // The text around the footer in 002 still reads on.
    expect(allText(seedTextPages('002_dd3eb397fa6549bb'))).toContain(
      'Frågor/synpunkter: Inkluderas det civila samhället',
    );
  });

  it('keeps the letterhead only on the first page of a PDF (003), also where a page break splits it', async () => {
    const out = laidOut(await seedPdfPages('003_5f027efdf8c98c30'));
    expect(out.pages.filter((p) => p.text.includes('Tjänsteställe')).map((p) => p.number)).toEqual([1]);
    // Page 12 ends with the letterhead's first lines, page 13 starts with "Sekreterare\nLinnea Hed-\nkvist".
    expect(out.pages.filter((p) => /^Sekreterare$/m.test(p.text)).map((p) => p.number)).toEqual([1]);
  });

  it("finds another body's letterhead by its repetition, not by its wording", () => {
    const head = 'Socialnämnden Kumla kommun\nSammanträdesprotokoll\nSida';
    const out = laidOut(
      pages(
        `${head}\n§ 1 Val av justerare\nAnna Berg utsågs.`,
        `${head}\n§ 2 Budget\nNämnden beslutar att anta budgeten.`,
      ),
    );
    expect(out.pages[0]!.text).toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).not.toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).toContain('Nämnden beslutar att anta budgeten.');
  });

  it('keeps lines an item repeats from the middle of an earlier page, also near the top of a later one', () => {
    const filler = Array.from({ length: 8 }, (_, k) => `Bakgrundsrad ${'abcdefghij'[k]} i ärendet om tillägg.`).join(
      '\n',
    );
    const recited = 'Förslag:\nNämnden godkänner anhållan om tillägg.\nBeslut:\nFörslaget godkändes.';
    const out = laidOut(
      pages(`Protokoll\n1 § Anhållan\n${filler}\n${recited}\n${filler}`, `Tidigare behandling\n${recited}\n2 § Övrigt`),
    );
    expect(out.pages[1]!.text).toContain(recited);
  });

  it('removes running headers whose page number changes ("2 (4)") and per-page footers, but not § headings', () => {
    const head = (n: number) =>
      `HALLSBERGS KOMMUN\tSAMMANTRÄDESPROTOKOLL\tSida\nKommunstyrelsen\t2023-05-10\t${n} (3)\n`;
    const foot = 'Justerandes sign\t\tUtdragsbestyrkande\n';
    const out = laidOut(
      pages(
        `${head(1)}Plats och tid\tKommunhuset\nBeslutande\tAnna Berg (M)\n${foot}`,
        `${head(2)}§ 45\nVal av justerare\nAnna Berg utses att justera.\n\n§ 46 Dnr KS 2023/112\nBudget\nText.\n${foot}`,
        `${head(3)}§ 47 Dnr KS 2023/140\nInformation\nText.\n${foot}`,
      ),
    ).pages;
    expect(out[0]!.text).toMatch(/^HALLSBERGS KOMMUN/);
    expect(out[1]!.text).toBe(
      '§ 45\nVal av justerare\nAnna Berg utses att justera.\n\n§ 46 Dnr KS 2023/112\nBudget\nText.',
    );
    expect(out[2]!.text).toBe('§ 47 Dnr KS 2023/140\nInformation\nText.');
  });

  it('removes page-number lines at page edges ("Sida 2 av 5")', () => {
    const out = laidOut(
      pages('Protokoll\n1. Inledning\nText.\nSida 1 av 2', 'Sida 2 av 2\n2. Avslut\nMötet avslutades.'),
    ).pages;
    expect(out.map((p) => p.text)).toEqual(['Protokoll\n1. Inledning\nText.', '2. Avslut\nMötet avslutades.']);
  });

  it('keeps agenda content that legitimately repeats (a single "Beslut:" line, the same short title)', () => {
    const text = '1. Rapporter\nBeslut:\nInformationen noteras.\n\n2. Rapporter\nBeslut:\nInformationen noteras.';
    expect(allText(pages(text))).toBe(text);
  });
});

describe('words broken at line ends', () => {
  it('joins "hjärt- kärl-\\nsjukdomar" across a removed letterhead (003)', () => {
    expect(allText(seedTextPages('003_5f027efdf8c98c30'))).toContain('psykisk ohälsa och hjärt- kärlsjukdomar');
  });
});

describe('OCR confusions at headings', () => {
  it.each([
    ['KS$1 Val av justerare', 'KS § 1 Val av justerare'],
    ['KS S 12 Budget', 'KS § 12 Budget'],
    ['KS 8 12 Budget', 'KS § 12 Budget'],
    ['KSS1 Budget', 'KS § 1 Budget'],
    ['KS5 3 Motion', 'KS § 3 Motion'],
    ['$ 12 Budget', '§ 12 Budget'],
    ['$l2 Budget', '§ 12 Budget'],
    ['§ 1O Information', '§ 10 Information'],
    ['S 12 Budget', '§ 12 Budget'],
    ['8 12 Budget', '§ 12 Budget'],
    ['l2 $ Motion', '12 § Motion'],
  ])('reads "%s" on an OCR\'d page as "%s"', (line, expected) => {
    expect(readOcrHeading(line)).toBe(expected);
  });

  it.each(['Sammanträdet öppnades kl 13.00.', '5 Ekonomi', '8 månader senare', 'SN 2023/45', 'Summa 5 000 kr'])(
    'leaves "%s" as it is',
    (line) => {
      expect(readOcrHeading(line)).toBe(line);
    },
  );

  it("reads the headings of an OCR'd page with misread signs, and not those of a page with a text layer", () => {
    const text = 'KS$1 Val av justerare\nText.\nKS S 2 Budget\nText.\nKS 8 3 Motion\nText.';
    const ocr = laidOut([{ number: 1, text, ocr: true, confidence: 80 }]);
    expect(ocr.headings.map((h) => `${h.number}|${h.rest}`)).toEqual([
      'KS § 1|Val av justerare',
      'KS § 2|Budget',
      'KS § 3|Motion',
    ]);
    expect(laidOut([{ number: 1, text }]).headings).toEqual([]);
  });
});
