/**
 * The data files the pipeline and the search read (taxonomy, Swedish lexicon,
 * stop words and synonyms): one registry, so every reader validates what it
 * loads with the same error, and the pipeline's content hash covers exactly
 * these bytes. Editing any of them re-ingests what they affect; editing a file
 * that is not listed here (README.md) re-ingests nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { projectRoot } from './paths.js';

/** Every data file, by name, relative to the project root. */
export const DATA_FILES = {
  taxonomy: 'domain/taxonomy.json',
  language: 'domain/swedish/language.json',
  lexicon: 'domain/swedish/lexicon.json',
  synonyms: 'domain/swedish/synonyms.json',
  /** Read by the search only (Följ frågan), not by a stage: editing it re-ingests nothing. */
  formalia: 'domain/swedish/formalia.json',
} as const;

export type DataFileName = keyof typeof DATA_FILES;

/** A data file that does not parse or does not match its schema: names the file and the entry. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    readonly entry: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${entry ? `${entry}: ` : ''}${detail}`, options);
  }
}

export const dataFilePath = (name: DataFileName, root = projectRoot) => path.join(root, DATA_FILES[name]);

/** Reads and validates a data file; throws a DataFileError naming the file and the failing entry. */
export function loadDataFile<T>(name: DataFileName, schema: z.ZodType<T>): T {
  const file = DATA_FILES[name];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(dataFilePath(name), 'utf8'));
  } catch (error) {
    throw new DataFileError(file, '', `cannot be read as JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataFileError(file, issue.path.join('.'), issue.message, { cause: parsed.error });
  }
  return parsed.data;
}

/** sha256 of each data file's bytes, for the pipeline's content hash. */
export function dataFileDigests(
  names: readonly DataFileName[] = Object.keys(DATA_FILES) as DataFileName[],
  root = projectRoot,
): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => [
      DATA_FILES[n],
      createHash('sha256')
        .update(readFileSync(dataFilePath(n, root)))
        .digest('hex'),
    ]),
  );
}
