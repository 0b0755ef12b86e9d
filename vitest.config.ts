import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm run test:fast`: everything but the rack. Two groups, one after the other: the tests on
 * the host (two files at a time), then the User-Mode Linux boots one at a time, since two on a
 * 2-core machine doubled each one's time until a budget ran out. The rack (test/lab) runs after
 * both (`npm test` = test:fast, then test:lab): its BFD timing check wants the machine to itself.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // Kernel tests create network namespaces; FRR checks spawn daemons: keep the machine calm.
        test: { name: 'host', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/lab/**', 'test/uml/**'], maxWorkers: 2 },
      },
      {
        extends: true,
        test: { name: 'uml', include: ['test/uml/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
