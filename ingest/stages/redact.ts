/**
 * Personnummer redaction: a Swedish personal identity number that slipped into
 * a protocol must not become searchable. Matches YYMMDD-NNNN, YYMMDD+NNNN,
 * YYYYMMDD-NNNN and YYYYMMDDNNNN (ten bare digits are too often other numbers) with a valid date (day + 60 for a
 * samordningsnummer) and a valid Luhn check digit; phone numbers, org.nr
 * (month ≥ 20) and dates do not pass those checks.
 */
export const VERSION = 'redact@1';

export const REDACTED = '[personnummer]';

/** Luhn over the ten digits YYMMDDNNNC. */
export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function plausibleDate(_yy: string, mm: string, dd: string): boolean {
  const m = Number(mm);
  let d = Number(dd);
  if (d > 60) d -= 60; // samordningsnummer
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

const CANDIDATE = /(?<![\d-])(19|20)?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})(?![\d-])/g;

export function redactPersonnummer(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(
    CANDIDATE,
    (match, _century: string | undefined, yy: string, mm: string, dd: string, sep: string, last: string) => {
      // Ten bare digits without a separator are too often other numbers; require a century then.
      if (!sep && !_century) return match;
      if (!plausibleDate(yy, mm, dd) || !luhnValid(`${yy}${mm}${dd}${last}`)) return match;
      count++;
      return REDACTED;
    },
  );
  return { text: out, count };
}
