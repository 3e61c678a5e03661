#!/usr/bin/env node
// The browser tests drive Debian's Chromium through playwright-core (no browser
// download from elsewhere is possible here). Install it with apt when missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.warn(
    `[protokollsok] ${CHROMIUM} is missing; install Chromium (apt-get install chromium) for the browser tests.`,
  );
  process.exit(0);
}
console.log('[protokollsok] Installing Debian chromium for the browser tests…');
const run = (args) =>
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  run(['install', '-y', '--no-install-recommends', 'chromium']);
} catch {
  run(['update']);
  run(['install', '-y', '--no-install-recommends', 'chromium']);
}
