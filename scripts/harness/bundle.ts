import { join } from 'node:path';

/** The checkout, and the bundle scripts/bundle.mjs builds there: what the lab, bench and tests run. */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const bundlePath = join(repoRoot, 'dist', 'bundle', 'frr-supervisor.cjs');
