/**
 * Mentions of the twelve municipalities (kommuner) of Örebro län in Swedish text.
 * "Region Örebro län", "Örebro län" and "Örebro läns" name the region or the
 * county, not Örebro kommun; genitives ("Karlskogas") and "X kommun" count.
 */
import { MUNICIPALITIES, type Municipality } from './schemas.js';

/** Part of the segment and metadata stages' behaviour: bump with them when this changes. */
export const VERSION = 'municipalities@1';

const REGION_PHRASES =
  /(?<!\p{L})(region(en)?\s+örebro\s+läns?|örebro\s+läns?|universitetssjukhuset\s+örebro|örebro\s+universitet(et)?|länsstyrelsen\s+(i\s+)?örebro(\s+läns?)?)(?!\p{L})/giu;

const PATTERNS = MUNICIPALITIES.map((name) => ({
  name,
  // Word boundaries that understand å/ä/ö; an optional genitive s.
  re: new RegExp(`(?<![\\p{L}\\p{N}-])${name}s?(?![\\p{L}\\p{N}])`, 'u'),
}));

/** Whether `text` names the region (Region Örebro län), as opposed to a municipality. */
export function mentionsRegion(text: string): boolean {
  return /(?<!\p{L})region(en)?\s+örebro\s+län(?!\p{L})/iu.test(text) || /^\s*regionen\s*$/iu.test(text);
}

/** Municipalities named in `text`, in official order, each once. */
export function findMunicipalities(text: string): Municipality[] {
  const cleaned = text.replace(REGION_PHRASES, ' ');
  return PATTERNS.filter((p) => p.re.test(cleaned)).map((p) => p.name);
}

/** The municipality an organisation field names ("Karlskoga", "Örebro kommun"), or null. */
export function municipalityOf(organisation: string): Municipality | null {
  const found = findMunicipalities(organisation);
  return found.length === 1 ? found[0]! : null;
}
