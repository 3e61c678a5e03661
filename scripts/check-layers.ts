/**
 * The one-way import rule, checked (part of `npm run lint`).
 *
 *   src/      the API (routes, search)     → src/, domain/, and ingest/index.ts (the ingest service's public entry)
 *   ingest/   the worker (stages, runs)    → ingest/, domain/
 *   domain/   the shared kernel            → domain/ only
 *   public/   the web UI (bundled)         → public/, domain/, and types (import type) from src/
 *
 * Product code never imports test/, bench/ or scripts/; tests, benchmarks and scripts may import anything.
 * Every relative specifier is resolved against its file, so `../../domain/x.js` and `../domain/x.js` are
 * judged by where they land, not by how they are written. Exits 1 and lists each violation.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Layer = 'src' | 'ingest' | 'domain' | 'public' | 'tooling';

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly target: string;
  readonly rule: string;
}

const PRODUCT_ENTRY_OF_INGEST = 'ingest/index.ts';

export function layerOf(file: string): Layer {
  const top = file.split('/')[0];
  if (top === 'src' || top === 'ingest' || top === 'domain' || top === 'public') return top;
  return 'tooling';
}

/** Relative import specifiers of a TypeScript source, each with whether it imports types only. */
export function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(statement)) found.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: m[1]!, typeOnly: false });
  return found.filter((i) => i.specifier.startsWith('.'));
}

/** Why `file` may not import `target` (both relative to the root), or undefined when it may. */
export function ruleBroken(file: string, target: string, typeOnly: boolean): string | undefined {
  const from = layerOf(file);
  const to = layerOf(target);
  if (from === 'tooling') return undefined;
  if (to === 'tooling') return 'product code never imports test, bench or scripts code';
  switch (from) {
    case 'domain':
      return to === 'domain' ? undefined : 'domain/ is the kernel: it imports only domain/';
    case 'ingest':
      return to === 'ingest' || to === 'domain' ? undefined : 'ingest/ imports only ingest/ and domain/';
    case 'src':
      if (to === 'src' || to === 'domain') return undefined;
      if (to === 'ingest' && target === PRODUCT_ENTRY_OF_INGEST) return undefined;
      return to === 'ingest'
        ? `src/ reaches the worker through ${PRODUCT_ENTRY_OF_INGEST} only`
        : 'src/ imports only src/, domain/ and the ingest entry';
    case 'public':
      if (to === 'public' || to === 'domain') return undefined;
      if (to === 'src' && typeOnly) return undefined;
      return 'public/ imports domain/ and only types from src/ (the bundle must not pull in server code)';
  }
}

function resolveTarget(root: string, file: string, specifier: string): string {
  const abs = path.resolve(path.dirname(path.join(root, file)), specifier);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  return rel.replace(/\.js$/, '.ts');
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(path.join(root, d))) {
      if (entry === 'node_modules' || entry === 'out' || entry === 'fixtures') continue;
      const rel = `${d}/${entry}`;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (/\.(ts|mts|mjs)$/.test(entry)) out.push(rel);
    }
  };
  if (existsSync(path.join(root, dir))) walk(dir);
  return out;
}

export function checkLayers(root: string, dirs = ['src', 'ingest', 'domain', 'public']): Violation[] {
  const violations: Violation[] = [];
  for (const dir of dirs)
    for (const file of sourceFiles(root, dir))
      for (const { specifier, typeOnly } of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
        const target = resolveTarget(root, file, specifier);
        const rule = ruleBroken(file, target, typeOnly);
        if (rule) violations.push({ file, specifier, target, rule });
      }
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkLayers(root);
  for (const v of violations) console.error(`${v.file}: imports '${v.specifier}' (${v.target}): ${v.rule}`);
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) break the layer rule (docs/architecture.md).`);
    process.exit(1);
  }
  console.log('Layers: every import goes one way (src → domain, ingest → domain, public → domain).');
}
