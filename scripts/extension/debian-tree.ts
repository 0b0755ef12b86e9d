// The container rootfs of the extension made from Debian packages instead of FRR's official
// image: a root from scripts/frr-roots.sh (trixie: FRR 10.3, Node 20; forky: FRR 10.7.1,
// Node 24) laid under the tree `npm run package` assembled. This is the tree the lab and the
// container tests start, as Talos would, with the same frr.yaml. What differs from the image:
//   - glibc instead of musl, so the netlink addon is the npm package's prebuild, not compiled;
//   - Node from Debian (20 or 24) instead of Alpine's;
//   - /sbin/tini, the path frr.yaml names (Alpine's), is a link to Debian's /usr/bin/tini.
// FRR starts the same way on both: by the supervisor's own start script (src/frr/start-script.ts)
// over FRR's frrcommon.sh, which both have; Debian's frr has no docker-start, and none is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Where scripts/frr-roots.sh builds the Debian roots holding FRR 10 (FRR_ROOTS_DIR). */
export const rootsDir = process.env.FRR_ROOTS_DIR ?? '/var/tmp/frr-supervisor-roots';

/** Lays the Debian root `suite` under `tree`'s container rootfs: hard links, so it is quick and small. */
export function addDebianRootfs(tree: string, suite: string, service = 'frr'): string {
  const debianRoot = join(rootsDir, suite);
  if (!existsSync(join(debianRoot, '.frr-supervisor-root'))) throw new Error(`no Debian ${suite} root at ${debianRoot}: run scripts/frr-roots.sh ${suite}`);
  const containerRoot = join(tree, 'rootfs', 'usr', 'local', 'lib', 'containers', service);
  // Files are linked, directories made anew: what the tree adds is its own, the root stays as built.
  execFileSync('cp', ['-al', `${debianRoot}/.`, `${containerRoot}/`]);
  // FRR's run and scratch directories empty, as in a fresh image: the host's tests run FRR inside
  // the root and leave a directory per process there (1629 once, which the container's first
  // start spent 39 s of a lab run removing).
  // Only inside the tree (var/run is a link to /run, which here would be the host's).
  for (const path of [join(containerRoot, 'run', 'frr'), join(containerRoot, 'var', 'tmp', 'frr')]) {
    const dir = existsSync(path) ? realpathSync(path) : '';
    if (!dir.startsWith(`${realpathSync(containerRoot)}/`)) continue;
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  if (!existsSync(join(containerRoot, 'usr', 'sbin', 'tini'))) symlinkSync('/usr/bin/tini', join(containerRoot, 'usr', 'sbin', 'tini'));
  return containerRoot;
}
