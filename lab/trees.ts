import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
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
 * good, as the lab saw in two runs of four. The image's FRR 10.7.1 (vars.yaml) has the fix.
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

/** Inside the baseline's container: its entrypoint and FRR's start command (bench/baseline). */
const baselineDir = 'usr/local/lib/frr-baseline';
/** The baseline's jinja2 template for a node's settings, as one file a plain node runs in UML. */
export const baselineTemplateBundle = join(root, 'dist', 'lab', 'baseline-template.mjs');

/**
 * The earlier extensions' shape, for the benchmark's side-by-side start in the rack: the same
 * container rootfs as `tree` (hard links) and the same service definition, but the bash + jinja2
 * entrypoint (bench/baseline/frr-startup.sh) instead of the supervisor, ending in FRR's own
 * docker-start. Its template and its image's daemons file are per node: lab/rack.sh lays them
 * in the node's writeable layer before its first start.
 */
export function buildBaselineTree(tree: string): string {
  const out = join(root, 'dist', 'lab', 'baseline-tree');
  const container = join('rootfs', 'usr', 'local', 'lib', 'containers', 'frr');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, container), { recursive: true });
  execFileSync('cp', ['-al', `${join(tree, container)}/.`, `${join(out, container)}/`]);
  mkdirSync(join(out, container, baselineDir), { recursive: true });
  for (const file of ['frr-startup.sh', 'docker-start']) {
    copyFileSync(join(root, 'bench', 'baseline', file), join(out, container, baselineDir, file));
    chmodSync(join(out, container, baselineDir, file), 0o755);
  }
  const service = parse(readFileSync(join(root, 'frr.yaml'), 'utf8')) as { container: { args: string[]; environment?: string[] } };
  service.container.args = ['--', '/bin/bash', `/${baselineDir}/frr-startup.sh`];
  service.container.environment = [`FRR_START_COMMAND=/${baselineDir}/docker-start`];
  mkdirSync(join(out, 'rootfs', 'usr', 'local', 'etc', 'containers'), { recursive: true });
  writeFileSync(join(out, 'rootfs', 'usr', 'local', 'etc', 'containers', 'frr.yaml'), stringify(service));
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-lab.mjs'), baselineTemplateBundle, join(root, 'bench', 'baseline', 'print-template.ts')], {
    stdio: 'inherit',
  });
  return out;
}
