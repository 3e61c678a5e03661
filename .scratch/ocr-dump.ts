import { readFileSync, writeFileSync } from 'node:fs';
import { degradedScanPdf, WORN_SCAN } from '../test/helpers/scans.js';
const file = process.argv[2]!;
const pdf = readFileSync(`test/fixtures/real/${file}`);
const scan = await degradedScanPdf(new Uint8Array(pdf), WORN_SCAN);
writeFileSync(`/tmp/scan-${file}`, scan);
