/**
 * The UI declares no answer type of its own: every API answer it reads is a
 * type the server exports (src/api/responses.ts), re-exported by
 * public/src/api.ts, so a field the server renames fails the type check
 * instead of reading `undefined` in a browser. Read from the sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';

const UI = path.join(projectRoot, 'public', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
const sources = files(UI).map((f) => ({ file: path.relative(UI, f), text: readFileSync(f, 'utf8') }));

/** The UI's own shapes, none of them an answer of the API. */
const UI_OWN = new Set([
  'ViewSpec', // a view's registration with the router
  'HistoryState', // what the router keeps in history.state
  'PanelOptions', // the filter panel's options
  'OcrProvenance', // the two OCR fields a badge reads, of a hit, an item or a protocol
  'CitationSource', // the four fields a citation reads, of a hit, a decision's item or a concordance line
  'FocusMemory', // the router's description of the focused control across a re-render
  'JourneyView', // a view of the journey and the link text offering it
  'TrendState', // what Trender's URL asks for
  'KeynessState', // what Vad är nytt's URL asks for
  'Scale', // a trend chart's unit and scale
  'Parts', // the elements of Trender's page, filled step by step
]);

/** The server's answer types public/src/api.ts re-exports from src/api/responses.ts. */
function serverTypes(): Set<string> {
  const api = sources.find((s) => s.file === 'api.ts')!.text;
  const block = /export type \{([^}]*)\} from '\.\.\/\.\.\/src\/api\/responses\.js';/.exec(api);
  return new Set(
    (block?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

describe('the UI’s contracts with the API', () => {
  it('re-exports the server’s answer types from src/api/responses.ts', () => {
    expect([...serverTypes()]).toEqual(expect.arrayContaining(['SearchResult', 'Timeline', 'ProtocolView', 'Trends']));
  });

  it('reads every answer as a type the server exports', () => {
    const exported = serverTypes();
    const read = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/\bapi<([A-Za-z]+)/g)].map((m) => [file, m[1]!] as const).filter(([, t]) => t !== 'T'),
    );
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter(([, t]) => !exported.has(t))).toEqual([]);
  });

  it('declares no object type of its own besides its UI-only shapes', () => {
    const declared = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/^(?:export )?(?:interface (\w+)|type (\w+)(?:<[^>]*>)? = \{)/gm)].map(
        (m) => [file, m[1] ?? m[2]!] as const,
      ),
    );
    expect(declared.filter(([, name]) => !UI_OWN.has(name))).toEqual([]);
  });

  it('casts no response body to a shape of its own', () => {
    const exported = serverTypes();
    const casts = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/json\(\)[^;]*?\)\s*as\s+([^;]+);/g)].map((m) => [file, m[1]!.trim()] as const),
    );
    expect(
      casts.filter(([, type]) => !/^(?:T|Partial<(?:Problem|DuplicateProblem)>)$/.test(type) && !exported.has(type)),
    ).toEqual([]);
  });
});
