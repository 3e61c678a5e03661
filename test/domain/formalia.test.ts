/**
 * Formalia as the protocols write it: the items by which a meeting runs itself, told from the matters
 * beside them. Titles as they stand in the bundled protocols, the real Nykarleby and Python Sverige
 * PDFs and other Swedish protocols' usual shapes, among them those of municipal nämnder's published
 * minutes (Vilhelmina, Östhammar, Eslöv, Tjörn, Söderhamn), which none of the rules was written from.
 */
import { describe, expect, it } from 'vitest';
import { formaliaKind } from '../../domain/formalia.js';
import { titleHead, titleParts } from '../../domain/titles.js';

describe('formalia', () => {
  it.each([
    ['Mötets öppnande', 'öppnande'],
    ['Mötet öppnades', 'öppnande'],
    ['Inledning, Ingmar Ångman', 'öppnande'],
    ['Sammanträdet öppnas', 'öppnande'],
    ['Mötets avslutande', 'avslutning'],
    ['Mötet avslutades', 'avslutning'],
    ['Avslut', 'avslutning'],
    ['Val av protokolljusterare', 'mötets funktionärer'],
    ['Val av justerare utöver ordförande', 'mötets funktionärer'],
    ['Val av mötesordförande', 'mötets funktionärer'],
    ['Val av två personer att jämte mötesordföranden justera årsmötets protokoll', 'mötets funktionärer'],
    ['Val av ordförande och sekreterare för mötet', 'mötets funktionärer'],
    ['Justering av protokollet', 'mötets funktionärer'],
    ['Godkännande av föredragningslistan', 'dagordning och kallelse'],
    ['Fastställande av dagordning', 'dagordning och kallelse'],
    ['Dagens agenda', 'dagordning och kallelse'],
    ['Godkännande av kallelse', 'dagordning och kallelse'],
    ['Fastställande av röstlängd', 'dagordning och kallelse'],
    ['Sammanträdets laglighet och beslutförhet', 'beslutförhet'],
    ['Mötets behöriga utlysande', 'beslutförhet'],
    ['Nästa styrelsemöte', 'nästa möte'],
    ['Nästa möte: 12 maj', 'nästa möte'],
    ['Kort utvärdering och sammanfattning', 'utvärdering'],
    ['Mötesutvärdering', 'utvärdering'],
    // Kommunfullmäktige's and nämnders' roll call and conflicts of interest.
    ['Upprop', 'närvaro och jäv'],
    ['Närvarolista', 'närvaro och jäv'],
    ['Anmälan om jäv', 'närvaro och jäv'],
    // Formalia joined in one title: every part is formalia.
    ['Mötets öppnande och val av justerare', 'öppnande'],
    ['Sammanträdets öppnande samt godkännande av dagordningen', 'öppnande'],
    ['Upprop och val av justerare', 'närvaro och jäv'],
    ['Val av justerare och tid för justering', 'mötets funktionärer'],
    // Nämnders' own shapes: the agenda changed, the justerare appointed or named alone, the chair's opening.
    ['Ändring av dagordningen', 'dagordning och kallelse'],
    ['Ändringar i föredragningslistan', 'dagordning och kallelse'],
    ['Tillägg till dagordningen', 'dagordning och kallelse'],
    ['Kallelse', 'dagordning och kallelse'],
    ['Kallelse och dagordning', 'dagordning och kallelse'],
    ['Utseende av justerare', 'mötets funktionärer'],
    ['Justerare', 'mötets funktionärer'],
    ['Protokollsjusterare', 'mötets funktionärer'],
    ['Justering', 'mötets funktionärer'],
    ['Justering av dagens protokoll', 'mötets funktionärer'],
    ['Protokollets justering', 'mötets funktionärer'],
    ['Justeringens tid och plats', 'mötets funktionärer'],
    ['Upprop och justering', 'närvaro och jäv'],
    ['Upprop och anmälningar om förhinder', 'närvaro och jäv'],
    ['Omedelbar justering', 'mötets funktionärer'],
    ['Förändring av ärendelistan', 'dagordning och kallelse'],
    ['Godkännande av ärendelistan', 'dagordning och kallelse'],
    ['Adjungering', 'närvaro och jäv'],
    ['Närvarorätt', 'närvaro och jäv'],
    ['Ordförandens öppnande', 'öppnande'],
    ['Öppnande av mötet', 'öppnande'],
    ['Ordföranden förklarar sammanträdet öppnat', 'öppnande'],
    ['Avslutande av sammanträdet', 'avslutning'],
    ['Tid och plats för nästa möte', 'nästa möte'],
    ['Datum för nästa sammanträde', 'nästa möte'],
  ])('reads "%s" as formalia (%s)', (title, kind) => {
    expect(formaliaKind(title)).toBe(kind);
  });

  it.each([
    // Elections that are matters of their own: the association's chair, a council's vice chair.
    'Val av ordförande',
    'Val av kassör',
    'Val av vice ordförande i ungdomsfullmäktige',
    'Val av revisorer och ersättare',
    // Items that gather matters: their texts carry them.
    'Föregående möte och protokoll',
    'Övriga frågor',
    'Anmälningsärenden; Välfärdsnämnden 15.9.2022',
    'Rapport från AU, Ingmar Ångman',
    // Matters whose titles begin like formalia.
    'Mötestider 2023',
    'Teman till kommande möten',
    'Utvärdering av projektet Trygg hemgång',
    'Inledning av upphandling av hemtjänst',
    'Godkännande av avtal om läkarmedverkan',
    'Suicidsamordning – placering och samordning',
    // Joined with a matter, or formalia words about something else.
    'Inledning och presentation av projektet',
    'Val av justerare och information om budgeten',
    'Närvaro av elever i grundskolan',
    'Frånvaro i grundskolan 2023',
    'Jämställdhet och jämlikhet',
    // The same words about a matter: a fee adjusted, a school opened, a regulation or an extra meeting.
    'Justering av taxor och avgifter 2024',
    'Öppnande av ny förskola',
    'Ändring av reglemente',
    'Kallelse till extra årsmöte',
    'Sammanträdestider 2025',
    '',
  ])('reads "%s" as no formalia', (title) => {
    expect(formaliaKind(title)).toBeNull();
  });

  it("reads a title's first part, up to a comma, semicolon, colon or spaced dash", () => {
    expect(titleHead('Inledning, Ingmar Ångman')).toBe('Inledning');
    expect(titleHead('Mötestider 2022; Välfärdsnämnden')).toBe('Mötestider 2022');
    expect(titleHead('Covid – rapport från förstärkt samverkan')).toBe('Covid');
    expect(titleHead('Hälso- och sjukvård i hemmet')).toBe('Hälso- och sjukvård i hemmet');
    expect(titleHead('Mötet avslutades.')).toBe('Mötet avslutades');
    expect(titleParts('Mötestider 2022; Välfärdsnämnden')).toEqual(['Mötestider 2022', 'Välfärdsnämnden']);
    expect(titleParts('Nästa möte: 12 maj')).toEqual(['Nästa möte', '12 maj']);
  });
});
