import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
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
export async function runBundleIn(
  installation: FrrInstallation,
  args: readonly string[],
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ProgramOutcome> {
  return runNodeIn(installation, ['--', '{bundle}', ...args], files, env);
}

/**
 * That installation's `node` with `nodeArgs`, as runBundleIn runs it: {bundle} in them is the
 * bundle's entry, {work} the directory of `files`, both as the command sees them.
 */
export async function runNodeIn(
  installation: FrrInstallation,
  nodeArgs: readonly string[],
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ProgramOutcome> {
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
    // The root bound onto itself first: in a container, / is a mount point (the throwaway FRR of
    // the extra config's judge makes its mounts private from there).
    const script =
      'mount --bind "$0" "$0" && mount --bind "$1" "$0/opt/frr-supervisor" && mount --bind "$2" "$0/mnt/work" && mount -t proc proc "$0/proc" && shift 2 && exec chroot "$0" node "$@"';
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

/**
 * A stand-in FRR in `dir` (an absolute path on the host; links resolve inside whatever root the
 * command runs in): a zebra that reports `version` and otherwise is that root's real one, and its
 * real bgpd and bfdd unless `bgpd` gives a script of its own. FRR whose version says one thing
 * while its -C does another.
 */
export function makeStandInFrr(dir: string, version: string, bgpd?: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'zebra'), `#!/bin/sh\ncase "$1" in --version|-v) echo "zebra version ${version}"; exit 0;; esac\nexec /usr/lib/frr/zebra "$@"\n`, {
    mode: 0o755,
  });
  if (bgpd) writeFileSync(join(dir, 'bgpd'), `#!/bin/sh\n${bgpd}\n`, { mode: 0o755 });
  else symlinkSync('/usr/lib/frr/bgpd', join(dir, 'bgpd'));
  symlinkSync('/usr/lib/frr/bfdd', join(dir, 'bfdd'));
  chmodSync(dir, 0o755);
}

/** Forky's FRR 10.7.1 as the image's old pin would have looked: a zebra that says 10.5.1, for `fn` (given the dir inside the root). */
export async function withForkyAs1051<T>(fn: (frrDir: string) => Promise<T>): Promise<T> {
  const forky = frrInstallations.find((i) => i.root?.endsWith('/forky'));
  if (!forky?.root) throw new Error('no forky installation');
  requireRoot(forky);
  const inside = `/opt/frr-standin-${process.pid}-${Math.random().toString(16).slice(2)}`;
  try {
    makeStandInFrr(join(forky.root, inside), '10.5.1');
    return await fn(inside);
  } finally {
    rmSync(join(forky.root, inside), { recursive: true, force: true });
  }
}
