/** Highlighting by the index's own analysis: folded, stemmed, compound-part and synonym matches. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseQuery, foldedForm, termOf, warmWordAnalysis } from '../../domain/swedish/analyse.js';
import { wordsStemmedIrregularly } from '../../domain/swedish/stem.js';
import { foldedPattern } from '../../domain/swedish/fold.js';
import { highlightSpans, primeMatching, snippet } from '../../domain/swedish/highlight.js';

const terms = (q: string) => analyseQuery(q).words.map((w) => w.term);
const marked = (text: string, q: string) => highlightSpans(text, terms(q)).map(([s, e]) => text.slice(s, e));

describe('highlighting', () => {
  it('marks inflected and folded matches: "psykiska hälsan" for "psykisk hälsa", "Nära vård" for "nara vard"', () => {
    expect(marked('Den psykiska hälsan hos unga.', 'psykisk hälsa')).toEqual(['psykiska hälsan']);
    expect(marked('Arbetet med Nära vård i länet.', 'nara vard')).toEqual(['Nära vård']);
  });

  it('marks a compound for its part and a phrase for its synonym, never "ökad" for ÖK', () => {
    expect(marked('Barntandvårdsenheten och primärvården.', 'vård')).toEqual(['Barntandvårdsenheten', 'primärvården']);
    expect(marked('Avtal om hälso- och sjukvård i hemmet.', 'hemsjukvård')).toEqual(['hälso- och sjukvård i hemmet']);
    expect(marked('En ökad takt i oktober; ÖK och överenskommelsen.', 'ÖK')).toEqual(['ÖK', 'överenskommelsen']);
  });

  it("marks the same words whether or not the analysis was warmed with the text's forms first (at most `max` of them)", async () => {
    const text = 'Barntandvårdsenheterna, hemsjukvårdsteamen och primärvårdsjourerna i länet.';
    const before = marked(text, 'vård hemsjukvård');
    const forms = text.split(/[\s,.]+/).filter(Boolean);
    expect(await warmWordAnalysis(forms, 2)).toBe(2);
    expect(await warmWordAnalysis(forms)).toBe(forms.length);
    expect(marked(text, 'vård hemsjukvård')).toEqual(before);
    expect(before).toEqual(['Barntandvårdsenheterna', 'hemsjukvårdsteamen', 'primärvårdsjourerna']);
  });

  it('marks words in capitals, and at the right place after a letter whose lower case is longer ("İ")', () => {
    expect(marked('PSYKISKA HÄLSAN hos unga.', 'psykisk hälsa')).toEqual(['PSYKISKA HÄLSAN']);
    expect(marked('İzmir och psykiska hälsan hos unga.', 'psykisk hälsa')).toEqual(['psykiska hälsan']);
    const long = `İ ${'Inledande ord om annat. '.repeat(120)}Avtal om hälso- och sjukvård i hemmet.`;
    expect(snippet(long, terms('hemsjukvård'))).toContain('<mark>hälso- och sjukvård i hemmet</mark>');
    expect(snippet(long.toUpperCase(), terms('hemsjukvård'))).toContain('<mark>HÄLSO- OCH SJUKVÅRD I HEMMET</mark>');
  });

  it('finds the first match of a long text where it straddles or passes the slices it is read in', () => {
    for (const repeat of [83, 84, 200]) {
      // 24 characters a sentence and 5 more: 83 puts "Samsjuklighet" at 1,997, across the 2,000th character.
      const text = `${'Inledande ord om annat. '.repeat(repeat)}Mer. Samsjuklighet i länet. ${'Mer text här. '.repeat(40)}`;
      expect(snippet(text, terms('samsjuklighet')), String(repeat)).toContain('<mark>Samsjuklighet</mark>');
    }
  });

  it('marks the same words after its patterns were compiled ahead of the texts (while a page is on its way)', () => {
    const text = `${'Inledande ord om annat. '.repeat(100)}Hemsjukvården och samsjukligheten i länet.`;
    // A list of terms no other test here matches with (its patterns are new).
    const fresh = terms('hemsjukvården samsjukligheten länet');
    primeMatching(fresh);
    primeMatching([]);
    expect(highlightSpans(text, fresh).map(([s, e]) => text.slice(s, e))).toEqual([
      'Hemsjukvården',
      'samsjukligheten',
      'länet',
    ]);
    expect(snippet(text, fresh)).toContain('<mark>Hemsjukvården</mark>');
  });

  it('marks a match with a typo within the budget (one from five letters)', () => {
    expect(marked('Samsjuklighet i länet.', 'samsjuklihet')).toEqual(['Samsjuklighet']);
  });

  it('marks the words a quick pass cannot rule out: stemmed irregularly ("närmare" for "nära"), or with letters outside a–z/å/ä/ö', () => {
    expect(marked('Vården ska komma närmare patienten, allt närmare.', 'nära')).toEqual(['närmare', 'närmare']);
    expect(marked('Vården ska komma narmare patienten.', 'nära')).toEqual(['narmare']);
    // A word with a letter outside a–z/å/ä/ö is always analysed: its stem need not be a prefix of it as written.
    expect(marked('Rapport av Calderón och Muñoz.', 'Calderón')).toEqual(['Calderón']);
    expect(marked('Rapport av Calderón och Muñoz.', 'Muñoz')).toEqual(['Muñoz']);
  });

  it('marks a word whose stem is a typo of a term but contains no term ("samsjkligheten" for "samsjuklighet")', () => {
    expect(marked('Om samsjkligheten i länet.', 'samsjuklighet')).toEqual(['samsjkligheten']);
  });

  it('cuts an HTML-safe snippet around the densest matches', () => {
    const text = `${'Inledning med ord. '.repeat(30)}Här talar vi om <b>psykisk</b> ohälsa & suicidprevention. ${'Slut. '.repeat(30)}`;
    const s = snippet(text, terms('suicidprevention psykisk'));
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('&lt;b&gt;<mark>psykisk</mark>&lt;/b&gt;');
    expect(s).toContain('<mark>suicidprevention</mark>');
  });

  it('cuts the snippet of a long text where the match is, also when the text has diacritics the query lacks', () => {
    const filler = 'Inledande ord om annat. '.repeat(120);
    const s = snippet(`${filler}Arbetet med Nära vård i länet fortsätter. ${filler}`, terms('nara vard'));
    expect(s).toContain('<mark>Nära vård</mark>');
    expect(s.startsWith('…') && s.endsWith('…')).toBe(true);
    // A phrase member of a concept is found far into a text too.
    expect(snippet(`${filler}Avtal om hälso- och sjukvård i hemmet.`, terms('hemsjukvård'))).toContain(
      '<mark>hälso- och sjukvård i hemmet</mark>',
    );
  });
});

describe('folded patterns', () => {
  it('match a folded term in the text as written, in any case', () => {
    const pattern = new RegExp(foldedPattern('halsa'), 'iu');
    expect(['hälsa', 'HÄLSAN', 'Halsa'].every((w) => pattern.test(w))).toBe(true);
    expect(pattern.test('hals')).toBe(false);
    expect(new RegExp(foldedPattern('a.b'), 'iu').test('axb')).toBe(false);
  });
});

describe('the stemming highlighting relies on', () => {
  it('gives every plain word of the Swedish dictionary a term that starts the word (folded), but for the words listed as irregular', () => {
    const dic = readFileSync(
      path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-sv')), 'index.dic'),
      'utf8',
    );
    const words = dic
      .split('\n')
      .slice(1)
      .map((line) => line.split('/')[0]!.toLowerCase())
      .filter((w) => /^[a-z0-9åäö]+$/.test(w));
    // Inflected forms too, as texts have them: the stemmer strips these suffixes.
    const forms = words.flatMap((w, i) =>
      i % 10 === 0
        ? [w, `${w}en`, `${w}arna`, `${w}erna`, `${w}ande`, `${w}ningen`, `${w}ligt`, `${w}heten`, `${w}an`]
        : [w],
    );
    expect(words.length).toBeGreaterThan(100_000);
    const irregular = new Set(wordsStemmedIrregularly);
    const notPrefix = forms.filter((w) => !foldedForm(w).startsWith(termOf(w)) && !irregular.has(w));
    expect(notPrefix).toEqual([]);
    expect(wordsStemmedIrregularly).toContain('närmare');
  });
});
