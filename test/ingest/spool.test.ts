/**
 * A write group spooled to disk gives back exactly what was put in, protocol by
 * protocol: what the writer sends again one protocol at a time when Meilisearch
 * refuses the group as a whole.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { ProtocolWrite } from '../../ingest/indexer.js';
import { listCorpus } from '../../ingest/run.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { SpooledGroup, sweepSpools } from '../../ingest/spool.js';

const SEED = path.join(projectRoot, 'test/fixtures/seed');

describe('SpooledGroup', () => {
  it('reads the seed protocols back one at a time, each with its own items, in the order they were added', async () => {
    const writes: ProtocolWrite[] = [];
    for (const file of await listCorpus(SEED)) {
      const result = await ingestFile(new Uint8Array(readFileSync(file.absolute)), file.sourceFile);
      if (result.ok) writes.push({ protocol: result.protocol, items: result.items });
    }
    // A protocol without items between two with items still comes back in its place.
    const empty = { protocol: { ...writes[0]!.protocol, id: 'tom' as never }, items: [] };
    const all = [writes[0]!, empty, ...writes.slice(1)];
    const group = new SpooledGroup();
    try {
      for (const w of all) group.add(w);
      expect(group.length).toBe(all.length);
      expect(group.items).toBe(writes.reduce((n, w) => n + w.items.length, 0));
      expect(group.bytes).toBe(readFileSync(group.file).length);
      const back: ProtocolWrite[] = [];
      for await (const one of group.writes()) back.push(one);
      expect(back).toEqual(all.map((w) => ({ protocol: w.protocol, items: JSON.parse(JSON.stringify(w.items)) })));
    } finally {
      group.dispose();
    }
  });

  it("removes the spool folders of killed runs, and keeps a running process's and a new one", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'spool-sweep-'));
    try {
      const folder = (name: string, files: string[], ageMs: number) => {
        const dir = path.join(tmp, `protokollsok-spool-${name}`);
        mkdirSync(dir);
        for (const f of files) writeFileSync(path.join(dir, f), '{}\n');
        const at = new Date(Date.now() - ageMs);
        utimesSync(dir, at, at);
        return dir;
      };
      // A pid far above Linux's pid_max (2^22) names no process.
      const killed = folder('killed', ['items-9999999-1.ndjson'], 3_600_000);
      const running = folder('running', [`items-${process.pid}-1.ndjson`], 3_600_000);
      const fresh = folder('fresh', [], 0);
      expect(sweepSpools(tmp)).toEqual([killed]);
      expect([existsSync(killed), existsSync(running), existsSync(fresh)]).toEqual([false, true, true]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
