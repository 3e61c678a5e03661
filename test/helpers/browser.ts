/**
 * The headless Chromium every browser test uses: Debian's (installed by
 * pretest), launched with the flags a container without a GPU or a user
 * namespace needs, and the UI bundle built into a folder of the test's own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';

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

/**
 * Pages for the tests of one file: each test's pages are closed after it, pass or fail, and a
 * test fails on a console error or uncaught exception its own pages logged, so a test run alone
 * (or in any order) is checked as strictly as the whole file. `ignore`: errors logged on purpose
 * (the browser logs a refused request's status).
 */
export function pagesPerTest(browser: () => Browser, ignore?: RegExp) {
  const open: Page[] = [];
  const errors: string[] = [];
  afterEach(async () => {
    const logged = errors.splice(0).filter((e) => !ignore?.test(e));
    await Promise.all(open.splice(0).map((page) => page.close()));
    expect(logged, 'console errors of this test').toEqual([]);
  });
  return async function newPage(width = 1280, height = 900): Promise<Page> {
    const page = await browser().newPage({ viewport: { width, height }, locale: 'sv-SE' });
    open.push(page);
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  };
}
