import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { MissingProgramError } from '../errors.js';

export interface FrrPaths {
  /** vtysh, for `vtysh --dryrun`: FRR's own parser with every daemon's grammar. */
  readonly vtysh: string;
  /** Where the daemons live (/usr/lib/frr on Debian and in the FRR image). */
  readonly daemonDir: string;
}

export const defaultFrrPaths: FrrPaths = { vtysh: '/usr/bin/vtysh', daemonDir: '/usr/lib/frr' };

export interface FrrCheckResult {
  readonly ok: boolean;
  /** FRR's complaints, one per line, each naming the config line and who complained. */
  readonly complaints: readonly string[];
}

/** Commands that belong to vtysh itself: no daemon takes them, and that is fine. */
const vtyshOnly = [/^service integrated-vtysh-config$/];

/**
 * A daemon that cannot open its -C file says so in a log line and still exits 0. The copy the
 * daemons check ends with this line, which no daemon knows: a daemon that does not report it as
 * unknown did not read the whole file, and the check fails instead of passing silently.
 */
const canary = 'frr-supervisor-end-of-file-canary';

/** The programs a check of these daemons runs: vtysh, then each daemon. */
export function frrPrograms(daemons: readonly string[], paths: FrrPaths): string[] {
  return [paths.vtysh, ...daemons.map((d) => join(paths.daemonDir, d))];
}

/**
 * Has FRR check a rendered frr.conf in two ways, because each misses what the other sees:
 *  - `vtysh --dryrun` parses every line against the grammar of all daemons, but runs nothing, so
 *    it accepts a line no daemon would apply (a route-map clause bgpd lacks).
 *  - each enabled daemon's `-C` runs the config in that daemon, catching semantic refusals
 *    ("Cannot have local-as same as BGP AS number"), but reports every line of other daemons as
 *    unknown. A line is rejected when every daemon fails it; each `%` message is reported as is.
 * Nothing is started and no running FRR is touched (pid files go to a temporary directory).
 */
export async function checkWithFrr(frrConf: string, daemons: readonly string[], paths: FrrPaths = defaultFrrPaths): Promise<FrrCheckResult> {
  const missing = frrPrograms(daemons, paths).filter((program) => !existsSync(program));
  if (missing.length > 0) {
    throw new MissingProgramError(`cannot check the config with FRR: ${missing.join(', ')} not found; install FRR (Debian: apt-get install frr) or pass --frr-dir / --vtysh`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'frr-check-'));
  try {
    // The daemons drop root for the frr user before reading: the files must be readable to it.
    await chmod(workDir, 0o755);
    const confPath = join(workDir, 'frr.conf');
    const daemonConfPath = join(workDir, 'frr-with-canary.conf');
    const configLines = frrConf.split('\n');
    const body = forDaemons(frrConf.endsWith('\n') ? frrConf : `${frrConf}\n`);
    const canaryLine = body.split('\n').length;
    await writeFile(confPath, frrConf, { mode: 0o644 });
    await writeFile(join(workDir, 'vtysh.conf'), 'service integrated-vtysh-config\n', { mode: 0o644 });
    await writeFile(daemonConfPath, `${body}${canary}\n`, { mode: 0o644 });
    const [vtysh, ...daemonRuns] = await Promise.all([
      // Its own config dir: vtysh reads vtysh.conf first and complains where there is none.
      // cleanup: false everywhere: execa's signal-exit handlers would otherwise re-raise a
      // SIGTERM sent to the supervisor and kill it before it stops FRR.
      execa(paths.vtysh, ['--config_dir', workDir, '--dryrun', '-f', confPath], { reject: false, all: true, timeout: 60_000, cleanup: false }),
      ...daemons.map((daemon) =>
        execa(join(paths.daemonDir, daemon), ['-C', '-f', daemonConfPath, '-i', join(workDir, `${daemon}.pid`)], {
          reject: false,
          all: true,
          timeout: 60_000,
          cleanup: false,
        }),
      ),
    ]);
    const complaints = [...vtyshComplaints(vtysh.all ?? '', vtysh.exitCode ?? 1)];
    const failedBy = new Map<number, string[]>();
    daemonRuns.forEach((run, i) => {
      const daemon = daemons[i] ?? '?';
      const output = run.all ?? '';
      for (const message of output.split('\n').filter((line) => line.startsWith('%'))) complaints.push(`${daemon}: ${message}`);
      const failed = failedLines(output);
      if (!failed.includes(canaryLine)) complaints.push(`${daemon} -C did not read the whole config: ${lastLine(output)}`);
      for (const line of failed.filter((n) => n !== canaryLine)) failedBy.set(line, [...(failedBy.get(line) ?? []), daemon]);
      if (run.timedOut || (run.exitCode !== 0 && run.exitCode !== undefined)) complaints.push(`${daemon} -C exited with ${run.exitCode ?? run.signal}: ${lastLine(output)}`);
    });
    for (const [line, by] of [...failedBy].sort(([a], [b]) => a - b)) {
      const text = configLines[line - 1]?.trim() ?? '';
      if (by.length === daemons.length && !vtyshOnly.some((pattern) => pattern.test(text))) {
        complaints.push(`line ${line}: no daemon accepts "${text}"`);
      }
    }
    return { ok: complaints.length === 0, complaints };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * A daemon that does not own a block (bgpd for `interface ...`, zebra for `bfd`) still runs the
 * block's closing `exit`, which takes it from config mode down to enable mode, and then fails
 * every later line. FRR's reader already climbs to the parent node when a command fails in the
 * current one, so the daemons' copy turns bare `exit` lines into comments: each daemon stays in
 * config mode and line numbers are unchanged. vtysh checks the file as written.
 */
function forDaemons(config: string): string {
  return config.replace(/^[ \t]*exit[ \t]*$/gm, '!');
}

/** `vtysh --dryrun` prints "line 48: % Unknown command[59]:  match foo" for each bad line. */
function vtyshComplaints(output: string, exitCode: number): string[] {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^line \d+:/.test(line) || line.startsWith('%'));
  if (exitCode !== 0 && lines.length === 0) return [`vtysh --dryrun exited with ${exitCode}: ${lastLine(output)}`];
  return lines.map((line) => `vtysh: ${line}`);
}

/** Daemon -C logs "... on config line 37: <text>" for each line it did not apply. */
function failedLines(output: string): number[] {
  return [...output.matchAll(/on config line (\d+):/g)].map((match) => Number(match[1]));
}

function lastLine(output: string): string {
  return output.trim().split('\n').pop() ?? '(no output)';
}

/** The daemons a rendered config runs; mgmtd too where FRR has it (9.0 and later). */
export function daemonsFor(bfd: boolean, paths: FrrPaths = defaultFrrPaths): string[] {
  const mgmtd = existsSync(join(paths.daemonDir, 'mgmtd')) ? ['mgmtd'] : [];
  return [...mgmtd, 'zebra', 'bgpd', ...(bfd ? ['bfdd'] : [])];
}
