#!/usr/bin/env node
// Bundles the web UI (public/) into dist/public/: one JS file (esbuild, with
// uPlot), one CSS file, index.html. No CDN: the UI works offline.
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildUi({ outDir = path.join(root, 'dist', 'public'), quiet = false } = {}) {
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(root, 'public', 'src', 'main.ts')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    sourcemap: true,
    metafile: true,
    logLevel: quiet ? 'silent' : 'warning',
  });
  const require = createRequire(import.meta.url);
  const uplotCss = await readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const css = await readFile(path.join(root, 'public', 'styles.css'), 'utf8');
  await writeFile(path.join(outDir, 'app.css'), `${uplotCss}\n${css}`);
  await copyFile(path.join(root, 'public', 'index.html'), path.join(outDir, 'index.html'));
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  return { outDir, jsBytes: bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { jsBytes } = await buildUi();
  console.log(`UI built: app.js ${(jsBytes / 1024).toFixed(1)} KiB`);
}
