import { defineConfig } from 'vitest/config';

/** The browser tests (`npm run test:e2e`): kept out of `npm test`, they need Chromium at /usr/bin/chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
