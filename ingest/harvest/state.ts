/**
 * What the harvester has seen, kept in DATA_DIR/harvest-state.json: per file
 * URL its validators (ETag, Last-Modified) and content hash, per listing page
 * how many file links it had. Small, rewritten atomically after every run.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const FileState = z.object({
  /** Corpus-relative path of the downloaded file. */
  file: z.string(),
  listingUrl: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  sha256: z.string(),
  bytes: z.number(),
  firstSeen: z.string(),
  lastChanged: z.string(),
  lastChecked: z.string(),
});
export type FileState = z.infer<typeof FileState>;

const ListingState = z.object({
  /** File links found the last time there were any: zero after that means the layout may have changed. */
  fileLinks: z.number(),
  lastRun: z.string(),
});

export const HarvestState = z.object({
  version: z.literal(1),
  files: z.record(z.string(), FileState),
  listings: z.record(z.string(), ListingState),
});
export type HarvestState = z.infer<typeof HarvestState>;

export const statePath = (dataDir: string) => path.join(dataDir, 'harvest-state.json');

export async function loadState(dataDir: string): Promise<{ state: HarvestState; note: string | null }> {
  const empty: HarvestState = { version: 1, files: {}, listings: {} };
  let text: string;
  try {
    text = await readFile(statePath(dataDir), 'utf8');
  } catch {
    return { state: empty, note: null };
  }
  try {
    const parsed = HarvestState.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, note: null };
  } catch {
    // fall through
  }
  // A damaged state file costs one full download round (content hashes still spare the index), nothing more.
  return { state: empty, note: `${statePath(dataDir)} kunde inte läsas; alla filer kontrolleras på nytt` };
}

export async function saveState(dataDir: string, state: HarvestState): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = statePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 1)}\n`);
  await rename(tmp, file);
}
