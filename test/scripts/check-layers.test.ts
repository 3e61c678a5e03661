import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import { checkLayers, importsOf } from '../../scripts/check-layers.js';

describe('the layer rule (npm run lint)', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>) => {
    const root = mkdtempSync(path.join(tmpdir(), 'layers-'));
    roots.push(root);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  };

  it('holds on the project itself', () => {
    expect(checkLayers(projectRoot)).toEqual([]);
  });

  it('refuses the worker importing the API, the kernel importing the worker, and product code importing tests', () => {
    const root = tree({
      'ingest/run.ts': "import { searchItems } from '../src/search/search.js';\n",
      'domain/config.ts': "import type { Indexer } from '../ingest/indexer.js';\n",
      'src/main.ts': "import { seed } from '../test/helpers/seed.js';\nimport { run } from '../ingest/run.js';\n",
      'public/src/api.ts': "import { searchItems } from '../../src/search/search.js';\n",
    });
    const found = checkLayers(root).map((v) => `${v.file} → ${v.target}`);
    expect(found.sort()).toEqual(
      [
        'ingest/run.ts → src/search/search.ts',
        'domain/config.ts → ingest/indexer.ts',
        'src/main.ts → test/helpers/seed.ts',
        'src/main.ts → ingest/run.ts',
        'public/src/api.ts → src/search/search.ts',
      ].sort(),
    );
  });

  it('allows the API the ingest entry, the UI the server types, and every layer the kernel', () => {
    const root = tree({
      'src/main.ts':
        "import { createIngestService } from '../ingest/index.js';\nimport { loadConfig } from '../domain/config.js';\n",
      'public/src/api.ts':
        "import type { SearchResult } from '../../src/search/search.js';\nimport { FILTER_KEYS } from '../../domain/filters.js';\n",
      'ingest/run.ts': "export { x } from '../domain/x.js';\n",
    });
    expect(checkLayers(root)).toEqual([]);
  });

  it('reads multi-line, re-exported, dynamic and side-effect imports, and skips comments', () => {
    const source = [
      "import {\n  a,\n  b,\n} from './a.js';",
      "export * from './b.js';",
      "import type { C } from './c.js';",
      "const d = await import('./d.js');",
      "import './e.js';",
      "// import { x } from './commented.js';",
      "/* import { y } from './block.js'; */",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: './a.js', typeOnly: false },
      { specifier: './b.js', typeOnly: false },
      { specifier: './c.js', typeOnly: true },
      { specifier: './e.js', typeOnly: false },
      { specifier: './d.js', typeOnly: false },
    ]);
  });
});
