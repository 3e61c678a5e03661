/**
 * findDecisions: decision statements of the body holding the meeting, routine
 * procedure kept apart, and what only looks like a decision left out.
 */
import { describe, expect, it } from 'vitest';
import { definiteBodyNouns, findDecisions } from '../../ingest/stages/decisions.js';
import type { Page } from '../../domain/schemas.js';
import type { SegmentedItem } from '../../ingest/stages/segment.js';
import { seedPdfPages, seedTextPages } from '../helpers/seed.js';
import { through } from '../helpers/stages.js';

/** The items as the production wiring segments them (normalise, redact, layout, metadata, segment). */
const segmented = (p: readonly Page[]) => through(p, 'segment').draft.items;

const item = (text: string): SegmentedItem => ({
  ordinal: 0,
  number: '1',
  title: 't',
  text,
  pages: [1],
  presenters: [],
  municipalities: [],
});
const found = (text: string, body = 'Chefsgrupp folkhälsa') => findDecisions(item(text), { body }).value;
const kinds = (text: string, body?: string) => found(text, body).map((d) => d.kind);

describe('substantive decisions', () => {
  it('takes "**Beslut:** Chefsgruppen beslutar att:" with its bullet list as one decision', () => {
    const [d, ...rest] = found(
      'Bakgrund.\n\nBeslut: Chefsgruppen beslutar att:\n\n- Anta uppdragsbeskrivningen.\n- Välja in Malin.\n\nÖvrigt om annat.',
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ kind: 'substantive' });
    expect(d!.text).toContain('Anta uppdragsbeskrivningen');
    expect(d!.text).toContain('Välja in Malin');
    expect(d!.text).not.toContain('Övrigt');
  });

  it('reads the body as subject: "beslutade i enlighet med förslaget", "ställer sig bakom", "ställer sig positiva till"', () => {
    expect(kinds('Chefsgruppen beslutade i enlighet med förslaget.')).toEqual(['substantive']);
    expect(kinds('Chefsgruppen ställer sig bakom förslaget.')).toEqual(['substantive']);
    expect(kinds('Chefsgruppen ställer sig positiva till ett pilotprojekt.')).toEqual(['substantive']);
    expect(kinds('Beslut – Att inte starta en ny grupp.')).toEqual(['substantive']);
  });

  it('knows the body by name ("Specifika samverkansrådet beslutar", "Socialnämnden beslutar")', () => {
    expect(definiteBodyNouns('Specifika samverkansrådet för social välfärd')).toContain('samverkansrådet');
    expect(
      kinds(
        'Specifika samverkansrådet beslutar att fastställa mötestiderna för 2021.',
        'Specifika samverkansrådet för social välfärd',
      ),
    ).toEqual(['substantive']);
    expect(kinds('Socialnämnden beslutar att bifalla ansökan.', 'Socialnämnden')).toEqual(['substantive']);
    // A styrelse named in its definite form ("styrelse-n"), as kommuner and regioner name theirs.
    expect(definiteBodyNouns('Kommunstyrelsen')).toEqual(['kommunstyrelsen']);
    // One rule with the body module's (definiteBody): a beredning's definite form too.
    expect(definiteBodyNouns('Välfärdsberedning')).toEqual(['välfärdsberedningen']);
    expect(kinds('Kommunstyrelsen beslutar att anta budgeten.', 'Kommunstyrelsen')).toEqual(['substantive']);
    expect(kinds('Regionstyrelsen beslutar att anta budgeten.', 'Regionstyrelsen')).toEqual(['substantive']);
    // A sektion, a direktion, and a body named in full with its parent.
    expect(kinds('Sektionen beslutar att anta budgeten.', 'Personalsektionen')).toEqual(['substantive']);
    expect(kinds('Direktionen beslutar att anta budgeten.', 'Direktionen')).toEqual(['substantive']);
    expect(
      kinds('Kommunstyrelsens arbetsutskott beslutar att anta budgeten.', 'Kommunstyrelsens arbetsutskott'),
    ).toEqual(['substantive']);
    // A proposal in prose is not the meeting's decision, though its body is named in it.
    expect(
      kinds('Arbetsutskottet föreslår att nämnden ger förvaltningen i uppdrag att utreda frågan.', 'Socialnämnden'),
    ).toEqual([]);
    // Another body's decision, reported, is not this meeting's.
    expect(kinds('Regionstyrelsen beslutade att anta budgeten.', 'Kommunstyrelsen')).toEqual([]);
  });

  it('reads the ways a kommun decision approves a proposal, and gives each the "Förslag till beslut" it approves', () => {
    const before =
      'Förvaltningen har utrett behovet.\n\nFörslag till beslut\nSocialnämnden beslutar att inrätta två nattpatruller.\n\n';
    for (const approval of [
      'Socialnämnden beslutar enligt förslag till beslut.',
      'Socialnämnden beslutar i enlighet med förvaltningens förslag.',
      'Socialnämnden bifaller förvaltningens förslag.',
      'Arbetsutskottets förslag bifalls.',
      'Förslaget antas.',
      'Bifall till förslaget.',
    ]) {
      const [decision] = found(`${before}Beslut\n${approval}`, 'Socialnämnden');
      expect(decision, approval).toMatchObject({
        text: approval,
        proposal: { text: 'Socialnämnden beslutar att inrätta två nattpatruller.' },
      });
    }
  });

  it('gives an approval the proposal from the sentence that proposes, not the report before it in its paragraph', () => {
    const [decision] = found(
      'Ingmar Ångman rapporterade.\nArbetsutskottet föreslår att avvakta uppföljningen av överenskommelsen.\nChefsgruppen beslutade i enlighet med förslaget.',
    );
    expect(decision!.proposal).toMatchObject({
      text: 'Arbetsutskottet föreslår att avvakta uppföljningen av överenskommelsen.',
      by: 'Arbetsutskottet',
    });
  });

  it('takes the att-clauses listed under an unlabelled "Socialnämnden beslutar" as its decision, not the verb alone', () => {
    const [d, ...rest] = found(
      'Förvaltningen redovisar budgeten.\nSocialnämnden beslutar\natt godkänna budgeten\natt ge förvaltningen i uppdrag att återkomma i maj\n\nÖvrigt om annat.',
      'Socialnämnden',
    );
    expect(rest).toEqual([]);
    expect(d!.text).toBe(
      'Socialnämnden beslutar\natt godkänna budgeten\natt ge förvaltningen i uppdrag att återkomma i maj',
    );
    // An association's board, in the past tense.
    expect(
      found('Styrelsen beslöt\natt anta budgeten\natt välja Anna till kassör', 'Styrelsemöte').map((x) => x.text),
    ).toEqual(['Styrelsen beslöt\natt anta budgeten\natt välja Anna till kassör']);
  });

  it('reads a kommun paragraph: "Kommunstyrelsens beslut" with its numbered points, not the proposal before it', () => {
    const text =
      'Ärendebeskrivning\nFörvaltningen har tagit fram ett förslag.\n\nArbetsutskottets förslag till beslut\nKommunstyrelsen beslutar att anta budgeten.\n\nKommunstyrelsens beslut\n1. Kommunstyrelsen antar budgeten.\n2. Ekonomichefen får i uppdrag att återrapportera.';
    const ds = found(text, 'Kommunstyrelsen');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ kind: 'substantive' });
    expect(ds[0]!.text).toContain('2. Ekonomichefen får i uppdrag');
  });
});

describe("decisions told without a body or a label, as associations' and small boards' minutes write them", () => {
  const told = (title: string, text: string) =>
    findDecisions({ ...item(text), title }, { body: 'Årsmöte' }).value.map((d) => [d.kind, d.text]);

  it('reads a heading that is itself the decision ("9. Styrelsen beviljades ansvarsfrihet …", Solvalla)', () => {
    expect(told('Styrelsen beviljades ansvarsfrihet för verksamhetsåret 2022', '')).toEqual([
      ['substantive', 'Styrelsen beviljades ansvarsfrihet för verksamhetsåret 2022'],
    ]);
    expect(told('Beslöts att 2022-års förlust skulle balanseras i ny räkning', '')).toEqual([
      ['substantive', 'Beslöts att 2022-års förlust skulle balanseras i ny räkning'],
    ]);
    expect(told('Utskickad dagordning godkändes', '')).toEqual([['routine', 'Utskickad dagordning godkändes']]);
    // A heading that names a matter decides nothing.
    expect(told('Revisorernas berättelse och yrkanden', 'Revisorerna föreslår ansvarsfrihet.')).toEqual([]);
  });

  it('reads a short passive sentence and an election by the meeting, the officers as procedure', () => {
    expect(told('Fastställande av föredragningslistan', 'Fastställdes.')).toEqual([['routine', 'Fastställdes.']]);
    // What is fixed decides the kind, not the verb: a budget fixed is a decision.
    expect(told('Budget 2023', 'Budgeten fastställdes.')).toEqual([['substantive', 'Budgeten fastställdes.']]);
    expect(told('Budget 2023', 'Fastställdes.')).toEqual([['substantive', 'Fastställdes.']]);
    // A bare verb answers its heading: the notice of the meeting approved is procedure (Python Sverige's årsmöte).
    expect(told('Godkännande av kallelse', 'Godkändes.')).toEqual([['routine', 'Godkändes.']]);
    // The meeting declared open is an act, not a decision.
    expect(told('Mötets öppnande', 'Mötet förklarades öppnat 20:20.')).toEqual([]);
    expect(told('Val av mötesordförande', 'Mötet valde Elin Andersson till mötesordförande.')).toEqual([
      ['routine', 'Mötet valde Elin Andersson till mötesordförande.'],
    ]);
    expect(told('Val av justerare', 'Till protokolljusterare utses Johan Malén och Tomas Mörn.')).toEqual([
      ['routine', 'Till protokolljusterare utses Johan Malén och Tomas Mörn.'],
    ]);
    expect(told('Stadgar', 'Mötet valde att bordlägga frågan.')).toEqual([
      ['substantive', 'Mötet valde att bordlägga frågan.'],
    ]);
    // What "vi valde" in a survey told of is no election (Nykarleby 005, Personalenkät).
    expect(told('Personalenkät 2022', 'Vi valde följande frågor till enkäten.')).toEqual([]);
    // Told of an earlier year, or to come, it is no decision of this meeting.
    expect(told('Ekonomi', 'Budgeten som antogs förra året gäller.')).toEqual([]);
    expect(told('Val', 'Eventuellt kommer en ny att utses senare.')).toEqual([]);
    expect(told('Dagordning', 'Ordföranden meddelade att en representant till riksmötet ska utses.')).toEqual([]);
    // Adopted at a time the sentence names is a background's history: the item's decision is the one below it.
    expect(
      told(
        'Uppföljning av handlingsplanen',
        'Bakgrund\nHandlingsplanen för nära vård antogs i maj 2023.\nBeslut\nÅrsmötet beslutade att godkänna redovisningen.',
      ),
    ).toEqual([['substantive', 'Årsmötet beslutade att godkänna redovisningen.']]);
    expect(told('Riktlinjer', 'Riktlinjerna fastställdes 2021-05-10 och gäller än.')).toEqual([]);
    expect(told('Stadgar', 'Stadgarna godkändes den 4 mars av föregående årsmöte.')).toEqual([]);
    // The year of what is adopted is no time of adopting it.
    expect(told('Verksamhetsplan', 'Verksamhetsplanen för 2024 fastställdes.')).toEqual([
      ['substantive', 'Verksamhetsplanen för 2024 fastställdes.'],
    ]);
  });
});

describe("Dynasty's older minutes (Vörå): the decision marked with the body's code and the item's number", () => {
  const numbered = (number: string, text: string) =>
    findDecisions({ ...item(text), number }, { body: 'Kommunstyrelsen' }).value;

  it('takes what follows "KST 47" as the decision, and what stands before it as the preparation', () => {
    const decisions = numbered(
      '§ 47',
      'Kommunstyrelsen gör nödvändiga ändringar eller tillägg till föredragningslistan, varefter den godkänns.\nKST 47 Föredragningslistan godkändes med sekretessärendet 76.',
    );
    expect(decisions.map((d) => [d.kind, d.text])).toEqual([
      ['routine', 'Föredragningslistan godkändes med sekretessärendet 76.'],
    ]);
    const [approval] = numbered(
      '§ 48',
      'Kommundirektörens beredning: Vörå kommun har ett uppdragsavtal.\nFörslag: Kommunstyrelsen godkänner avtalet.\nKST 48 Enligt förslag.',
    );
    expect(approval).toMatchObject({ text: 'Enligt förslag.' });
    expect(approval!.proposal?.text).toContain('Kommunstyrelsen godkänner avtalet.');
    // Another item's number is no mark of this one's decision.
    expect(numbered('§ 49', 'KST 48 Enligt förslag.')).toEqual([]);
  });
});

describe('decisions in the words associations and groups use', () => {
  it('reads a group agreeing, settling and taking a decision as its decision', () => {
    for (const said of [
      'Styrelsen enades om att höja medlemsavgiften.',
      'Styrelsen var överens om att höja medlemsavgiften.',
      'Styrelsen bestämde att höja medlemsavgiften.',
      'Det bestämdes att höja medlemsavgiften.',
      'Styrelsen tog beslut om att höja medlemsavgiften.',
      'Beslut fattades om att höja medlemsavgiften.',
    ])
      expect(kinds(said, 'Styrelsemöte')).toEqual(['substantive']);
  });

  it("reads an association's meeting as the subject of its own decisions, not of a rule in its statutes", () => {
    expect(kinds('Årsmötet beslutade att höja medlemsavgiften.', 'Årsmöte')).toEqual(['substantive']);
    expect(kinds('Föreningsstämman beslutade att höja medlemsavgiften.', 'Föreningsstämma')).toEqual(['substantive']);
    expect(
      kinds('Styrelsen består av minst 3 ledamöter och det antal ersättare som årsmötet beslutar.', 'Årsmöte'),
    ).toEqual([]);
  });
});

describe("the chair's ruling on the question put (kommun minutes that write no decision apart)", () => {
  const ruled = (text: string) =>
    findDecisions(item(text), { body: 'Kommunstyrelsen' }).value.map((d) => [d.kind, d.text, d.proposal?.text]);

  it('is the decision where no sentence decides, approving the proposal it rules on', () => {
    expect(
      ruled(
        'Planeringsutskottets förslag till beslut\nGranskningsutlåtandet godkänns och överlämnas till kommunfullmäktige.\nBeslutsgång\nOrdförande frågar om planeringsutskottets förslag till beslut kan antas och finner att så sker.',
      ),
    ).toEqual([
      [
        'substantive',
        'Ordförande frågar om planeringsutskottets förslag till beslut kan antas och finner att så sker.',
        'Granskningsutlåtandet godkänns och överlämnas till kommunfullmäktige.',
      ],
    ]);
    // The motions under "Yrkanden" are no part of the proposal the ruling approves.
    expect(
      ruled(
        'Dnr 15/2014.002\n\natt till protokollet notera redovisning av delegeringsbeslut.\n\nYrkanden\nOrdföranden yrkar bifall till förvaltningens beslutsförslag. Ordföranden finner bifall till eget yrkande.',
      ),
    ).toEqual([
      [
        'substantive',
        'Ordföranden finner bifall till eget yrkande.',
        'Dnr 15/2014.002\natt till protokollet notera redovisning av delegeringsbeslut.',
      ],
    ]);
    expect(ruled('Ordföranden frågar om nämnden kan godkänna redovisningen och finner att så sker.')).toEqual([
      ['substantive', 'Ordföranden frågar om nämnden kan godkänna redovisningen och finner att så sker.', undefined],
    ]);
    expect(ruled('Ordföranden frågar om dagordningen kan godkännas och finner att så sker.')).toEqual([
      ['routine', 'Ordföranden frågar om dagordningen kan godkännas och finner att så sker.', undefined],
    ]);
  });

  it('is procedure where the protocol writes the decision apart, and no ruling without the chair', () => {
    expect(
      ruled(
        'Kommunstyrelsens beslut\nBudgeten fastställs.\nBeslutsgång\nOrdföranden ställer proposition på yrkandena och finner att kommunstyrelsen bifaller ordförandens yrkande.',
      ),
    ).toEqual([['substantive', 'Budgeten fastställs.', undefined]]);
    expect(ruled('Revisorerna finner att räkenskaperna är i ordning.')).toEqual([]);
  });
});

describe('a proposal labelled on its own line', () => {
  it('holds a decision sentence however long the line, which the decision label then approves', () => {
    const decisions = findDecisions(
      item(
        'Beredning: Socialchef Anna Ek\nEn utredning om alternativa lösningar har gjorts.\nSocialchefens förslag: Socialnämnden beslutar att nattpatrullen förstärks med två tjänster från 1.9.2023 och att socialchefen ges i uppdrag att rapportera om utfallet i december.\nSocialnämndens beslut:\nEnligt förslag.',
      ),
      { body: 'Socialnämnden' },
    ).value;
    expect(decisions.map((d) => d.text)).toEqual(['Enligt förslag.']);
    expect(decisions[0]!.proposal?.text).toMatch(/^Socialnämnden beslutar att nattpatrullen förstärks/);
  });

  it('ends at the decision recorded after it in the past tense, which approves it: "Mötesplanen fastställdes."', () => {
    const decisions = found(
      'Förslag: 6 februari, 15 maj, 18 september och 11 december 2026.\nMötesplanen fastställdes.',
      'Samverkansrådet',
    );
    expect(decisions.map((d) => d.text)).toEqual(['Mötesplanen fastställdes.']);
    expect(decisions[0]!.proposal?.text).toBe('6 februari, 15 maj, 18 september och 11 december 2026.');
    // Another body's decision told in the passive with its agent is the proposal's background, no decision here.
    expect(
      found('Förslag: Nämnden antar riktlinjerna.\nRiktlinjerna antogs av kommunfullmäktige.', 'Socialnämnden'),
    ).toEqual([]);
    // A proposal written as the decision it proposes, in the present tense, stays the proposal.
    expect(
      found('Förslag till beslut:\nSamverkansrådet antar planen.\nBeslut: Enligt förslag.', 'Samverkansrådet').map(
        (d) => [d.text, d.proposal?.text],
      ),
    ).toEqual([['Enligt förslag.', 'Samverkansrådet antar planen.']]);
  });
});

describe('who left the meeting', () => {
  it('is no part of the decision before it, spelt plainly or through a broken font (Nykarleby 002, 49 §)', () => {
    for (const left of [
      'Esa Högnäsbacka och Peter Sjöblom avlägsnade sig från mötet kl. 19.54.',
      'Esa Högnäsbacka och Peter Sjöblom aelägsnade sig rvn mötet kl. 19.54.',
    ]) {
      const ds = found(`Stadsstyrelsens beslut:\nStadsstyrelsen antar budgeten.\n${left}`, 'Stadsstyrelsen');
      expect(ds.map((d) => d.text)).toEqual(['Stadsstyrelsen antar budgeten.']);
    }
    // A decision about a meeting's hour is a decision.
    const next = found('Beslut:\nStyrelsen beslutar att nästa möte hålls den 3 maj kl. 16.00.', 'Styrelsen');
    expect(next.map((d) => d.text)).toEqual(['Styrelsen beslutar att nästa möte hålls den 3 maj kl. 16.00.']);
  });
});

describe('routine procedure', () => {
  const under = (title: string, text: string) =>
    findDecisions({ ...item(text), title }, { body: 'Välfärdsnämnden' }).value.map((d) => [d.kind, d.text]);

  it("marks what is decided under the meeting's procedural headings routine, through a broken font too (Nykarleby)", () => {
    expect(
      under('Val av protokolljusterare', 'Beslut:\nTijj protokojjjusterare utsågs Johanna Norrbygård och Tua Backman.'),
    ).toEqual([['routine', 'Tijj protokojjjusterare utsågs Johanna Norrbygård och Tua Backman.']]);
    expect(under('Godkännande av föredragningslistan', 'Beslut:\nFöredragningslistan godkändesE')).toEqual([
      ['routine', 'Föredragningslistan godkändesE'],
    ]);
    expect(
      under('Föredragningslistans godkännande', 'Beslut: Att godkänna föreslagen föredragningslista.')[0]![0],
    ).toBe('routine');
    // A group electing its own chair decides something; the meeting's chair is procedure.
    expect(under('Val av ordförande', 'Styrgruppen utser Jonas Ransgård.')).toEqual([
      ['substantive', 'Styrgruppen utser Jonas Ransgård.'],
    ]);
  });

  it('marks a meeting found lawful and information noted "för kännedom" routine, not the preparation\'s question', () => {
    expect(
      under(
        'Sammanträdets laglighet',
        'Ordförande öppnar sammanträdet och konstaterar om välfärdsnämnden är lagligt sammankallad och beslutför.\nBeslut:\nSammanträdet konstaterades vara lagligen sammankallat och beslutfört.',
      ),
    ).toEqual([['routine', 'Sammanträdet konstaterades vara lagligen sammankallat och beslutfört.']]);
    expect(kinds('Beslut:\nAntecknas för kännedom.')).toEqual(['routine']);
    expect(kinds('Nämnden tackade ungdomarna för presentationen och den antecknades för kännedom.')).toEqual([
      'routine',
    ]);
    expect(kinds('Beslut\nInformationen noteras till protokollet.')).toEqual(['routine']);
    // Told in the past, as minnesanteckningar write it, and of a presentation or an account as of information.
    expect(kinds('Beslut: Informationen noterades.')).toEqual(['routine']);
    expect(kinds('Presentationen noteras.')).toEqual(['routine']);
    expect(kinds('Redogörelsen togs emot och lades till handlingarna.')).toEqual(['routine']);
    expect(kinds('Chefsgruppen noterade återrapporteringen.')).toEqual(['routine']);
    // A plan taken note of is still a plan: only reports are.
    expect(kinds('Handlingsplanen noterades och godkändes.')).toEqual(['substantive']);
  });

  it('marks a report taken note of and filed as routine, the body named in full', () => {
    expect(
      kinds(
        'Vård- och omsorgsnämnden noterar redovisningen och lägger den till handlingarna.',
        'Vård- och omsorgsnämnden',
      ),
    ).toEqual(['routine']);
    expect(
      kinds('Arbetsmarknads- och socialnämnden noterar informationen.', 'Arbetsmarknads- och socialnämnden'),
    ).toEqual(['routine']);
    expect(kinds('Nämnden lägger rapporten till handlingarna.', 'Socialnämnden')).toEqual(['routine']);
    // Told in the past, as minnesanteckningar write it.
    expect(
      kinds(
        'Chefsgruppen tackade för redovisningen och lade den till handlingarna.',
        'Chefsgrupp för samverkan social välfärd samt vård och omsorg',
      ),
    ).toEqual(['routine']);
  });

  it("marks the last meeting's minutes approved as routine, under any heading", () => {
    expect(kinds('Minnesanteckningarna godkändes.')).toEqual(['routine']);
    expect(kinds('Föregående protokoll godkändes.')).toEqual(['routine']);
    expect(kinds('Protokollet från föregående möte godkänns.')).toEqual(['routine']);
    // A plan approved is no procedure.
    expect(kinds('Handlingsplanen godkändes.')).toEqual(['substantive']);
  });

  it('marks the agenda, the minutes and the adjuster as routine', () => {
    expect(kinds('Dagordningen godkändes.')).toEqual(['routine']);
    expect(kinds('Agendan godkänns.')).toEqual(['routine']);
    expect(kinds('Protokollet från föregående möte godkändes och lades till handlingarna.')).toEqual(['routine']);
    expect(kinds('Minnesanteckningar läggs till handlingarna.')).toEqual(['routine']);
    expect(kinds('Tom Rymoen utsågs till justerare.')).toEqual(['routine']);
    expect(kinds('Beslut: Dagordningen godkändes.')).toEqual(['routine']);
    expect(kinds('Beslut: Informationen noteras.')).toEqual(['routine']);
    expect(kinds('Styrgruppen tackar för informationen.')).toEqual(['routine']);
    expect(kinds('Beslut: Styrgruppen godkänner rapporten och ger arbetsgruppen i uppdrag att gå vidare.')).toEqual([
      'substantive',
    ]);
  });
});

describe('not decisions of this meeting', () => {
  it('leaves out earlier, future and proposed decisions', () => {
    expect(kinds('Chefsgruppen har tidigare beslutat att återupprätta styrgruppen.')).toEqual([]);
    expect(kinds('Beslut tas vid nästa chefsgruppmöte den 8 december')).toEqual([]);
    expect(kinds('Förslag till beslut: Nämnden beslutar att anta planen.')).toEqual([]);
    // The body's own earlier decision, told with its date and § in the item's description (Tyresö), after the
    // proposal as well as anywhere else.
    const history =
      'Äldre- och omsorgsnämnden beslutade på sammanträdet den 22 november 2021, § 90, om att nämnden ska få en återrapportering.';
    expect(kinds(history, 'Äldre- och omsorgsnämnden')).toEqual([]);
    expect(
      kinds(
        'Kommunstyrelsen beslutade 14 september 2016 § 132 att socialnämnden ska återrapportera.',
        'Kommunstyrelsen',
      ),
    ).toEqual([]);
    // A date in what is decided is today's decision.
    expect(kinds('Chefsgruppen beslutade att nästa möte hålls den 3 maj.')).toEqual(['substantive']);
    expect(
      found(
        `Äldre- och omsorgsnämndens förslag till beslut\n- Informationen noteras.\nBeskrivning av ärendet\n${history}`,
        'Äldre- och omsorgsnämnden',
      ).map((d) => d.text),
    ).toEqual([]);
  });

  it("leaves out other bodies' decisions and stances", () => {
    expect(
      kinds('Linnea informerade om att regionstyrelsen vid möte den 31 augusti beslutade att ansöka om medlemskap.'),
    ).toEqual([]);
    expect(kinds('Tre kommuner varslar om att de inte kan ställa sig bakom delar av förslagen.')).toEqual([]);
    expect(kinds('Socialnämnden beslutar att bifalla ansökan.', 'Kommunstyrelsen')).toEqual([]);
  });
});

describe('on the seed protocols', () => {
  const decided = (p: readonly Page[], body: string) =>
    segmented(p).map((i) => ({
      number: i.number,
      decisions: findDecisions(i, { body }).value,
    }));

  it('finds the decisions of 001 in the text and the PDF, with the PDF page', async () => {
    const body = 'Chefsgrupp för samverkan social välfärd samt vård och omsorg';
    const fromText = decided(seedTextPages('001_50d6c6026012b732'), body);
    const fromPdf = decided(await seedPdfPages('001_50d6c6026012b732'), body);
    const substantive = (xs: typeof fromText) =>
      xs.filter((x) => x.decisions.some((d) => d.kind === 'substantive')).map((x) => x.number);
    expect(substantive(fromText)).toEqual(['6', '7', '8', '9', '10', '11', '13']);
    expect(substantive(fromPdf)).toEqual(substantive(fromText));
    const item9 = fromPdf.find((x) => x.number === '9')!.decisions.find((d) => d.kind === 'substantive')!;
    expect(item9.page).toBeGreaterThan(1);
  });

  it('does not count "Beslut tas vid nästa chefsgruppmöte" in 002 item 8 as a decision', () => {
    const items = decided(seedTextPages('002_dd3eb397fa6549bb'), 'Chefsgrupp folkhälsa');
    expect(items.find((x) => x.number === '8')!.decisions).toEqual([]);
  });
});

describe('whole decisions', () => {
  const body = 'Chefsgrupp för samverkan social välfärd samt vård och omsorg';
  const item8 = (p: readonly Page[]) => {
    const it8 = segmented(p).find((i) => i.number === '8')!;
    return findDecisions(it8, { body }).value.find((d) => d.kind === 'substantive')!.text;
  };

  it('keeps the whole decision of 2024-04-19 §8, whose last lines repeat a list from earlier in the item', async () => {
    for (const text of [
      item8(await seedPdfPages('001_50d6c6026012b732')),
      item8(seedTextPages('001_50d6c6026012b732')),
    ]) {
      expect(text).toMatch(/Gemensam plan för primärvårdens som nav\n(- )?Systemledning\n(- )?Uppföljningsuppdrag$/);
    }
  });

  it('keeps lines that repeat inside one page of a PDF, but drops a letterhead repeated at the top of the next page', () => {
    const head = 'Region Exempel\nStyrgrupp demo\nProtokoll 2024-01-01';
    const pages = [
      {
        number: 1,
        text: `${head}\n1. Plan\nFöljande områden prioriteras:\nSystemledning\nUppföljningsuppdrag\nDiskussion om resurserna fördes.\nBeslut: Styrgruppen beslutar att prioritera:\nSystemledning\nUppföljningsuppdrag\n\n${'Fyllnadstext i punkten.\n'.repeat(12)}`,
      },
      { number: 2, text: `${head}\n2. Övrigt\nInga övriga frågor.` },
    ];
    const { draft } = through(pages, 'segment');
    const decision = findDecisions(draft.items.find((i) => i.number === '1')!, {
      body: 'Styrgrupp demo',
    }).value[0]!;
    expect(decision.text).toMatch(/prioritera:\nSystemledning\nUppföljningsuppdrag$/);
    expect(draft.pages[1]!.text).not.toContain('Styrgrupp demo');
  });

  it('follows a decision that announces its content ("beslutar att:") across a paragraph break', () => {
    const [decision] = found(
      'Beslut: Chefsgruppen beslutar att:\n\nStyrgruppen får ett utökat uppdrag.\nStyrgruppen byter namn.\n\nNästa möte hålls i maj.',
    );
    expect(decision!.text).toBe(
      'Chefsgruppen beslutar att:\nStyrgruppen får ett utökat uppdrag.\nStyrgruppen byter namn.',
    );
  });

  it('follows the whole pipeline to the full decision of 2024-04-19 §8 from the bundled PDF', async () => {
    const { processPages } = await import('../../ingest/pipeline.js');
    const it8 = processPages(await seedPdfPages('001_50d6c6026012b732')).items.find((i) => i.number === '8')!;
    expect(it8.decisions.find((d) => d.kind === 'substantive')!.text).toMatch(
      /^Chefsgruppen beslutar att:\nStyrgruppen för ny överenskommelse[\s\S]*Systemledning\nUppföljningsuppdrag$/,
    );
  });
});
