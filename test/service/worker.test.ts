/**
 * The ingest worker CLI as a process: plain progress lines when not on a
 * terminal, exit codes that tell a scheduler what happened.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';

function runWorker(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'ingest/worker.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run ingest (ingest/worker.ts)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'protokollsok-worker-'));
  const env = {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    INDEX_PREFIX: `w${randomBytes(4).toString('hex')}`,
    CORPUS_DIR: dir,
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests a folder, prints a line per file and exits 0', async () => {
    copyFileSync(path.join(projectRoot, 'corpus/002_dd3eb397fa6549bb.pdf'), path.join(dir, '002_dd3eb397fa6549bb.pdf'));
    const { code, output } = await runWorker([], env);
    expect(output).toMatch(/inläst: 002_dd3eb397fa6549bb\.pdf/);
    expect(output).toMatch(/1 inlästa, 0 oförändrade/);
    expect(code).toBe(0);
  }, 60_000);

  it('sets a broken file aside, ingests the rest, and exits 1 with a summary', async () => {
    writeFileSync(path.join(dir, 'tom.pdf'), '');
    const { code, output } = await runWorker([], env);
    expect(output).toMatch(/oförändrad: 002_dd3eb397fa6549bb\.pdf/);
    expect(output).toMatch(/Misslyckade filer[\s\S]*tom\.pdf \[empty\]/);
    expect(code).toBe(1);
  }, 60_000);

  it('exits 2 with a clear message when Meilisearch cannot be reached', async () => {
    const { code, output } = await runWorker([], { ...env, MEILI_URL: 'http://127.0.0.1:9' });
    expect(output).toMatch(/http:\/\/127\.0\.0\.1:9/);
    expect(code).toBe(2);
  }, 30_000);
});
