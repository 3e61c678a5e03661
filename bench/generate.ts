/**
 * Synthetic corpus generator.
 *
 *   npm run bench:generate -- --count 1000 --seed 7 --out bench/out/corpus-1000 [--format pdf|txt|both]
 *
 * Writes N protocols (see corpus.ts for how they are made) one file at a time,
 * streamed to disk: the corpus is never held in memory. Same seed, same files
 * (byte for byte: the PDFs carry a fixed creation date). Output goes under
 * bench/out/ (git-ignored); nothing generated at scale is committed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './lib/corpus.js';

export {
  writeCorpus as generateCorpus,
  writePdf,
  type Format,
  type GenerateOptions,
  type GenerateSummary,
} from './lib/corpus.js';

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/out/corpus' },
      format: { type: 'string', default: 'pdf' },
      from: { type: 'string', default: '0' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const from = Number(values.from);
  const format = values.format;
  if (!Number.isInteger(count) || count < 0) throw new Error('--count must be a whole number');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  if (format !== 'pdf' && format !== 'txt' && format !== 'both') throw new Error('--format must be pdf, txt or both');
  let done = 0;
  const summary = await writeCorpus({
    count,
    seed,
    out: values.out,
    format,
    from,
    onFile: () => {
      done++;
      if (done % 500 === 0) process.stderr.write(`  ${done} files…\n`);
    },
  });
  console.log(
    `Wrote ${summary.files} files (${(summary.bytes / 1e6).toFixed(1)} MB) to ${values.out} in ${summary.seconds.toFixed(1)} s (seed ${seed}).`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
}
