import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/helpers/quiet-dotenv.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel; each uses its own index prefix on the one shared server.
    pool: 'forks',
    reporters: ['default'],
  },
});
