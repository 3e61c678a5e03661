/** Ingest progress as log lines where no progress bar can draw (npm start's start-up ingest). */
import { describe, expect, it } from 'vitest';
import { progressLines } from '../../ingest/progress.js';

describe('progressLines', () => {
  it('writes a line after the first file and then at most one every five seconds, with the time left', () => {
    const lines: string[] = [];
    let clock = 0;
    const report = progressLines((l) => lines.push(l), { now: () => clock });
    report({ type: 'start', total: 100 });
    // 100 files of 4 pages, one every 0.7 s: a 70 s ingest.
    for (let i = 1; i <= 100; i++) {
      clock = i * 700;
      report({ type: 'file', file: `f${i}.pdf`, status: i === 50 ? 'failed' : 'ingested', pages: 4 });
    }
    report({
      type: 'done',
      summary: {} as never,
    });
    expect(lines[0]).toBe('Ingest: 1/100 files (1 %), 4 pages, 6 pages/s, about 69 s left');
    // 70 s in lines at least 5 s apart, and not for the last file (the summary line says that).
    expect(lines.length).toBeGreaterThanOrEqual(12);
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.at(-1)).toMatch(
      /^Ingest: 9\d\/100 files \(9\d %\), 3\d\d pages, 6 pages\/s, 1 failed, about \d s left$/,
    );
    const dones = lines.map((l) => Number(/(\d+)\/100/.exec(l)![1]));
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('says nothing for a run with nothing to do', () => {
    const lines: string[] = [];
    const report = progressLines((l) => lines.push(l));
    report({ type: 'start', total: 0 });
    expect(lines).toEqual([]);
  });
});
