import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.test.ts'],
    // Searching for every seeded bug is `npm run test:gate` (vitest.gate.config.ts).
    exclude: ['properties/gate/**', 'node_modules/**'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
