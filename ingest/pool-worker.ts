/** Worker thread body of IngestPool: one file in, its IngestResult out. */
import '../src/domain/quiet-dotenv.js';
import { parentPort } from 'node:worker_threads';
import { ingestFile } from './pipeline.js';

parentPort!.on('message', (job: { bytes: Uint8Array; sourceFile: string }) => {
  // The pool enforces the time limit by terminating this thread.
  void ingestFile(job.bytes, job.sourceFile, { timeoutMs: 2 ** 31 - 1 }).then((result) => parentPort!.postMessage(result));
});
