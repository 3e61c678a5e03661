/**
 * The Swedish word list compound splitting checks parts against: the Hunspell
 * sv_SE lexicon of the `dictionary-sv` package (LGPL-3.0, ~137,000 lower-case
 * lemmas), read once per process (per ingest thread) and kept as one Map of
 * lemma → compound flags plus the compound-first forms its affix file derives
 * ("kvinna" → "kvinno-" is not in it, "vecka" → "vecko-" is).
 *
 * Only what splitting needs is kept: whether a lemma may begin (X), sit in the
 * middle of (U) or end (Y) a compound, and the linking forms of the affix rules
 * that carry the compound-permit flag (W). Inflected forms are not expanded:
 * a final part is recognised as lemma + a common inflection ending instead
 * (see compound.ts), which keeps the Map at ~137,000 entries.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** May begin a compound as written (Hunspell COMPOUNDBEGIN). */
export const BEGIN = 1;
/** May sit inside a compound (COMPOUNDMIDDLE). */
export const MIDDLE = 2;
/** May end a compound (COMPOUNDEND): nouns and adjectives, not particles such as "het", "get", "för". */
export const END = 4;
/**
 * Inflects as a noun (affix flags B–I). Hunspell's sv_SE leaves END off many short
 * nouns ("råd", "lut", "get") so its own compounding stays conservative; a split of
 * an unknown word may still end in one ("samverkans|rådet").
 */
export const NOUN = 8;

export interface SwedishDictionary {
  /** Lower-case lemma → BEGIN | MIDDLE | END bits (0: a word that never takes part in a compound). */
  readonly lemmas: ReadonlyMap<string, number>;
  /** A compound-first or -middle form → the lemma it links ("vecko" → "vecka", "tjänste" → "tjänst"). */
  readonly linkingForms: ReadonlyMap<string, { lemma: string; flags: number }>;
  /** The package and version, for the pipeline's content hash. */
  readonly version: string;
}

interface LinkRule {
  strip: string;
  add: string;
  condition: RegExp;
  flags: number;
}

const WORD = /^[a-zåäöéü]{2,}$/;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('dictionary-sv'));
}

/** Parses the affix file's linking rules: suffix rules whose continuation flags carry W (compound permit). */
function linkRules(aff: string): Map<string, LinkRule[]> {
  const rules = new Map<string, LinkRule[]>();
  for (const line of aff.split('\n')) {
    const m = /^SFX\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, flag, strip, addWithFlags, cond] = m as unknown as [string, string, string, string, string];
    const [add = '', cont = ''] = addWithFlags.split('/');
    if (!cont.includes('W')) continue;
    const flags = (cont.includes('X') ? BEGIN : 0) | (cont.includes('U') ? MIDDLE : 0);
    if (flags === 0 || add.includes('-')) continue;
    const list = rules.get(flag) ?? [];
    list.push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add, condition: new RegExp(`${cond}$`, 'u'), flags });
    rules.set(flag, list);
  }
  return rules;
}

/** "dictionary-sv@4.0.0", without loading the word list. */
export function dictionaryVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { version: string };
  return `dictionary-sv@${pkg.version}`;
}

let loaded: SwedishDictionary | undefined;

/** The dictionary, parsed on first use (~0.2 s, ~15 MB). */
export function swedishDictionary(): SwedishDictionary {
  if (loaded) return loaded;
  const dir = packageDir();
  const aff = readFileSync(path.join(dir, 'index.aff'), 'utf8');
  const dic = readFileSync(path.join(dir, 'index.dic'), 'utf8');
  const rules = linkRules(aff);
  const lemmas = new Map<string, number>();
  const linkingForms = new Map<string, { lemma: string; flags: number }>();
  const lines = dic.split('\n');
  // The first line is the entry count.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const slash = line.indexOf('/');
    const word = slash < 0 ? line.trim() : line.slice(0, slash);
    if (!WORD.test(word)) continue;
    const flagText = slash < 0 ? '' : line.slice(slash + 1).trim();
    // Forbidden words (%) are misspellings the lexicon lists to reject.
    if (flagText.includes('%')) continue;
    let flags = 0;
    if (flagText.includes('X')) flags |= BEGIN;
    if (flagText.includes('U')) flags |= MIDDLE;
    if (flagText.includes('Y')) flags |= END;
    if (/[B-I]/.test(flagText)) flags |= NOUN;
    lemmas.set(word, (lemmas.get(word) ?? 0) | flags);
    for (const flag of flagText) {
      const list = rules.get(flag);
      if (!list) continue;
      for (const rule of list) {
        if (!rule.condition.test(word) || !word.endsWith(rule.strip)) continue;
        const form = word.slice(0, word.length - rule.strip.length) + rule.add;
        if (form.length < 3 || form === word) continue;
        const prev = linkingForms.get(form);
        if (!prev || prev.lemma.length > word.length) linkingForms.set(form, { lemma: word, flags: rule.flags | (prev?.lemma === word ? prev.flags : 0) });
        else if (prev.lemma === word) prev.flags |= rule.flags;
      }
    }
  }
  loaded = { lemmas, linkingForms, version: dictionaryVersion() };
  return loaded;
}
