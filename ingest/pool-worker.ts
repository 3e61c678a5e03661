/** Child process body of IngestPool: one file in (over IPC), its IngestResult out. */
import '../src/domain/quiet-dotenv.js';
import { ingestFile } from './pipeline.js';

process.on('message', (job: { bytes: Uint8Array; sourceFile: string }) => {
  // The pool enforces the time and memory limits by killing this process.
  void ingestFile(job.bytes, job.sourceFile, { timeoutMs: 2 ** 31 - 1 }).then((result) => process.send?.(result));
});
// The pool closes the channel when it no longer needs this process.
process.on('disconnect', () => process.exit(0));
