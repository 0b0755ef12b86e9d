import { join, resolve } from 'node:path';

/** The checkout, and the bundle scripts/bundle.mjs builds there: what the lab, bench and tests run. */
export const repoRoot = join(import.meta.dirname, '..', '..');
/**
 * FRR_SUPERVISOR_BUNDLE_DIR: another bundle for the same tests, e.g. dist/bundle-source-addon,
 * whose netlink addon was built from source (test/global-setup.ts builds it when named).
 */
export const bundleDir = process.env.FRR_SUPERVISOR_BUNDLE_DIR ? resolve(repoRoot, process.env.FRR_SUPERVISOR_BUNDLE_DIR) : join(repoRoot, 'dist', 'bundle');
export const bundlePath = join(bundleDir, 'frr-supervisor.cjs');
