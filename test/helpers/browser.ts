/**
 * The headless Chromium every browser test uses: Debian's (installed by
 * pretest), launched with the flags a container without a GPU or a user
 * namespace needs, and the UI bundle built into a folder of the test's own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium (with `extraArgs`, e.g. a host-resolver rule), or fails saying how to install it. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: run "npm test" (its pretest installs Debian's chromium) or apt-get install chromium`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}

/** Builds the UI bundle into `outDir`, as `npm run build` does into dist/public. */
export async function buildUiInto(outDir: string): Promise<void> {
  // @ts-expect-error: a plain .mjs build script without type declarations
  const { buildUi } = (await import('../../scripts/build-ui.mjs')) as {
    buildUi: (o: { outDir: string; quiet: boolean }) => Promise<unknown>;
  };
  await buildUi({ outDir, quiet: true });
}
