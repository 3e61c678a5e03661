/**
 * A write group spooled to disk gives back exactly what was put in, protocol by
 * protocol: what the writer sends again one protocol at a time when Meilisearch
 * refuses the group as a whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../domain/paths.js';
import type { ProtocolWrite } from '../../ingest/indexer.js';
import { listCorpus } from '../../ingest/run.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { SpooledGroup } from '../../ingest/spool.js';

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
});
