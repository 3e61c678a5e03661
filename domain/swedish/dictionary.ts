/**
 * The Swedish word list compound splitting checks parts against: the Hunspell
 * sv_SE lexicon of the `dictionary-sv` package (LGPL-3.0, ~135,000 lower-case
 * lemmas) with the compound-first forms its affix file derives ("vecka" →
 * "vecko-", "tjänst" → "tjänste-").
 *
 * Only what splitting needs is kept: whether a lemma may begin (X), sit in the
 * middle of (U) or end (Y) a compound, whether it inflects as a noun, and the
 * linking forms of the affix rules that carry the compound-permit flag (W).
 * Inflected forms are not expanded (compound.ts recognises lemma + a common
 * ending instead).
 *
 * Memory: every ingest thread splits compounds, and 135,000 JS strings in a Map
 * cost ~18 MB of heap per thread. The list is kept instead as one sorted UTF-8
 * buffer per table (~2 MB, outside the JS heap) searched by binary search, and
 * derived once from the .dic/.aff into a cache file (`sv-words-<version>.txt`
 * under node_modules/.cache, or the OS temp folder), so a thread starts by
 * reading 2 MB instead of parsing the Hunspell files.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
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

/** A sorted table of `key\tflags[\tlemma]` lines in one buffer, searched without making strings. */
export class WordTable {
  private readonly starts: Uint32Array;

  constructor(private readonly buf: Buffer) {
    let n = 0;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
    this.starts = new Uint32Array(n);
    let line = 0;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] !== 10) continue;
      this.starts[line++] = start;
      start = i + 1;
    }
  }

  get size(): number {
    return this.starts.length;
  }

  /** Byte order of the key at line `i` against `key` (negative: line key first). */
  private compare(i: number, key: Buffer): number {
    const s = this.starts[i]!;
    for (let k = 0; ; k++) {
      const a = this.buf[s + k]!;
      const lineEnded = a === 9;
      if (k === key.length) return lineEnded ? 0 : 1;
      if (lineEnded) return -1;
      const d = a - key[k]!;
      if (d !== 0) return d;
    }
  }

  private find(word: string): number {
    const key = Buffer.from(word, 'utf8');
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The flags of a key, or undefined when it is not in the table. */
  get(word: string): number | undefined {
    const i = this.find(word);
    if (i < 0) return undefined;
    let at = this.buf.indexOf(9, this.starts[i]!) + 1;
    let flags = 0;
    for (let c = this.buf[at]!; c >= 48 && c <= 57; c = this.buf[++at]!) flags = flags * 10 + (c - 48);
    return flags;
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  /** The lemma a linking form stands for. */
  lemma(word: string): string | undefined {
    const i = this.find(word);
    if (i < 0) return undefined;
    const s = this.starts[i]!;
    const first = this.buf.indexOf(9, s);
    const second = this.buf.indexOf(9, first + 1);
    const end = this.buf.indexOf(10, s);
    return second < 0 || second > end ? undefined : this.buf.toString('utf8', second + 1, end);
  }
}

export interface SwedishDictionary {
  /** Lower-case lemma → BEGIN | MIDDLE | END | NOUN bits (0: a word that never takes part in a compound). */
  readonly lemmas: WordTable;
  /** A compound-first or -middle form → its flags and the lemma it links ("vecko" → "vecka"). */
  readonly linkingForms: WordTable;
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
  return path.dirname(createRequire(import.meta.url).resolve('dictionary-sv'));
}

/** "dictionary-sv@4.0.0", without loading the word list. */
export function dictionaryVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { version: string };
  return `dictionary-sv@${pkg.version}`;
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
    list.push({
      strip: strip === '0' ? '' : strip,
      add: add === '0' ? '' : add,
      condition: new RegExp(`${cond}$`, 'u'),
      flags,
    });
    rules.set(flag, list);
  }
  return rules;
}

/** Derives the two tables' text from the Hunspell files (~0.3 s, transient memory only). */
export function deriveTables(dir = packageDir()): { lemmas: string; links: string } {
  const aff = readFileSync(path.join(dir, 'index.aff'), 'utf8');
  const dic = readFileSync(path.join(dir, 'index.dic'), 'utf8');
  const rules = linkRules(aff);
  const lemmas = new Map<string, number>();
  const links = new Map<string, { lemma: string; flags: number }>();
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
      for (const rule of rules.get(flag) ?? []) {
        if (!rule.condition.test(word) || !word.endsWith(rule.strip)) continue;
        const form = word.slice(0, word.length - rule.strip.length) + rule.add;
        if (form.length < 3 || form === word) continue;
        const prev = links.get(form);
        if (!prev || prev.lemma.length > word.length)
          links.set(form, { lemma: word, flags: rule.flags | (prev?.lemma === word ? prev.flags : 0) });
        else if (prev.lemma === word) prev.flags |= rule.flags;
      }
    }
  }
  // Code-point order is UTF-8 byte order, which the binary search compares.
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    lemmas: [...lemmas.keys()]
      .sort(byKey)
      .map((w) => `${w}\t${lemmas.get(w)}\n`)
      .join(''),
    links: [...links.keys()]
      .sort(byKey)
      .map((w) => `${w}\t${links.get(w)!.flags}\t${links.get(w)!.lemma}\n`)
      .join(''),
  };
}

const SEPARATOR = '\n--links--\n';

function cacheFiles(version: string): string[] {
  const name = `sv-words-${version.replace(/[^a-z0-9.-]/gi, '_')}-v1.txt`;
  return [path.join(packageDir(), '..', '.cache', 'protokollsok', name), path.join(os.tmpdir(), 'protokollsok', name)];
}

let loaded: SwedishDictionary | undefined;

/** The dictionary: read from the derived cache file, or derived (and cached) on first use. */
export function swedishDictionary(): SwedishDictionary {
  if (loaded) return loaded;
  const version = dictionaryVersion();
  const files = cacheFiles(version);
  let bytes: Buffer | undefined;
  for (const file of files) {
    try {
      bytes = readFileSync(file);
      if (bytes.indexOf(SEPARATOR) >= 0) break;
      bytes = undefined;
    } catch {
      bytes = undefined;
    }
  }
  if (bytes === undefined) {
    const { lemmas, links } = deriveTables();
    const text = lemmas + SEPARATOR.slice(1) + links;
    bytes = Buffer.from(text, 'utf8');
    // Best effort: a read-only node_modules falls back to the temp folder, and neither is required.
    for (const file of files) {
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(tmp, text);
        renameSync(tmp, file);
        break;
      } catch {
        // try the next place
      }
    }
  }
  const cut = bytes.indexOf(SEPARATOR);
  loaded = {
    lemmas: new WordTable(bytes.subarray(0, cut + 1)),
    linkingForms: new WordTable(bytes.subarray(cut + SEPARATOR.length)),
    version,
  };
  return loaded;
}
