import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageAddonSource } from '../scripts/package.js';
import { bundleDir, repoRoot } from '../scripts/harness/bundle.js';

/**
 * The CLI and kernel tests run the real bundle: build it once, fresh, before any test. Where
 * FRR_SUPERVISOR_BUNDLE_DIR names another one, its netlink addon is built from source as the
 * image builds it (scripts/extension/netlink-addon.sh, in a network namespace of its own: with no
 * network), so that the same tests prove that build.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), bundleDir], { stdio: 'inherit' });
  if (!process.env.FRR_SUPERVISOR_BUNDLE_DIR) return;
  const source = packageAddonSource(join(repoRoot, 'dist', 'addon-source-test'));
  execFileSync('unshare', ['-n', 'sh', join(source, 'build.sh'), source, bundleDir], { stdio: 'inherit' });
}
