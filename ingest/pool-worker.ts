/** Worker thread body of IngestPool: one file in, its IngestResult out. */
import '../src/domain/quiet-dotenv.js';
import { parentPort } from 'node:worker_threads';
import type { OcrSettings } from './ocr/index.js';
import { ingestFile } from './pipeline.js';

parentPort!.on('message', (job: { bytes: Uint8Array; sourceFile: string; ocr: OcrSettings }) => {
  // The pool enforces the time limit by terminating this thread; each OCR page tells it to allow one page more.
  const onOcrPage = (page: number) => parentPort!.postMessage({ type: 'ocr-page', page });
  void ingestFile(job.bytes, job.sourceFile, { timeoutMs: 2 ** 31 - 1, ocr: job.ocr, onOcrPage }).then((result) => parentPort!.postMessage(result));
});
