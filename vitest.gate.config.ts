import { defineConfig } from 'vitest/config';

/** `npm run test:gate`: the gate against every seeded bug (a few minutes on two cores). */
export default defineConfig({
  test: {
    include: ['properties/gate/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
