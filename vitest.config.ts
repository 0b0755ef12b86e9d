import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The rack (test/lab) runs after everything else (`npm test` = test:fast, then test:lab): its
    // BFD timing check needs the machine to itself, not shared with other User-Mode Linux boots.
    exclude: [...configDefaults.exclude, 'test/lab/**'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Kernel tests create network namespaces; FRR checks spawn daemons: keep the machine calm.
    maxWorkers: 2,
  },
});
