/**
 * normalisePages on the real seed protocols (texts with letterheads inline,
 * PDFs with a letterhead per page) and on small inputs in other bodies' layouts.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from '../../domain/schemas.js';
import { joinHyphenation, normalisePages, removeStruck, stripMarkup } from '../../ingest/stages/normalise.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';

const pages = (...texts: string[]): Page[] => texts.map((text, i) => ({ number: i + 1, text }));
const normalised = (p: readonly Page[]) => normalisePages(p).value;
const allText = (p: readonly Page[]) =>
  normalised(p)
    .pages.map((x) => x.text)
    .join('\n');

describe('joinHyphenation', () => {
  it('joins "Hed-\\nkvist" and "förtroende-\\nvalda" but keeps "hälso- och sjukvård"', () => {
    expect(joinHyphenation('Linnea Hed-\nkvist')).toBe('Linnea Hedkvist');
    expect(joinHyphenation('de förtroende-\nvalda')).toBe('de förtroendevalda');
    expect(joinHyphenation('hälso-\noch sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('hälso- och sjukvård')).toBe('hälso- och sjukvård');
    expect(joinHyphenation('barn-\neller ungdomsfrågor')).toBe('barn- eller ungdomsfrågor');
  });

  it('keeps hyphens that belong to the word: "SIP-\\narbetet", "Covid-\\n19", "Nära vård-arbetet"', () => {
    expect(joinHyphenation('i SIP-\narbetet')).toBe('i SIP-arbetet');
    expect(joinHyphenation('Covid-\n19')).toBe('Covid-19');
    expect(joinHyphenation('Nära vård-arbetet')).toBe('Nära vård-arbetet');
  });

  it('joins "hjärt- kärl-\\nsjukdomar" across a removed letterhead (003)', () => {
    expect(allText(seedTextPages('003_5f027efdf8c98c30'))).toContain('psykisk ohälsa och hjärt- kärlsjukdomar');
  });
});

describe('stripMarkup', () => {
  it('removes headings, emphasis and links but keeps the words', () => {
    expect(stripMarkup('## **6. Nära vård systemanalys**')).toBe('6. Nära vård systemanalys');
    expect(stripMarkup('#### 4. Rapport från AU, Ingmar Ångman')).toBe('4. Rapport från AU, Ingmar Ångman');
    expect(stripMarkup('se denna [länk](#) och <https://example.se/x>')).toBe('se denna länk och https://example.se/x');
    expect(stripMarkup('Undersökningen *Liv och hälsa ung* visar')).toBe('Undersökningen Liv och hälsa ung visar');
  });
});

describe('strike-through', () => {
  it('takes <del> and ~~ spans out of the text and returns them', () => {
    expect(removeStruck('A <del>Madelene Maxe</del>\t<del>Laxå</del> och ~~utgår~~ B')).toEqual({
      text: 'A \t och  B',
      struck: ['Madelene Maxe', 'Laxå', 'utgår'],
    });
  });

  it('keeps struck attendees and phrases of 001 out of the searchable text but reports them with their page', () => {
    const { pages: out, struck } = normalised(seedTextPages('001_50d6c6026012b732'));
    const text = out.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/Madelene Maxe\tLaxå/);
    expect(text).not.toContain('det saknas samsyn i problemformulering');
    expect(struck).toEqual(
      expect.arrayContaining([
        { page: 1, text: 'Madelene Maxe', row: 'Madelene Maxe\tLaxå' },
        { page: 1, text: 'Laxå' },
        { page: 1, text: 'Patrik Jonsson', row: 'Patrik Jonsson\tÖrebro' },
        { page: 1, text: 'det saknas samsyn i problemformulering och åtgärd' },
      ]),
    );
  });
});

describe('letterheads and footers', () => {
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
    const out = normalised(await seedPdfPages('003_5f027efdf8c98c30'));
    expect(out.pages.filter((p) => p.text.includes('Tjänsteställe')).map((p) => p.number)).toEqual([1]);
    // Page 12 ends with the letterhead's first lines, page 13 starts with "Sekreterare\nLinnea Hed-\nkvist".
    expect(out.pages.filter((p) => /^Sekreterare$/m.test(p.text)).map((p) => p.number)).toEqual([1]);
  });

  it("finds another body's letterhead by its repetition, not by its wording", () => {
    const head = 'Socialnämnden Kumla kommun\nSammanträdesprotokoll\nSida';
    const out = normalised(
      pages(
        `${head}\n§ 1 Val av justerare\nAnna Berg utsågs.`,
        `${head}\n§ 2 Budget\nNämnden beslutar att anta budgeten.`,
      ),
    );
    expect(out.pages[0]!.text).toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).not.toContain('Socialnämnden Kumla kommun');
    expect(out.pages[1]!.text).toContain('Nämnden beslutar att anta budgeten.');
  });

  it('removes running headers whose page number changes ("2 (4)") and per-page footers, but not § headings', () => {
    const head = (n: number) =>
      `HALLSBERGS KOMMUN\tSAMMANTRÄDESPROTOKOLL\tSida\nKommunstyrelsen\t2023-05-10\t${n} (3)\n`;
    const foot = 'Justerandes sign\t\tUtdragsbestyrkande\n';
    const out = normalised(
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
    const out = normalised(
      pages('Protokoll\n1. Inledning\nText.\nSida 1 av 2', 'Sida 2 av 2\n2. Avslut\nMötet avslutades.'),
    ).pages;
    expect(out.map((p) => p.text)).toEqual(['Protokoll\n1. Inledning\nText.', '2. Avslut\nMötet avslutades.']);
  });

  it('keeps agenda content that legitimately repeats (a single "Beslut:" line, the same short title)', () => {
    const text = '1. Rapporter\nBeslut:\nInformationen noteras.\n\n2. Rapporter\nBeslut:\nInformationen noteras.';
    expect(allText(pages(text))).toBe(text);
  });
});

describe('normalisePages', () => {
  it('composes NFC and keeps page numbers', () => {
    const out = normalised(pages('Ma\u0308rta i Ha\u0308llefors', 'sida två'));
    expect(out.pages).toEqual([
      { number: 1, text: 'Märta i Hällefors' },
      { number: 2, text: 'sida två' },
    ]);
  });

  it('is pure: the same input gives the same output and the input is untouched', () => {
    const input = seedTextPages('000_fba7a9fba055a2c4');
    const copy = structuredClone(input);
    expect(normalisePages(input)).toEqual(normalisePages(input));
    expect(input).toEqual(copy);
  });
});
