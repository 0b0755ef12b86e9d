import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { rootsDir } from '../../scripts/extension/debian-tree.js';
import { bundlePath, runNode, type ProgramOutcome } from './bundle.js';

/** An FRR the product supports: the host's own (Debian 12) or one in a Debian root. */
export interface FrrInstallation {
  readonly label: string;
  /** The FRR version its zebra reports. */
  readonly version: string;
  /** The root to chroot into; undefined for the host's FRR. */
  readonly root: string | undefined;
  /**
   * What the probe must learn of its daemons' -C (src/frr/check-plan.ts), as seen here: which
   * judge a config (10.7.1's bgpd -C aborts on a numbered neighbor; from FRR 9 zebra takes none
   * of its lines, mgmtd's), and whether they take every line between them.
   */
  readonly checkers: readonly string[];
  readonly ownsEveryLine: boolean;
}

/** Every FRR the product is held to. A root that is missing fails the tests that need it (never a skip). */
export const frrInstallations: readonly FrrInstallation[] = [
  { label: 'FRR 8.4 (Debian 12, the host)', version: '8.4.4', root: undefined, checkers: ['zebra', 'bgpd', 'bfdd'], ownsEveryLine: true },
  { label: 'FRR 10.3 (Debian trixie root)', version: '10.3', root: join(rootsDir, 'trixie'), checkers: ['bgpd', 'bfdd'], ownsEveryLine: false },
  { label: 'FRR 10.7.1 (Debian forky root)', version: '10.7.1', root: join(rootsDir, 'forky'), checkers: ['bfdd'], ownsEveryLine: false },
];

export function requireRoot(installation: FrrInstallation): void {
  if (installation.root && !existsSync(join(installation.root, '.frr-supervisor-root'))) {
    throw new Error(`${installation.label} is missing at ${installation.root}: run scripts/frr-roots.sh (scripts/setup.sh does)`);
  }
}

/**
 * Runs the built bundle with that installation's Node and FRR: on the host as is; in a root
 * through chroot, inside a private mount namespace (unshare -m) whose bind mounts of the bundle
 * and of the input files vanish with it. `files` are written to a directory the command sees as
 * /mnt/work (on the host: a temporary directory); `args` may name them there with {work}.
 */
export async function runBundleIn(installation: FrrInstallation, args: readonly string[], files: Record<string, string>, env: Record<string, string> = {}): Promise<ProgramOutcome> {
  return runNodeIn(installation, ['--', '{bundle}', ...args], files, env);
}

/**
 * That installation's `node` with `nodeArgs`, as runBundleIn runs it: {bundle} in them is the
 * bundle's entry, {work} the directory of `files`, both as the command sees them.
 */
export async function runNodeIn(installation: FrrInstallation, nodeArgs: readonly string[], files: Record<string, string>, env: Record<string, string> = {}): Promise<ProgramOutcome> {
  requireRoot(installation);
  const work = mkdtempSync(join('/tmp', 'frr-supervisor-work-'));
  try {
    chmodSync(work, 0o755);
    const inside = installation.root ? { work: '/mnt/work', bundle: '/opt/frr-supervisor/frr-supervisor.cjs' } : { work, bundle: bundlePath };
    const expand = (text: string) => text.replaceAll('{work}', inside.work).replaceAll('{bundle}', inside.bundle);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), expand(content), { mode: 0o644 });
    if (!installation.root) return await runNode(nodeArgs.map(expand), { env });
    const root = installation.root;
    for (const dir of ['opt/frr-supervisor', 'mnt/work']) mkdirSync(join(root, dir), { recursive: true });
    const script = 'mount --bind "$1" "$0/opt/frr-supervisor" && mount --bind "$2" "$0/mnt/work" && mount -t proc proc "$0/proc" && shift 2 && exec chroot "$0" node "$@"';
    const result = await execa('unshare', ['-m', 'sh', '-c', script, root, join(bundlePath, '..'), work, ...nodeArgs.map(expand)], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...env },
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
