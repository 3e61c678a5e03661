/**
 * The five real seed protocols: their texts as extracted (test/fixtures/seed,
 * one page each, letterheads inline) and their PDFs (the bundled corpus, read
 * page by page through the real extract stage).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '../../domain/schemas.js';
import { extractPages } from '../../ingest/stages/extract.js';

export const SEED_FILES = [
  '000_fba7a9fba055a2c4',
  '001_50d6c6026012b732',
  '002_dd3eb397fa6549bb',
  '003_5f027efdf8c98c30',
  '004_1652b9c4fdf6c7f8',
] as const;
export type SeedName = (typeof SEED_FILES)[number];

export const seedTextPath = (name: string) => fileURLToPath(new URL(`../fixtures/seed/${name}.txt`, import.meta.url));
export const seedPdfPath = (name: string) => fileURLToPath(new URL(`../../corpus/${name}.pdf`, import.meta.url));

/** A seed protocol's text as one page, exactly as stored. */
export function seedTextPages(name: string): Page[] {
  return [{ number: 1, text: readFileSync(seedTextPath(name), 'utf8') }];
}

/** A seed protocol's .txt bytes read through the real extract stage (one page: no form feeds). */
export async function seedTextExtracted(name: string): Promise<Page[]> {
  const result = await extractPages(new Uint8Array(readFileSync(seedTextPath(name))), `${name}.txt`);
  if (!result.ok) throw new Error(`${name}.txt did not extract: ${result.reason}`);
  return result.pages;
}

/** A seed protocol's PDF, extracted page by page through the real extract stage. */
export async function seedPdfPages(name: string): Promise<Page[]> {
  const result = await extractPages(new Uint8Array(readFileSync(seedPdfPath(name))), `${name}.pdf`);
  if (!result.ok) throw new Error(`${name}.pdf did not extract: ${result.reason}`);
  return result.pages;
}
