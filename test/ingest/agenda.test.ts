/**
 * The papers sent before a meeting (kallelse, föredragningslista) decide nothing: the same items read
 * from the minutes and from the agenda give decisions and assignments only in the minutes (in the
 * agenda they are proposals awaiting a decision), while an assignment the agenda recites (given
 * earlier) and what its text reports on an earlier task stay facts, as the hand labels' rules have
 * them. Through the pure stages, as the pipeline runs them.
 */
import { describe, expect, it } from 'vitest';
import { processPages } from '../../ingest/pipeline.js';
import { textPages } from '../helpers/stages.js';

const ITEMS = `
§ 1 Mötets öppnande
Ordföranden öppnar mötet.

§ 2 Riktlinjer för suicidprevention
Dnr SN 2024/31
Förvaltningen fick i uppdrag av socialnämnden att ta fram riktlinjer för suicidprevention.
Förvaltningen har nu genomfört utredningen om suicidprevention och lämnar ett förslag till riktlinjer.
Beslut
Socialnämnden beslutar att godkänna riktlinjerna för suicidprevention.
Socialnämnden uppdrar åt förvaltningen att följa upp riktlinjerna i december.

§ 3 Mötets avslutande
Ordföranden avslutar mötet.
`;

const read = (title: string) => processPages(textPages(`${title}\nPlats: Stadshuset, Testköping\n${ITEMS}`));

describe('an agenda', () => {
  const minutes = read('Protokoll Socialnämnden 2024-05-14');
  const agenda = read('Föredragningslista Socialnämnden 2024-05-14');
  const summary = (r: ReturnType<typeof read>) =>
    r.items.map((i) => ({
      title: i.title,
      decisions: i.decisions.filter((d) => d.kind === 'substantive').length,
      given: (i.assignments ?? []).filter((a) => !a.recited).length,
      recited: (i.assignments ?? []).filter((a) => a.recited).length,
      reportBacks: (i.reportBacks ?? []).length,
      caseNumbers: (i.caseNumbers ?? []).map((c) => c.written),
    }));

  it('is read as one, with the same items, body and date as the minutes', () => {
    expect([minutes.meta.docType, agenda.meta.docType]).toEqual(['protokoll', 'föredragningslista']);
    expect([agenda.meta.body, agenda.meta.meetingDate]).toEqual([minutes.meta.body, minutes.meta.meetingDate]);
    expect(agenda.items.map((i) => i.title)).toEqual(minutes.items.map((i) => i.title));
  });

  it('decides and assigns nothing where the minutes do, and keeps what it recites and reports', () => {
    const inMinutes = summary(minutes)[1]!;
    expect(inMinutes).toMatchObject({ decisions: 1, given: 1, recited: 1, reportBacks: 1 });
    expect(summary(agenda)[1]).toEqual({ ...inMinutes, decisions: 0, given: 0 });
  });
});
