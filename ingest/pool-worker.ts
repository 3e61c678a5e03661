/** Child process body of IngestPool: one file in (over IPC), its IngestResult out. */
import '../domain/quiet-dotenv.js';
import type { OcrSettings } from './ocr/index.js';
import { ingestFile } from './pipeline.js';

process.on('message', (job: { bytes: Uint8Array; sourceFile: string; ocr: OcrSettings }) => {
  // The pool enforces the time and memory limits by killing this process; each OCR page tells it to allow one page more.
  const onOcrPage = (page: number) => process.send?.({ type: 'ocr-page', page });
  void ingestFile(job.bytes, job.sourceFile, { timeoutMs: 2 ** 31 - 1, ocr: job.ocr, onOcrPage }).then((result) =>
    process.send?.(result),
  );
});
// The pool closes the channel when it no longer needs this process.
process.on('disconnect', () => process.exit(0));
