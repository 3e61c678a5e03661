/** Swedish analysis, topic tagging and personnummer redaction. */
import { describe, expect, it } from 'vitest';
import { redactPersonnummer, REDACTED } from '../../ingest/stages/redact.js';
import { analyseForIndex, analyseQuery, foldDiacritics, SWEDISH_STOP_WORDS } from '../../domain/swedish/analyse.js';
import { compoundParts, stem, stemsOf } from '../../domain/swedish/stem.js';
import { tagTopics } from '../../ingest/stages/tag.js';
import { listTopics } from '../../domain/taxonomy.js';

describe('Swedish analysis', () => {
  it('stems inflections to one form: vården/vård, psykiska/psykisk, hälsan/hälsa, kommunerna/kommun', () => {
    expect(stem('vården')).toBe(stem('vård'));
    expect(stem('psykiska')).toBe(stem('psykisk'));
    expect(stem('hälsan')).toBe(stem('hälsa'));
    expect(stem('kommunerna')).toBe(stem('kommun'));
  });

  it('keeps "nära" apart from "när"', () => {
    expect(stem('nära')).not.toBe(stem('när'));
  });

  it('splits compounds into known parts: primärvården, samsjuklighetsutredningen, hemsjukvården', () => {
    expect(compoundParts('primärvården')).toEqual(['primär', 'vård']);
    expect(stemsOf('samsjuklighetsutredningen')).toContain(stem('samsjuklighet'));
    expect(stemsOf('hemsjukvården')).toEqual(expect.arrayContaining([stem('vård'), stem('sjukvård')]));
    expect(compoundParts('vårdnad')).toEqual([]);
  });

  it('indexes stems so that the analysed query meets them', () => {
    const indexed = analyseForIndex('Pilot om samsjuklighetsutredningen i primärvården och psykiska hälsan').split(' ');
    for (const q of ['samsjuklighet', 'vård', 'psykisk hälsa'])
      for (const s of analyseQuery(q).stems.split(' ')) expect(indexed).toContain(s);
  });

  it('drops question and function words from a query, and repeated words, whatever their order', () => {
    expect(analyseQuery('hur mycket kostar hemsjukvården').stems).toBe(analyseQuery('kostar hemsjukvården').stems);
    expect(analyseQuery('vilka beslut har tagits om suicidprevention').stems).toBe(
      analyseQuery('beslut suicidprevention').stems,
    );
    expect(new Set(analyseQuery('psykisk hälsa unga').stems.split(' '))).toEqual(
      new Set(analyseQuery('unga psykisk hälsa psykisk').stems.split(' ')),
    );
  });

  it('keeps the same ten terms of a longer query in any order (Meilisearch reads ten)', () => {
    const q = 'samverkan region kommun barn unga psykiatri skola elevhälsa socialtjänst primärvård suicid prevention';
    const terms = (text: string) => new Set(analyseQuery(text).stems.split(' '));
    expect(terms(q).size).toBe(10);
    expect(terms(q.split(' ').reverse().join(' '))).toEqual(terms(q));
  });

  it('folds å, ä, ö and é so "nara vard" meets "Nära vård"', () => {
    expect(foldDiacritics('Nära vård i Örebro, idé')).toBe('nara vard i orebro, ide');
    expect(analyseQuery('nära vård').folded).toBe('nara vard');
    expect(analyseQuery('nara vard').stems).toBe(analyseQuery('nära vård').stems);
  });

  it('has no content words among the stop words', () => {
    for (const word of ['beslut', 'nära', 'vård', 'god', 'bakom', 'hälsa'])
      expect(SWEDISH_STOP_WORDS).not.toContain(word);
  });

  it('indexes an abbreviation, its one-word name and its phrase as one concept, both ways', () => {
    const concept = (q: string) => analyseQuery(q).stems;
    expect(concept('ÖK')).toBe(concept('överenskommelse'));
    expect(concept('ök')).toBe(concept('överenskommelserna'));
    expect(concept('sip')).toBe(concept('samordnad individuell plan'));
    expect(concept('hemsjukvård')).toBe(concept('hälso- och sjukvård i hemmet'));
    expect(concept('HSIH')).toBe(concept('hemsjukvården'));
    expect(analyseForIndex('Ny ÖK om SIP').split(' ')).toEqual(
      expect.arrayContaining([concept('överenskommelse'), concept('samordnad individuell plan')]),
    );
    expect(analyseForIndex('Avtalet om hälso- och sjukvård i hemmet').split(' ')).toContain(concept('hemsjukvård'));
  });

  it('keeps ÖK apart from "öka", "ökad" and "oktober", and SoL apart from "sol"', () => {
    const ok = analyseQuery('ÖK').stems;
    for (const text of ['Vi vill öka takten', 'En ökad andel', 'Mötet i oktober', 'öka ökad ökade oktober'])
      expect(analyseForIndex(text).split(' ')).not.toContain(ok);
    expect(analyseForIndex('Solen sken, sol och vind').split(' ')).not.toContain(analyseQuery('SoL').stems);
    expect(analyseForIndex('enligt SoL och LSS').split(' ')).toEqual(
      expect.arrayContaining([analyseQuery('socialtjänstlagen').stems, analyseQuery('lss').stems]),
    );
  });
});

describe('tagTopics', () => {
  const labels = (title: string, text: string) => tagTopics({ title, text }).map((t) => t.label);

  it('matches inflections and compounds: "psykiska ohälsan", "samsjuklighetsutredningen", "Nära vård-arbetet"', () => {
    expect(labels('Rapport', 'Vi diskuterade den psykiska ohälsan bland unga.')).toContain('psykisk hälsa');
    expect(labels('Rapport', 'Hanne beskrev samsjuklighetsutredningen.')).toContain('samsjuklighet');
    expect(labels('Rapport', 'Jämlik hälsa behöver analys inom Nära vård-arbetet.')).toContain('nära vård');
    expect(labels('Rapport', 'En ansökan om nära vård medel har kommit in.')).toContain('nära vård');
  });

  it('does not tag a job title such as "utvecklingsledare nära vård"', () => {
    expect(labels('Närvaro', 'Jan Sundelius, utvecklingsledare nära vård, deltog.')).not.toContain('nära vård');
  });

  it('keeps the score and the evidence of every tag, the title weighing more', () => {
    const [tag] = tagTopics({ title: 'Samsjuklighet', text: 'Arbetet kring samsjuklighet i länet.' });
    expect(tag).toMatchObject({
      id: 'samsjuklighet',
      label: 'samsjuklighet',
      score: 4,
      evidence: ['Samsjuklighet', 'samsjuklighet'],
    });
  });

  it('matches abbreviations as written (YAM, MHFA)', () => {
    expect(labels('Ny styrgrupp för YAM', 'Piloten fortsätter.')).toContain('psykisk hälsa');
    expect(labels('Rapport', 'Vi yam-ade lite.')).not.toContain('psykisk hälsa');
  });

  it('offers at least the eleven topics the users chart', () => {
    expect(listTopics().map((t) => t.label)).toEqual(
      expect.arrayContaining([
        'nära vård',
        'psykisk hälsa',
        'samsjuklighet',
        'suicidprevention',
        'barn och unga',
        'äldre',
        'hälso- och sjukvård i hemmet',
        'folkhälsa',
        'rehabilitering',
        'digitalisering och välfärdsteknik',
        'covid-19',
      ]),
    );
  });
});

describe('redactPersonnummer', () => {
  // An independent Luhn: the check digit that makes YYMMDDNNN valid.
  const withCheckDigit = (nine: string) => {
    for (let c = 0; c <= 9; c++) {
      const digits = `${nine}${c}`;
      const sum = [...digits].reduce((s, ch, i) => {
        const d = Number(ch) * (i % 2 === 0 ? 2 : 1);
        return s + (d > 9 ? d - 9 : d);
      }, 0);
      if (sum % 10 === 0) return digits;
    }
    throw new Error('unreachable');
  };
  const valid = withCheckDigit('811218987');

  it('redacts valid personnummer in every written shape and counts them', () => {
    const text = `A ${valid.slice(0, 6)}-${valid.slice(6)}, B 19${valid.slice(0, 6)}-${valid.slice(6)}, C 19${valid}, D ${valid.slice(0, 6)}+${valid.slice(6)}.`;
    const result = redactPersonnummer(text);
    expect(result.count).toBe(4);
    expect(result.text).toBe(`A ${REDACTED}, B ${REDACTED}, C ${REDACTED}, D ${REDACTED}.`);
  });

  it('redacts a samordningsnummer (day + 60)', () => {
    const samordning = withCheckDigit('811278987');
    expect(redactPersonnummer(`${samordning.slice(0, 6)}-${samordning.slice(6)}`).count).toBe(1);
  });

  it('leaves invalid check digits, phone numbers, org.nr, dates and bare ten-digit numbers alone', () => {
    const wrong = `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`;
    const text = `${wrong.slice(0, 6)}-${wrong.slice(6)} 019-602 70 00 232100-0164 2021-11-04 ${valid}`;
    expect(redactPersonnummer(text)).toEqual({ text, count: 0 });
  });
});
