/**
 * Stage tests through the production wiring: the first k text stages of
 * ingest/stages/index.ts folded over a protocol's pages, exactly as the
 * pipeline folds them, so a stage is always tested with the input production
 * gives it (the layout's decisions included).
 */
import { readFileSync } from 'node:fs';
import type { Page, Warning } from '../../domain/schemas.js';
import { runStages } from '../../ingest/pipeline.js';
import { extractPages } from '../../ingest/stages/extract.js';
import { TEXT_STAGES } from '../../ingest/stages/index.js';
import { emptyDraft, type ProtocolDraft } from '../../ingest/stages/stage.js';
import { realDir } from './real.js';

export type StageName =
  | 'normalise'
  | 'redact'
  | 'layout'
  | 'metadata'
  | 'segment'
  | 'cases'
  | 'decisions'
  | 'matters'
  | 'tag';

/** The draft after the text stages up to and including `last`, with every warning they gave. */
export function through(
  pages: readonly Page[],
  last: StageName,
  file: string | null = null,
): { draft: ProtocolDraft; warnings: Warning[] } {
  const k = TEXT_STAGES.findIndex((s) => s.name === last);
  if (k < 0) throw new Error(`no text stage named ${last}`);
  return runStages(emptyDraft(pages, file), TEXT_STAGES.slice(0, k + 1));
}

/** Pages from texts, one per argument, numbered from 1. */
export const textPages = (...texts: string[]): Page[] => texts.map((text, i) => ({ number: i + 1, text }));

/** A real development PDF of test/fixtures/real, extracted (without OCR: its scanned pages stay blank). */
export async function realPages(file: string): Promise<Page[]> {
  const result = await extractPages(new Uint8Array(readFileSync(new URL(file, realDir))), file, {
    ocr: { enabled: false, pageTimeoutMs: 1, maxPages: 0 },
  });
  if (!result.ok) throw new Error(`${file} did not extract: ${result.reason}`);
  return result.pages;
}
