import { readFileSync } from 'node:fs';
import { DEFAULT_OCR_SETTINGS } from '../ingest/ocr/settings.js';
import { ingestFile } from '../ingest/pipeline.js';
import { similarTitle } from '../test/helpers/real.js';
import { degradedScanPdf, WORN_SCAN } from '../test/helpers/scans.js';

const labels = JSON.parse(readFileSync('test/fixtures/real/labels.json', 'utf8'));
for (const file of process.argv.slice(2)) {
  const doc = labels.documents.find((d: { file: string }) => d.file === file);
  const pdf = readFileSync(`test/fixtures/real/${file}`);
  for (const [name, d] of [
    ['worn +1.5°', WORN_SCAN],
    ['worn -2°', { ...WORN_SCAN, skew: -2, noise: 16, seed: 4242 }],
  ] as const) {
    const t0 = performance.now();
    const scan = await degradedScanPdf(new Uint8Array(pdf), d);
    const r = await ingestFile(new Uint8Array(scan), file.replace(/\d{4}-\d\d-\d\d/, 'scan'), {
      ocr: { ...DEFAULT_OCR_SETTINGS, pageTimeoutMs: 300_000 },
      timeoutMs: 900_000,
    });
    if (!r.ok) {
      console.log(file, name, 'FAILED', r.failure);
      continue;
    }
    const got = r.items.map((i) => i.title);
    const found = doc.items.filter((want: { title: string }) => got.some((g) => similarTitle(g, want.title)));
    console.log(
      `${file} ${name}: date ${r.protocol.meetingDate} (label ${doc.meeting_date}), body ${r.protocol.body} (label ${doc.body}), items ${found.length}/${doc.items.length} (extracted ${got.length}), ocr conf ${r.protocol.ocrConfidence}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    for (const want of doc.items)
      if (!got.some((g) => similarTitle(g, want.title))) console.log('   missed:', want.number ?? '', want.title);
  }
}
