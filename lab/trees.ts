import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageDebianTree } from '../scripts/package.js';

const root = join(import.meta.dirname, '..');

/** The Debian suites a node's container rootfs can come from, and the FRR each ships. */
export const nodeSuites = { trixie: 'FRR 10.3', forky: 'FRR 10.7.1' } as const;
export type NodeSuite = keyof typeof nodeSuites;
/**
 * The lab's nodes run forky's FRR 10.7.1 unless asked: trixie's 10.3 has FRR's 10.2-10.3.0 fault
 * that keeps an unnumbered BGP session Idle while its BFD session is down, even one that never
 * came up (FRRouting/frr#18742; fixed by #18562, in 10.3.1 and 10.4): a restarted node's BFD
 * session registered before bgpd knew its interface then holds that fabric session Idle for
 * good, as the lab saw in two runs of four. The image's FRR 10.5.1 has the fix.
 */
export const defaultNodeSuite: NodeSuite = 'forky';

/** The launcher of Talos-like services (lab/talos), bundled for a plain node in UML. */
export const launcherBundle = join(root, 'dist', 'lab', 'talos-service.mjs');

/**
 * The extension tree with the Debian root `suite` as its container rootfs, from the bundle in
 * dist/bundle as it is now (so build that first), and the launcher that starts it.
 */
export function buildNodeTree(suite: NodeSuite): string {
  const tree = packageDebianTree(suite, { build: false });
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-lab.mjs'), launcherBundle], { stdio: 'inherit' });
  return tree;
}
