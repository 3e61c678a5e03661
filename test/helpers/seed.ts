/** The five real seed protocols: their texts (fixtures) and their PDFs (the bundled corpus). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/core/paths.js';
import type { Page } from '../../src/core/schemas.js';
import { extractPages } from '../../ingest/extract.js';

export const SEED_FILES = [
  '000_fba7a9fba055a2c4',
  '001_50d6c6026012b732',
  '002_dd3eb397fa6549bb',
  '003_5f027efdf8c98c30',
  '004_1652b9c4fdf6c7f8',
] as const;
export type SeedName = (typeof SEED_FILES)[number];

export const seedTextPath = (name: string) => path.join(projectRoot, 'test/fixtures/seed', `${name}.txt`);
export const seedPdfPath = (name: string) => path.join(projectRoot, 'corpus', `${name}.pdf`);

/** A seed protocol's text as one page, as extracted from its PDF originally. */
export function seedTextPages(name: string): Page[] {
  return [{ number: 1, text: readFileSync(seedTextPath(name), 'utf8') }];
}

/** A seed protocol's PDF, extracted page by page through the real extract stage. */
export async function seedPdfPages(name: string): Promise<Page[]> {
  const result = await extractPages(new Uint8Array(readFileSync(seedPdfPath(name))), `${name}.pdf`);
  if (!result.ok) throw new Error(`${name}.pdf did not extract: ${result.reason}`);
  return result.pages;
}
