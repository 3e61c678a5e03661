/**
 * Assignments in the phrasing of kommun decisions, and report-backs read from an item's text (the matters stage, pure): a point
 * followed up ("Topic – Holder. Status …") with its status sentences, a body
 * reciting its own earlier decision and what happened since, and the passages
 * that are no report-back (the next meeting's agenda). The scores on labelled
 * protocols are in matters.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { findAssignments } from '../../ingest/stages/assignments.js';
import { findDecisions, sentences } from '../../ingest/stages/decisions.js';
import type { SegmentedItem } from '../../ingest/stages/segment.js';

const item = (title: string, text: string): SegmentedItem => ({
  ordinal: 0,
  number: '1',
  title,
  text,
  pages: [1],
  presenters: [],
  municipalities: [],
});
const reportBacks = (title: string, text: string) =>
  findAssignments(item(title, text), [], { body: 'Styrgruppen', meetingDate: '2023-02-07' }).reportBacks.map(
    (r) => r.sentence,
  );

/** The assignments of one item's text, decisions read first as the pipeline does: [assignee, due, dueDate]. */
const assignments = (text: string) => {
  const it = item('Ärende', text);
  const decisions = findDecisions(it, { body: 'Socialnämnden' }).value;
  return findAssignments(it, decisions, { body: 'Socialnämnden', meetingDate: '2024-03-01' }).assignments.map((a) => [
    a.assignee,
    a.due,
    a.dueDate,
  ]);
};

describe("matters in other kommuners' minutes (Tyresö, insynsverige.se), which no rule was written from", () => {
  it('gives no task in a proposal to another body, written under a body named in more words', () => {
    const proposal = [
      'Barn- och utbildningsnämndens förslag till beslut',
      '1. Redovisning av förstudien godkänns.',
      '2. Barn- och utbildningsförvaltningen får i uppdrag att utreda frågan vidare.',
    ].join('\n');
    expect(assignments(proposal)).toEqual([]);
    const toAnother = [
      'Socialnämndens förslag till kommunstyrelsen för förslag till kommunfullmäktige',
      '3. Socialförvaltningen ges i uppdrag att teckna hyresavtal.',
    ].join('\n');
    expect(assignments(toAnother)).toEqual([]);
    // A report proposed for the spring is a report to come, not one given.
    expect(
      reportBacks(
        'Granskning',
        'Åtgärder till följd av granskningarna återrapporteras till socialnämnden under våren år 2018.',
      ),
    ).toEqual([]);
  });

  it('reads a recited task with the verb before its subject, and a time between the verb and the task', () => {
    expect(
      assignments(
        'Vid kommunfullmäktiges sammanträde den 26 oktober 2017 fick socialnämnden i uppdrag att redovisa en plan för sänkta kostnader.',
      ),
    ).toEqual([['socialnämnden', null, null]]);
    expect(
      assignments('Socialnämnden fick vid sammanträdet den 12 maj 2017 i uppdrag att utreda hemtjänsten.'),
    ).toEqual([['Socialnämnden', null, null]]);
  });

  it('names the holder of a task in a clause of its own, or given with another body', () => {
    expect(
      assignments(
        'Regionfullmäktige beslutade att godkänna den nya styrmodellen och att regionstyrelsen får i uppdrag att informera fullmäktige om införandet.',
      ),
    ).toEqual([['regionstyrelsen', null, null]]);
    expect(
      assignments(
        'Förvaltningen för liv och hälsa har tillsammans med barn- och utbildningsförvaltningen, fått i uppdrag att ta fram en förstudie.',
      ),
    ).toEqual([['Förvaltningen för liv och hälsa', null, null]]);
    // Recited as received, by nobody the sentence names.
    const [given] = findAssignments(
      item(
        'Resursskola',
        'Förvaltningen för liv och hälsa har tillsammans med barn- och utbildningsförvaltningen, fått i uppdrag att ta fram en förstudie.',
      ),
      [],
      { body: 'Barn- och utbildningsnämnden', meetingDate: '2019-05-22' },
    ).assignments;
    expect(given).toMatchObject({ recited: true, giver: null });
  });

  it('takes no due time from the date the task was given ("beslutade den 12 november 2015 § 175")', () => {
    expect(
      assignments(
        'Kommunstyrelsen beslutade den 12 november 2015 § 175 att ge kommundirektören i uppdrag att genomföra en genomlysning.',
      ),
    ).toEqual([['kommundirektören', null, null]]);
    expect(assignments('Förvaltningen får i uppdrag att återkomma senast den 30 juni 2024.')).toEqual([
      ['Förvaltningen', 'senast den 30 juni 2024', '2024-06-30'],
    ]);
  });
});

describe("a collaboration group's decided tasks and action points", () => {
  const read = (text: string) => {
    const it = item('Hälso- och sjukvård i hemmet', text);
    const decisions = findDecisions(it, { body: 'Chefsgrupp social välfärd' }).value;
    return findAssignments(it, decisions, { body: 'Chefsgrupp social välfärd', meetingDate: '2024-02-09' });
  };

  it('reads a decided task from its verb, and its report time told without a verb as part of it', () => {
    const found = read(
      'Beslut: Chefsgruppen beslutar att Maria Sjö sammankallar arbetsgruppen. Återrapport vid mötet i juni.',
    );
    expect(found.assignments.map((a) => [a.assignee, a.task])).toEqual([['Maria Sjö', 'sammankallar arbetsgruppen']]);
    expect(found.assignments[0]!.sentence).toContain('Återrapport vid mötet i juni.');
    // The report still to come is no report-back.
    expect(found.reportBacks).toEqual([]);
  });

  it('reads a task after its label, two people named in full holding it', () => {
    expect(
      read('Uppdrag: Eva Holm och Lars Ek tar fram ett underlag till nästa möte.').assignments.map((a) => [
        a.assignee,
        a.task,
      ]),
    ).toEqual([['Eva Holm och Lars Ek', 'tar fram ett underlag till nästa möte']]);
    // The holder in the label: "Uppdrag till processledaren: …".
    expect(
      read('Uppdrag till processledaren: bjuda in socialtjänsten till nästa möte.').assignments.map((a) => [
        a.assignee,
        a.task,
      ]),
    ).toEqual([['processledaren', 'bjuda in socialtjänsten till nästa möte']]);
  });

  it('reads a holder named with its article and an adjective: "den regionala suicidsamordnaren"', () => {
    expect(
      read('Beslut: Chefsgruppen ger den regionala suicidsamordnaren i uppdrag att följa upp planen.').assignments.map(
        (a) => [a.assignee, a.task],
      ),
    ).toEqual([['den regionala suicidsamordnaren', 'följa upp planen']]);
  });

  it('reads a request to the members as a task: "Kommunerna ombeds att …", "X anmodas att …"', () => {
    expect(
      read('Kommunerna ombeds att inkomma med uppgifter om bemanningen senast den 30 maj.').assignments.map((a) => [
        a.assignee,
        a.task,
        a.due,
      ]),
    ).toEqual([['Kommunerna', 'inkomma med uppgifter om bemanningen senast den 30 maj', 'senast den 30 maj']]);
    expect(read('Förvaltningen anmodas att yttra sig.').assignments.map((a) => a.assignee)).toEqual(['Förvaltningen']);
  });

  it('reads an action list: a table of what, who and by when, the labelled fields of a point, a holder after the task', () => {
    const points = (text: string) =>
      read(text).assignments.map((a) => [a.assignee, a.task, a.due, a.dueDate, a.giver, a.recited]);
    expect(
      points(
        'Gruppen gick igenom läget.\nÅtgärd\tAnsvarig\tKlart\nSammanställa statistik över utskrivningar\tKarin Sjö\t2024-03-15\nBoka lokal för workshop\tLisa Holm\toktober\n\nNästa möte i april.',
      ),
    ).toEqual([
      [
        'Karin Sjö',
        'Sammanställa statistik över utskrivningar',
        '2024-03-15',
        '2024-03-15',
        'Chefsgrupp social välfärd',
        false,
      ],
      ['Lisa Holm', 'Boka lokal för workshop', 'oktober', '2024-10-31', 'Chefsgrupp social välfärd', false],
    ]);
    expect(
      points('Åtgärd: Ta fram ett förslag till reviderad överenskommelse. Ansvarig: Per Ek. Klart: 2024-05-01.'),
    ).toEqual([
      [
        'Per Ek',
        'Ta fram ett förslag till reviderad överenskommelse',
        '2024-05-01',
        '2024-05-01',
        'Chefsgrupp social välfärd',
        false,
      ],
    ]);
    expect(points('Åtgärd: Skicka ut inbjudan till dialogmötet\nAnsvarig: Anna Berg')).toEqual([
      ['Anna Berg', 'Skicka ut inbjudan till dialogmötet', null, null, 'Chefsgrupp social välfärd', false],
    ]);
    expect(
      points('Chefsgruppen ställer sig bakom planen.\nAnsvarig för att planen skickas vidare: Anna Berg.'),
    ).toEqual([['Anna Berg', 'planen skickas vidare', null, null, 'Chefsgrupp social välfärd', false]]);
    // A table with a responsible column but no task column is a budget or a list of contacts, not action points.
    expect(points('Verksamhet\tAnsvarig\tBudget\nHemtjänst\tEva Lund\t12 mnkr')).toEqual([]);
    // Under a follow-up of the last meeting's points they were given then: recited.
    const followedUp = findAssignments(
      item('Genomgång av åtgärdslistan', 'Åtgärd\tAnsvarig\tStatus\nBoka lokal för workshop\tLisa Holm\tKlart'),
      [],
      { body: 'Chefsgrupp social välfärd', meetingDate: '2024-02-09' },
    ).assignments;
    expect(followedUp.map((a) => [a.assignee, a.giver, a.recited])).toEqual([['Lisa Holm', null, true]]);
  });

  it('reads "återrapporterade uppdraget från maj" as the report, not as a task given by "maj"', () => {
    const found = read(
      'Per Lind återrapporterade uppdraget från maj om en gemensam finansieringsmodell för barnahus. Förslaget är att kostnaderna fördelas efter invånarantal.',
    );
    expect(found.assignments).toEqual([]);
    expect(found.reportBacks.map((r) => r.sentence)).toEqual([
      'Per Lind återrapporterade uppdraget från maj om en gemensam finansieringsmodell för barnahus.',
    ]);
  });

  it('takes the body thanking for a report just told for no second report', () => {
    expect(
      reportBacks(
        'Uppföljning av uppdrag från föregående möte',
        'Johan Ek återrapporterade uppdraget om gemensam rutin för samordnad individuell plan (SIP).\nStyrgruppen tackade för återrapporteringen.',
      ),
    ).toEqual(['Johan Ek återrapporterade uppdraget om gemensam rutin för samordnad individuell plan (SIP).']);
    // Alone under a report's title, the thanks is what tells of the report.
    expect(reportBacks('Återrapportering av uppdrag om SIP', 'Styrgruppen tackade för återrapporteringen.')).toEqual([
      'Styrgruppen tackade för återrapporteringen.',
    ]);
  });

  it('reads a point raised with the promise to come back on it, but not a status in the perfect', () => {
    expect(
      read(
        'Per Lind tar upp frågan om ungdomsmottagningarnas öppettider och återkommer vid nästa möte.',
      ).assignments.map((a) => [a.assignee, a.task, a.due]),
    ).toEqual([
      ['Per Lind', 'tar upp frågan om ungdomsmottagningarnas öppettider och återkommer vid nästa möte', 'nästa möte'],
    ]);
    expect(read('Anna har kontaktat samverkansgrupperna och återkommer med en sammanställning.').assignments).toEqual(
      [],
    );
  });
});

describe('assignments in the phrasing of kommun decisions', () => {
  it('reads "uppdra åt" in the infinitive, in a decision and in its list of att-clauses', () => {
    expect(
      assignments(
        'Beslut\nKommunstyrelsen beslutar att uppdra åt kommundirektören att ta fram en plan till den 30 juni 2024.',
      ),
    ).toEqual([['kommundirektören', 'den 30 juni 2024', '2024-06-30']]);
    expect(
      assignments(
        'Socialnämndens beslut\nSocialnämnden beslutar\natt godkänna rapporten,\natt uppdra åt förvaltningen att återkomma med en handlingsplan.',
      ),
    ).toEqual([['förvaltningen', null, null]]);
  });

  it('takes the date of the meeting a task is due to ("till kommunstyrelsens sammanträde i oktober 2024")', () => {
    expect(
      assignments(
        'Kommunstyrelsens beslut\n2. Kommundirektören får i uppdrag att återkomma med en finansieringsplan till kommunstyrelsens sammanträde i oktober 2024.',
      ),
    ).toEqual([['Kommundirektören', 'oktober 2024', '2024-10-31']]);
    // The meeting a task was given at is no due date.
    expect(
      assignments(
        'Vid kommunfullmäktiges sammanträde den 26 oktober 2023 fick socialnämnden i uppdrag att redovisa en plan.',
      ),
    ).toEqual([['socialnämnden', null, null]]);
  });

  it('reads a month without a year as the due month after the meeting, not the month a task was given', () => {
    expect(
      assignments('Beslut\nSocialnämnden ger socialchefen i uppdrag att rapportera om utfallet i december.'),
    ).toEqual([['socialchefen', 'december', '2024-12-31']]);
    expect(assignments('Beslut\nSocialnämnden ger socialchefen i uppdrag att rapportera senast i februari.')).toEqual([
      ['socialchefen', 'senast i februari', '2025-02-28'],
    ]);
    expect(assignments('Nämnden beslutade i maj att ge förvaltningen i uppdrag att utreda frågan.')).toEqual([
      ['förvaltningen', null, null],
    ]);
  });

  it('takes no start date for the due date ("förstärks från 1.9.2024")', () => {
    expect(
      assignments(
        'Beslut\nSocialnämnden beslutar att nattpatrullen förstärks från 1.9.2024 och att socialchefen ges i uppdrag att rapportera om utfallet senast 15.12.2024.',
      ),
    ).toEqual([['socialchefen', 'senast 15.12.2024', '2024-12-15']]);
  });

  it('reads the passive "X uppdras att", a recited "har gett X i uppdrag", a motion handed over and a matter sent back', () => {
    expect(assignments('Barn- och utbildningsförvaltningen uppdras att ta fram en ny skolplan.')).toEqual([
      ['Barn- och utbildningsförvaltningen', null, null],
    ]);
    expect(assignments('Nämnden har tidigare gett förvaltningen i uppdrag att utreda frågan.')).toEqual([
      ['förvaltningen', null, null],
    ]);
    expect(
      assignments('Kommunfullmäktige beslutar att överlämna motionen till kommunstyrelsen för beredning.'),
    ).toEqual([['kommunstyrelsen', null, null]]);
    expect(assignments('Beslut\nÄrendet återremitteras till förvaltningen för komplettering.')).toEqual([
      ['förvaltningen', null, null],
    ]);
    // Sent back without a holder: no one to follow up.
    expect(assignments('Beslut\nÄrendet återremitterades för vidare utredning.')).toEqual([]);
  });

  it('takes no date before the meeting for a due date (when the task was given, not when it is due)', () => {
    expect(assignments('Ett utredningsuppdrag om pilotverksamhet gavs i augusti 2023.')).toEqual([
      [null, 'augusti 2023', null],
    ]);
  });

  it('resolves a due month with its year to the month’s last day', () => {
    expect(
      assignments(
        'Beslut\nNämnden beslutar att ge förvaltningen i uppdrag att utreda frågan och återrapportera senast i december 2024.',
      ),
    ).toEqual([['förvaltningen', 'december 2024', '2024-12-31']]);
  });
});

describe('report-backs', () => {
  it('reads a followed-up point with its status, up to the next point or the next task', () => {
    const text = [
      'a. Förskolebarn med misstänkt IF – Marie. Gruppen håller på att jobba fram analyser. Underlaget kom fram vid workshopen.',
      'b. Restriktivt ätande – Marie. Arbetsgruppen har fått till samverkansstid.',
      'Marina återkopplar vid nästa möte.',
      'Gryningen i länsdelarna – Ingmar rapporterar att frågan tagits upp i AU.',
    ].join('\n');
    expect(reportBacks('Återkoppling från utredande arbetsgrupp', text)).toEqual([
      'Förskolebarn med misstänkt IF – Marie. Gruppen håller på att jobba fram analyser. Underlaget kom fram vid workshopen.',
      'Restriktivt ätande – Marie. Arbetsgruppen har fått till samverkansstid.',
      'Gryningen i länsdelarna – Ingmar rapporterar att frågan tagits upp i AU.',
    ]);
  });

  it('takes no point of the next meeting’s agenda for a report-back', () => {
    const text = [
      'a. 18/4 kl 10-12',
      'i. Återkoppling – utveckling av elevhälsans medicinska insats – Marina',
      'ii. Införande av Lifecare SP i skolan – Marina',
    ].join('\n');
    expect(reportBacks('Vårens möten', text)).toEqual([]);
    // The same points in an item that follows up the last meeting, without a status, report nothing either.
    expect(reportBacks('Föregående protokoll', text)).toEqual([]);
  });

  it('reads a body reciting its own earlier decision (date and §) and what happened since', () => {
    const text =
      'Nämnden har tillsatt en arbetsgrupp för förebyggande arbete (24.3.2022 / § 19). Arbetsgruppen har träffats 7.6.2022. Ordföranden berättar om mötet.\n\nFörslag:\nNämnden antecknar informationen.';
    expect(reportBacks('Lokala organet', text)).toEqual([
      'Nämnden har tillsatt en arbetsgrupp för förebyggande arbete (24.3.2022 / § 19). Arbetsgruppen har träffats 7.6.2022. Ordföranden berättar om mötet.',
    ]);
  });

  it('reads a report on a task told in the past, as minnesanteckningar write it', () => {
    expect(
      reportBacks(
        'Rapporter',
        'Anna Berg återkopplade kring uppdraget från förra mötet om riktlinjer för trygg hemgång.\nPer Ek informerade om läget i äldreomsorgen.',
      ),
    ).toEqual(['Anna Berg återkopplade kring uppdraget från förra mötet om riktlinjer för trygg hemgång.']);
    // The holder of the task recited before presents the work.
    expect(
      reportBacks(
        'Samordnad individuell plan',
        'Vid förra mötet fick Lisa Holm i uppdrag att ta fram en länsgemensam rutin för SIP. Lisa redovisade rutinen som nu är klar.',
      ),
    ).toEqual(['Lisa redovisade rutinen som nu är klar.']);
    // Someone else presenting is no report on that task.
    expect(
      reportBacks(
        'Samordnad individuell plan',
        'Vid förra mötet fick Lisa Holm i uppdrag att ta fram en länsgemensam rutin för SIP. Per Ek presenterade statistiken.',
      ),
    ).toEqual([]);
  });

  it('reads work said to be done on a task, however the sentence orders it', () => {
    expect(reportBacks('Tillägg', 'Samtidigt har en närmare analys gjorts på hur tilläggen motiveras.')).toHaveLength(
      1,
    );
    expect(reportBacks('Förstudie', 'Förstudien är nu genomförd och ska redovisas.')).toHaveLength(1);
    expect(reportBacks('Budget', 'Nämnden har gjort en analys av budgeten inför nästa år.')).toEqual([]);
    expect(reportBacks('Nattbemanning', 'Förvaltningen har nu genomfört utredningen om nattbemanning.')).toHaveLength(
      1,
    );
    expect(reportBacks('Nattbemanning', 'Utredningen ska återrapporteras till nämnden i maj.')).toEqual([]);
    expect(reportBacks('Nattbemanning', 'Utredningen redovisas i bilaga 3.')).toHaveLength(1);
  });

  it('reads the points of a follow-up list by any of its names (bevakningslista, uppdragslista, pågående uppdrag)', () => {
    const text =
      'Samordnad individuell plan – Anna. Anna har kontaktat de lokala samverkansgrupperna och väntar på svar.';
    for (const title of ['Bevakningslista', 'Genomgång av uppdragslistan', 'Pågående uppdrag', 'Actionlista'])
      expect(reportBacks(title, text)).toEqual([text]);
    expect(reportBacks('Övriga frågor', text)).toEqual([]);
  });

  it('leaves out the standing reports a nämnd hears at every meeting', () => {
    expect(
      reportBacks('Ekonomisk uppföljning februari', 'Förvaltningen redovisar den ekonomiska uppföljningen.'),
    ).toEqual([]);
    expect(reportBacks('Information om äldreomsorgen', 'Socialchefen informerar om läget i äldreomsorgen.')).toEqual(
      [],
    );
    // A group's standing report is none either ("Rapportering från strategigrupperna", Jönköping's LGS).
    expect(
      reportBacks('Rapportering från strategigrupperna', 'Ulla Henriksson informerar om arbetet i strategigruppen.'),
    ).toEqual([]);
    // The work a task asked for, presented, still is one.
    expect(reportBacks('Nattbemanning', 'Socialchefen redovisar utredningen om nattbemanning.')).toHaveLength(1);
  });
});

describe('a report on a task an earlier meeting gave, recited in the same item', () => {
  const read = (title: string, text: string) =>
    findAssignments(item(title, text), [], { body: 'Kommunstyrelsen', meetingDate: '2024-06-01' });

  it('reads the task cited by its date and § as recited, and links the report to it', () => {
    const found = read(
      'Redovisning av uppdrag om lokalförsörjning',
      'Kommunstyrelsen gav 2023-03-01, § 45 kommundirektören i uppdrag att utreda lokalförsörjningen. Förvaltningen redovisar nu uppdraget i bifogad rapport.',
    );
    expect(found.assignments).toEqual([
      expect.objectContaining({ giver: 'Kommunstyrelsen', assignee: 'kommundirektören', recited: true }),
    ]);
    expect(found.reportBacks).toEqual([
      expect.objectContaining({
        sentence: 'Förvaltningen redovisar nu uppdraget i bifogad rapport.',
        answersInItem: 0,
      }),
    ]);
  });

  it('reads the holder of a task cited by its date and § between the verb and "i uppdrag"', () => {
    const found = read(
      'Uppföljning av uppdrag om heltid som norm',
      'Förvaltningen fick 2023-03-15 § 30 i uppdrag att utreda förutsättningarna för heltid som norm. Utredningen är nu klar och redovisas i bilaga.',
    );
    expect(found.assignments).toEqual([
      expect.objectContaining({ assignee: 'Förvaltningen', recited: true, task: expect.stringMatching(/^utreda/) }),
    ]);
    expect(found.reportBacks).toEqual([expect.objectContaining({ answersInItem: 0 })]);
  });

  it('reads an item titled as a report by its first passage, whatever its words', () => {
    const found = read(
      'Redovisning av uppdrag om skolskjuts',
      'Kommunstyrelsen gav 2023-03-01, § 45 förvaltningen i uppdrag att se över skolskjutsen. Skolskjutsen kostade 4 miljoner kronor under 2023. Elevantalet ökar.\n\nFörslag till beslut\nKommunstyrelsen beslutar att lägga redovisningen till handlingarna.',
    );
    expect(found.reportBacks).toEqual([
      expect.objectContaining({
        sentence: 'Skolskjutsen kostade 4 miljoner kronor under 2023. Elevantalet ökar.',
        answersInItem: 0,
      }),
    ]);
  });

  it('keeps a task recited with its decision in brackets an assignment, its task without the citation', () => {
    const found = read(
      'Svar på uppdrag om skolskjuts',
      'Barn- och utbildningsnämnden har tidigare gett förvaltningen i uppdrag att se över skolskjutsreglerna (BUN 2023-05-10 § 40). Förvaltningen har nu genomfört översynen.',
    );
    expect(found.assignments).toEqual([
      expect.objectContaining({
        giver: 'Barn- och utbildningsnämnden',
        assignee: 'förvaltningen',
        task: 'se över skolskjutsreglerna',
        recited: true,
      }),
    ]);
    expect(found.reportBacks.map((r) => r.answersInItem)).toEqual([0]);
  });
});

describe("a body's later handling of the task it gave", () => {
  const handlings = (laterBody: string) =>
    [
      'Socialnämnden 20.2.2023, 6 §',
      '',
      'Beredning: socialchef Anna Berg',
      '  Lagret av gåvor är slut.',
      '',
      'Socialnämndens beslut:',
      '  Socialnämnden beslöt att ge förvaltningen i uppgift att bestämma nivåer för gåvorna.',
      '',
      `${laterBody} 22.3.2023, 17 §`,
      '',
      'Beredning: socialchef Anna Berg',
      '  Nivåerna för gåvorna är:',
      '  20 år 150 €',
      '',
      'Förslag:',
      '  Nämnden antecknar ärendet.',
    ].join('\n');

  it('reads the preparation of its next handling as the report-back on it, linked in the item', () => {
    const found = findAssignments(item('Gåvor', handlings('Socialnämnden')), [], {
      body: 'Socialnämnden',
      meetingDate: '2023-03-22',
    });
    expect(found.assignments.map((a) => a.assignee)).toEqual(['förvaltningen']);
    expect(found.reportBacks).toEqual([
      expect.objectContaining({ sentence: 'Nivåerna för gåvorna är: 20 år 150 €', answersInItem: 0 }),
    ]);
  });

  it("does not take another body's handling for a report on it", () => {
    const found = findAssignments(item('Gåvor', handlings('Kommunstyrelsen')), [], {
      body: 'Kommunstyrelsen',
      meetingDate: '2023-03-22',
    });
    expect(found.reportBacks).toEqual([]);
  });
});

describe('report-backs and the assignments they are not', () => {
  it('reads a report to come as the task’s due time, and a holder presenting the study as a report-back', () => {
    const given = findAssignments(
      item(
        'Nattbemanning',
        'Nämnden ger Anna Berg i uppdrag att utreda nattbemanningen. Återrapport sker vid nästa sammanträde.',
      ),
      [],
      { body: 'Socialnämnden', meetingDate: '2025-02-10' },
    );
    expect(given.assignments.map((a) => [a.assignee, a.due])).toEqual([['Anna Berg', 'nästa sammanträde']]);
    expect(given.reportBacks).toEqual([]);
    expect(
      reportBacks('Återrapport om nattbemanning', 'Anna Berg redovisar utredningen av nattbemanningen.'),
    ).toHaveLength(1);
  });
});

describe('sentences', () => {
  it('keeps the text before a date or an abbreviation written with stops', () => {
    expect(
      sentences('Gruppen tillsattes (24.3.2022 / § 19). Beslutet delges E.N och T.T-E. Klart.').map((s) => s.text),
    ).toEqual(['Gruppen tillsattes (24.3.2022 / § 19).', 'Beslutet delges E.N och T.T-E.', 'Klart.']);
  });

  it('reads on past an abbreviation before a word in lower case or a number, not past a full stop', () => {
    // A Tyresö decision point, cut at "resp." before this.
    expect(
      sentences(
        'Nämnden beslutar att fastställa ny modell för hyrespeng i barnomsorgs- resp. elevpeng. Beslutet gäller bl.a. förskolan från kl. 13. Klart.',
      ).map((s) => s.text),
    ).toEqual([
      'Nämnden beslutar att fastställa ny modell för hyrespeng i barnomsorgs- resp. elevpeng.',
      'Beslutet gäller bl.a. förskolan från kl. 13.',
      'Klart.',
    ]);
    expect(sentences('Ärendet gäller hemtjänst m.m. Nästa punkt.').map((s) => s.text)).toEqual([
      'Ärendet gäller hemtjänst m.m.',
      'Nästa punkt.',
    ]);
  });
});

describe("action points in associations' minutes (styrelsemöten: Piratpartiet, Kvastskaft, Lysator, KFUM …), which no rule was written from", () => {
  /** [assignee, task] of one item's text, with the people the head lists. */
  const points = (text: string, people: readonly string[] = []) => {
    const it = item('Ärende', text);
    const decisions = findDecisions(it, { body: 'Styrelsemöte' }).value;
    return findAssignments(it, decisions, { body: 'Styrelsemöte', meetingDate: '2017-06-08', people }).assignments.map(
      (a) => [a.assignee, a.task],
    );
  };

  it('reads a person doing something after the meeting in any of the everyday verbs, the task from the verb on', () => {
    expect(points('Stefan fixar grillkväll med Magnus i juli.')).toEqual([
      ['Stefan', 'fixar grillkväll med Magnus i juli'],
    ]);
    expect(points('Andreas skickar ut mail den 22/6.')).toEqual([['Andreas', 'skickar ut mail den 22/6']]);
    expect(points('Gunnar Axe ansvarar för att undersöka vilka krav som finns.')).toEqual([
      ['Gunnar Axe', 'undersöka vilka krav som finns'],
    ]);
    expect(points('Karl-Ingvar och Lars-Erik ska sälja digitaliserat material.')).toEqual([
      ['Karl-Ingvar och Lars-Erik', 'ska sälja digitaliserat material'],
    ]);
    expect(points('- Emil uppdaterar sin arbetsbeskrivning till kommande möte.')).toEqual([
      ['Emil', 'uppdaterar sin arbetsbeskrivning till kommande möte'],
    ]);
    // A name that is also a word ("Marina") is a person when the head lists her.
    expect(points('Marina kollar med Alf om ekonomin.')).toEqual([]);
    expect(points('Marina kollar med Alf om ekonomin.', ['Marina Holm'])).toEqual([
      ['Marina', 'kollar med Alf om ekonomin'],
    ]);
  });

  it('reads two points in one sentence as two, and two holders of one point as one', () => {
    expect(points('Nästa AW 30 juni på Bishops Järntorget, Nicolas bokar bord och Sofia skapar FB-event.')).toEqual([
      ['Nicolas', 'bokar bord'],
      ['Sofia', 'skapar FB-event'],
    ]);
    expect(points('Uffe och Essan jobbar vidare med frågan.')).toEqual([
      ['Uffe och Essan', 'jobbar vidare med frågan'],
    ]);
    expect(
      points('Julfesten hålls den 10 december. Maja bokar lokal och Olle handlar fika.', ['Maja Ek', 'Olle Berg']),
    ).toEqual([
      ['Maja', 'bokar lokal'],
      ['Olle', 'handlar fika'],
    ]);
    // What a text is about is no errand.
    expect(points('Olle handlar om ekonomin i sin rapport.', ['Olle Berg'])).toEqual([]);
  });

  it('reads a point told with a time or a reason first, the holder after the verb (Medelpads hembygdsförbund)', () => {
    expect(
      points('Då det endast finns en förening som berörs tar ordföranden kontakt med föreningen och förklarar detta.'),
    ).toEqual([['ordföranden', 'tar kontakt med föreningen och förklarar detta']]);
    expect(points('Till nästa möte tar Per Lind fram ett förslag på budget.')).toEqual([
      ['Per Lind', 'tar fram ett förslag på budget'],
    ]);
    expect(points('Efter mötet skickar sekreteraren ut protokollet.')).toEqual([
      ['sekreteraren', 'skickar ut protokollet'],
    ]);
    // "tar" without its particle, a pronoun, or what was done at the meeting: none.
    expect(points('Till hösten tar Anna med sig barnen.', ['Anna Berg'])).toEqual([]);
    expect(points('Till nästa möte tar vi med oss frågan.')).toEqual([]);
    expect(points('Under mötet presenterade Anna rapporten.', ['Anna Berg'])).toEqual([]);
  });

  it('reads a point written after its label ("Åtgärd: Lisa skickar ut inbjudan")', () => {
    expect(points('Åtgärd: Lisa skickar ut inbjudan senast 25 november.')).toEqual([
      ['Lisa', 'skickar ut inbjudan senast 25 november'],
    ]);
    expect(points('Ansvarig: Per Lind återkommer vid nästa möte.')).toEqual([
      ['Per Lind', 'återkommer vid nästa möte'],
    ]);
  });

  it('reads "ger i uppdrag åt X att …", the holder after the task words, and a task delegated', () => {
    expect(points('Styrelsen ger i uppdrag åt FK att ta fram en plan för året.')).toEqual([
      ['FK', 'ta fram en plan för året'],
    ]);
    expect(points('Styrelsen beslöt att ge redaktionellt uppdrag till sekreteraren att stycka upp förslaget.')).toEqual(
      [['sekreteraren', 'stycka upp förslaget']],
    );
    expect(points('Beslut att delegera till ledningen att skriva beslutsunderlag till detta.')).toEqual([
      ['ledningen', 'skriva beslutsunderlag till detta'],
    ]);
    expect(
      points('Styrelsen beslöt att ge redaktionellt uppdrag till sekreteraren att stycka upp förslaget att skicka ut.'),
    ).toEqual([['sekreteraren', 'stycka upp förslaget att skicka ut']]);
    // A mandate: "befullmäktigar X att", "ger X fullmakt att".
    expect(points('Stadsstyrelsen befullmäktigar stadsdirektören att underteckna avtalet.')).toEqual([
      ['stadsdirektören', 'underteckna avtalet'],
    ]);
    expect(points('Kommunstyrelsen ger kommundirektören fullmakt att underteckna avtalet.')).toEqual([
      ['kommundirektören', 'underteckna avtalet'],
    ]);
    expect(points('Ansvaret för tioårsartikeln delegerades till AU.').map(([who]) => who)).toEqual(['AU']);
    // The standing delegation of a right to decide is no task.
    expect(
      points('Nämnden har delegerat beslutanderätten till förvaltningschefen enligt delegationsordningen.'),
    ).toEqual([]);
  });

  it('gives no point for a standing duty, a narration or a cause, whose subject is no person', () => {
    expect(points('Regionen ansvarar för hälso- och sjukvården i hemmet.')).toEqual([]);
    // A standing role, not a task: "ansvarar för ekonomin" (but "ansvarar för att undersöka …" is one).
    expect(points('Annique ansvarar för ekonomin.')).toEqual([]);
    expect(points('Styrelsen gör en översyn av stadgarna.')).toEqual([]);
    expect(points('Länskliniker gör att slutenvården inte alltid genomförs på det närmaste sjukhuset.')).toEqual([]);
    expect(points('Anna berättar om läget i föreningen.')).toEqual([]);
    // A role in its definite form is no person's name (Jämtland's bulleted minutes).
    expect(points('• Ordföranden tar upp föregående protokoll.')).toEqual([]);
    expect(points('Kommunen ska vara med i arbetet.')).toEqual([]);
  });
});

describe("report-backs on an association's action points", () => {
  const reported = (title: string, text: string, people: readonly string[] = []) =>
    findAssignments(item(title, text), [], { body: 'Styrelsemöte', meetingDate: '2017-08-31', people }).reportBacks.map(
      (r) => r.sentence,
    );

  it('reads a person\'s status in the perfect tense under the points followed up ("Todo-listan", "Uppföljning av åtgärder")', () => {
    const text =
      'Andreas har letat efter tält men inte hittat något bra. Sofia har skrivit en kallelse.\nLinnea och Sixten har bokat tid i fyra klasser.';
    const all = [
      'Andreas har letat efter tält men inte hittat något bra.',
      'Sofia har skrivit en kallelse.',
      'Linnea och Sixten har bokat tid i fyra klasser.',
    ];
    // "Andreas" and "Linnea" are also words ("andre", "linnea"): people because the head lists them.
    const people = ['Andreas Berg', 'Sofia Lind', 'Linnea Ek', 'Sixten Holm'];
    expect(reported('Todo-listan', text, people)).toEqual(all);
    expect(reported('Uppföljning av åtgärder', text, people)).toEqual(all);
    expect(reported('Todo-listan', text)).toEqual(['Sofia har skrivit en kallelse.']);
    // Under any other item it is what someone did, no report on a task.
    expect(reported('Ekonomi', 'Andreas har varit i kontakt med banken.', people)).toEqual([]);
    // "Det har inte varit något möte": nobody's status.
    expect(
      reported('Återkoppling från SAMBUHS – Ylva', 'Det har inte varit något möte sedan vårt förra mötet.'),
    ).toEqual([]);
  });
});

describe('a remark is no action point', () => {
  it('reads "X tar upp att …" as raising a point, and "X tar upp det med Y vid nästa möte" as a task', () => {
    const holders = (text: string) =>
      findAssignments(item('Ärende', text), [], { body: 'Styrgruppen', meetingDate: '2022-10-07' }).assignments.map(
        (a) => a.assignee,
      );
    expect(holders('Ledamöter tar upp att patientperspektivet behöver finnas med tydligare.')).toEqual([]);
    expect(holders('Ledamöter tar upp vikten av samverkan.')).toEqual([]);
    expect(holders('Marina tar upp det med länets MLA vid nästa möte.')).toEqual(['Marina']);
  });
});

describe('a task proposed in prose', () => {
  const tasks = (text: string) => {
    const it = item('Ärende', text);
    const decisions = findDecisions(it, { body: 'Socialnämnden' }).value;
    return findAssignments(it, decisions, { body: 'Socialnämnden', meetingDate: '2024-03-01' }).assignments.map((a) => [
      a.assignee,
      a.task,
    ]);
  };

  it('is a task only once a decision approves the proposal ("Enligt förslag.")', () => {
    const proposed = 'Arbetsutskottet föreslår att nämnden ger förvaltningen i uppdrag att utreda frågan.';
    expect(tasks(proposed)).toEqual([]);
    expect(tasks(`${proposed}\n\nBeslut\nEnligt förslag.`)).toEqual([['förvaltningen', 'utreda frågan']]);
    expect(tasks(`${proposed}\n\nSocialnämnden beslutar enligt arbetsutskottets förslag.`)).toEqual([
      ['förvaltningen', 'utreda frågan'],
    ]);
  });
});

describe('a task reported on in the item that recites it', () => {
  const read = (title: string, text: string) =>
    findAssignments(item(title, text), [], { body: 'Socialnämnden', meetingDate: '2024-03-01' });

  it("reads the holder's account of what it has done since as the report-back on the recited task", () => {
    const found = read(
      'Riktlinjer för hemtjänst',
      'Socialnämnden gav 2023-03-01, § 45 förvaltningen i uppdrag att se över riktlinjerna. Förvaltningen har nu sett över riktlinjerna och redovisar ett förslag.',
    );
    expect(found.assignments.map((a) => [a.assignee, a.recited])).toEqual([['förvaltningen', true]]);
    expect(found.reportBacks).toMatchObject([
      { sentence: 'Förvaltningen har nu sett över riktlinjerna och redovisar ett förslag.', answersInItem: 0 },
    ]);
    // Someone else's doing is no report on it.
    expect(
      read(
        'Riktlinjer för hemtjänst',
        'Socialnämnden gav 2023-03-01, § 45 förvaltningen i uppdrag att se över riktlinjerna. Regionen har nu sett över sina riktlinjer.',
      ).reportBacks,
    ).toEqual([]);
  });

  it('reads "återrapporterar uppdraget" as the report itself, no task', () => {
    const found = read('Återrapportering', 'Förvaltningen återrapporterar uppdraget att se över riktlinjerna.');
    expect(found.assignments).toEqual([]);
    expect(found.reportBacks.map((r) => r.sentence)).toEqual([
      'Förvaltningen återrapporterar uppdraget att se över riktlinjerna.',
    ]);
  });
});
