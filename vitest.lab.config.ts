import { defineConfig } from 'vitest/config';

/** `npm run test:lab`: the end-to-end rack in User-Mode Linux (lab/rack.sh), on its own. */
export default defineConfig({
  test: {
    include: ['test/lab/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 3_200_000,
  },
});
