/** One dates module, one time zone (Europe/Stockholm), whatever the server's or browser's own. */
import { afterEach, describe, expect, it } from 'vitest';
import { epochDay, formatDate, isoOfDay, stockholmDate, stockholmTime, yearOf } from '../../domain/dates.js';
import { meetingOf } from '../../domain/meeting.js';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('day numbers', () => {
  it('counts days since 1970-01-01 and back, and refuses what is no date', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2022-10-13')).toBe(19278);
    expect(isoOfDay(19278)).toBe('2022-10-13');
    // Across a leap day and a daylight-saving change, every day is one.
    expect(epochDay('2024-03-01')! - epochDay('2024-02-28')!).toBe(2);
    expect(epochDay('2024-03-31')! - epochDay('2024-03-30')!).toBe(1);
    expect([epochDay(null), epochDay(''), epochDay('13 oktober 2022'), epochDay('2022-13-45')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect([yearOf('2022-10-13'), yearOf(null)]).toEqual([2022, null]);
  });
});

describe('Swedish dates', () => {
  it('writes a meeting date the same day in every time zone the process may run in', () => {
    for (const tz of ['UTC', 'Europe/Stockholm', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      expect([tz, formatDate('2022-10-13'), formatDate('2024-03-31'), formatDate('2020-01-01')]).toEqual([
        tz,
        '13 oktober 2022',
        '31 mars 2024',
        '1 januari 2020',
      ]);
    }
    expect(formatDate(null)).toBe('odaterat');
  });

  it('tells the date and time of an instant as a clock in Stockholm shows it, summer and winter', () => {
    process.env.TZ = 'America/Los_Angeles';
    // 23:30 UTC on 30 March 2024 is 00:30 on 31 March in Stockholm (still winter time, UTC+1).
    expect(stockholmDate(new Date('2024-03-30T23:30:00Z'))).toBe('2024-03-31');
    expect(stockholmTime(new Date('2024-03-30T23:30:00Z'))).toBe('2024-03-31 00:30');
    // Summer time, UTC+2.
    expect(stockholmTime(new Date('2024-07-01T22:15:00Z'))).toBe('2024-07-02 00:15');
    expect(stockholmTime(new Date('2024-12-31T12:00:00Z'))).toBe('2024-12-31 13:00');
  });
});

describe('meeting fields', () => {
  it('derives the day number and year the index filters on from the meeting date, once', () => {
    expect(
      meetingOf({
        body: 'Välfärdsnämnden',
        organisation: 'Nykarleby stad',
        docType: 'protokoll',
        meetingDate: '2022-09-15',
      }),
    ).toEqual({
      body: 'Välfärdsnämnden',
      organisation: 'Nykarleby stad',
      docType: 'protokoll',
      meetingDate: '2022-09-15',
      meetingDay: epochDay('2022-09-15'),
      year: 2022,
    });
    expect(meetingOf({ body: null, organisation: null, docType: null, meetingDate: null })).toMatchObject({
      meetingDay: null,
      year: null,
    });
  });
});
