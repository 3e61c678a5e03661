/**
 * The whole pipeline (ingestFile) on real protocols nobody here wrote
 * (test/fixtures/real, hand labels in labels.json): Nykarleby stad's nämnder
 * (Finland-Swedish meeting-system exports with running headers, garbled cover
 * fonts and tables of contents) and a Swedish association (numbered and
 * unnumbered items). Prints a per-file table and asserts the targets.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/pipeline.js';
import { f1, realDir, realLabels, sameBody, sameNumber, scoreItems, type ItemScore } from '../helpers/real.js';

/** Scores of the code before the layout stage (same table, same scoring), for comparison. */
const SEED_SCORES: Record<string, string> = {
  '002_nykarleby-valfardsnamnden-2022-09-15.pdf': 'date BAD body BAD F1 0.00',
  '004_nykarleby-ungdomsfullmaktige-2023-01-30.pdf': 'date BAD body BAD F1 0.00',
  '005_nykarleby-personalsektionen-2023-03-28.pdf': 'date BAD body BAD F1 0.00',
  '007_nykarleby-radet-for-funktionshindrade-2023-05-24.pdf': 'date BAD body BAD F1 0.00',
  '101_python-sverige-arsmote-2013-01-08.pdf': 'date BAD body BAD F1 0.94',
  '102_python-sverige-styrelsemote-2013-01-21.pdf': 'date ok  body BAD F1 0.00',
};

interface Row {
  file: string;
  dateOk: boolean;
  bodyOk: boolean;
  items: ItemScore;
  /** Labelled items the pipeline does not find, or reads with another title (number: read ≠ labelled). */
  titlesOff: string[];
}

describe('the pipeline on real protocols', () => {
  const rows: Row[] = [];
  beforeAll(async () => {
    for (const label of realLabels) {
      const result = await ingestFile(new Uint8Array(readFileSync(new URL(label.file, realDir))), label.file);
      if (!result.ok) throw new Error(`${label.file}: ${result.failure.reason}`);
      const p = result.protocol;
      rows.push({
        file: label.file,
        dateOk: p.meetingDate === label.meeting_date,
        bodyOk: sameBody(p.body, p.organisation, label.body),
        items: scoreItems(
          result.items.map((i) => ({ number: i.itemNumber, title: i.title })),
          label.items,
        ),
        titlesOff: label.items.flatMap((want, k) => {
          // An unnumbered item is the one in its place.
          const got = (want.number ? result.items.find((i) => sameNumber(i.itemNumber, want.number)) : result.items[k])
            ?.title;
          if (got === undefined) return [`${want.number}: not found, "${want.title}"`];
          return got === want.title ? [] : [`${want.number}: "${got}" ≠ "${want.title}"`];
        }),
      });
    }
    const pct = (n: number) => n.toFixed(2);
    console.log(
      [
        'file                                                      date body  P     R     F1    titles | before',
        ...rows.map((r) => {
          const { tp, fp, fn } = r.items;
          const titles = `${tp + fn - r.titlesOff.length}/${tp + fn}`.padEnd(6);
          return `${r.file.padEnd(57)} ${r.dateOk ? 'ok ' : 'BAD'}  ${r.bodyOk ? 'ok ' : 'BAD'}  ${pct(tp / Math.max(1, tp + fp))}  ${pct(tp / Math.max(1, tp + fn))}  ${pct(f1(r.items))}  ${titles} | ${SEED_SCORES[r.file] ?? '-'}`;
        }),
      ].join('\n'),
    );
  }, 120_000);

  it('dates every real protocol right', () => {
    expect(rows.filter((r) => !r.dateOk).map((r) => r.file)).toEqual([]);
  });

  it('names the body of every real protocol right', () => {
    expect(rows.filter((r) => !r.bodyOk).map((r) => r.file)).toEqual([]);
  });

  it('reads every labelled title as labelled, letter for letter', () => {
    // Broken glyphs ("Budgetdirekti") are repaired from the table of contents; an initial ("F. Strang") and a
    // closing abbreviation ("m fl.") keep their full stops.
    expect(rows.flatMap((r) => r.titlesOff.map((t) => `${r.file} ${t}`))).toEqual([]);
  });

  it('finds the agenda items with F1 of at least 0.95 overall', () => {
    const total = rows.reduce((s, r) => ({ tp: s.tp + r.items.tp, fp: s.fp + r.items.fp, fn: s.fn + r.items.fn }), {
      tp: 0,
      fp: 0,
      fn: 0,
    });
    expect(f1(total)).toBeGreaterThanOrEqual(0.95);
  });
});
