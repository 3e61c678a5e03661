/**
 * The text stages are linear in their input: a 5 MB text on one line and a
 * text with 10,000 struck spans ingest in seconds (they took minutes, or
 * never finished, when one pattern rescanned a line from every position or
 * backtracked per struck span).
 */
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/pipeline.js';

const SENTENCE =
  'Nämnden beslutar att ge förvaltningen i uppdrag att utreda frågan om nära vård, samverkan (SIP) och *psykisk hälsa* i Karlskoga_2020 [se bilaga](. ';
const oneLine = (bytes: number) =>
  `Protokoll Socialnämnden 2020-01-01 ${SENTENCE.repeat(Math.ceil(bytes / SENTENCE.length))}`;

async function seconds(text: string, name: string): Promise<{ seconds: number; ok: boolean }> {
  const started = performance.now();
  const result = await ingestFile(new TextEncoder().encode(text), name);
  return { seconds: (performance.now() - started) / 1000, ok: result.ok };
}

describe('linear-time text stages', () => {
  it('ingests a 5 MB text without a line break in seconds, at most nine times the time of 1 MB (linear, with noise)', async () => {
    const small = await seconds(oneLine(1e6), 'en-rad-1mb.txt');
    const large = await seconds(oneLine(5e6), 'en-rad-5mb.txt');
    console.log(`one line: 1 MB ${small.seconds.toFixed(1)} s, 5 MB ${large.seconds.toFixed(1)} s`);
    expect(large.ok).toBe(true);
    // Quadratic would be 25 times; allow noise from a shared machine on top of linear.
    expect(large.seconds / small.seconds).toBeLessThan(9);
    expect(large.seconds).toBeLessThan(40);
  }, 120_000);

  it('ingests a text with 10,000 struck spans in a few seconds', async () => {
    const spans = Array.from({ length: 5000 }, (_, i) => `<del>Namn ${i}</del>`).join(' ');
    const rows = Array.from({ length: 5000 }, (_, i) => `<del>Namn ${i}</del>\t<del>Laxå</del>`).join('\n');
    const unclosed = Array.from({ length: 2000 }, (_, i) => `<del>öppen ${i}`).join(' ');
    const text = `Protokoll Socialnämnden 2020-01-01\nNärvarande:\n${spans} Anna Andersson\n${rows}\n${unclosed}\n§ 1 Inledning\nMötet öppnades.\n`;
    const run = await seconds(text, 'struket.txt');
    console.log(`10,000 struck spans: ${run.seconds.toFixed(1)} s`);
    expect(run.ok).toBe(true);
    expect(run.seconds).toBeLessThan(8);
  }, 60_000);
});
