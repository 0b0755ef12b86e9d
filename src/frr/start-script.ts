import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { MissingProgramError } from '../errors.js';
import type { FrrFacts } from './facts.js';
import { watchfrrOptions } from './facts.js';

/** Every line the start script writes itself starts with this; frrcommon.sh's too. */
export const startScriptPrefix = 'frr-start: ';

/**
 * What the start script says about its apply, which the apply watch follows (config-apply.ts),
 * after the prefix.
 */
export const startLines = {
  applying: 'applying frr.conf with vtysh -b',
  /** Followed by vtysh's exit status. */
  appliedPrefix: 'vtysh -b exited with status ',
  /** The script becomes watchfrr: from here on, stopping FRR is FRR's stop sequence. */
  watching: 'every daemon started, frr.conf applied: watchfrr takes over',
} as const;

/**
 * How FRR starts: every daemon once, then the whole frr.conf applied once with `vtysh -b`, then
 * watchfrr in the foreground, which finds every daemon up and only watches from then on (FRR's
 * `frrcommon.sh all_start`, then watchfrr as FRR's docker-start runs it).
 *
 * Not FRR's docker-start (watchfrr alone starting the daemons): watchfrr starts them from its
 * own timers, and on a slow node it races itself. Its `restart all` job is still starting the
 * daemons when its per-daemon timers find zebra up and bgpd not yet, and start bgpd a second
 * time ("Could not lock pid_file", seen on FRR 8.4 and 10); its job's `vtysh -b` runs under
 * `--restart-timeout`, which cut the apply short in UML under load; and the job's end logs
 * "is in Up state but expected it to be in DAEMON_DOWN state" for every daemon at every start.
 *
 * The script is bash because frrcommon.sh is (the FRR image's docker-start is bash too). Its
 * values come as arguments, never inside the script's text: `bash -c SCRIPT frr-start BIN_DIR
 * PATHSPACE VTYSH WATCHFRR_OPTION... -- DAEMON...`. frrcommon.sh reads `daemons` (each daemon's
 * options) and knows the pathspace's directories; its messages come out as "frr-start: ...".
 */
const script = `
bin_dir=$1 FRR_PATHSPACE=$2 vtysh=$3
shift 3
watchfrr_args=()
while [ "$#" -gt 0 ] && [ "$1" != -- ]; do watchfrr_args+=("$1"); shift; done
shift
log_success_msg() { echo "${startScriptPrefix}$*"; }
log_warning_msg() { echo "${startScriptPrefix}warning: $*"; }
log_failure_msg() { echo "${startScriptPrefix}error: $*"; }
. "$bin_dir/frrcommon.sh" || exit 1
for daemon in "$@"; do daemon_start --all "$daemon"; done
echo "${startScriptPrefix}${startLines.applying}"
"$vtysh" $nsopt -b
echo "${startScriptPrefix}${startLines.appliedPrefix}$?"
echo "${startScriptPrefix}${startLines.watching}"
exec "$bin_dir/watchfrr" $nsopt "\${watchfrr_args[@]}" "$@"
`;

/** The exit status in the start script's "vtysh -b exited" line (after the prefix). */
export function startApplyStatus(line: string): number | undefined {
  if (!line.startsWith(startLines.appliedPrefix)) return undefined;
  const status = Number(line.slice(startLines.appliedPrefix.length));
  return Number.isInteger(status) ? status : undefined;
}

/** The start command; the pathspace also reaches frrcommon.sh, as FRR's init script passes it. */
export function startCommand(facts: Pick<FrrFacts, 'binDir' | 'pathspace' | 'vtysh' | 'daemons'>): string[] {
  const [vtysh = 'vtysh'] = facts.vtysh;
  return ['/bin/bash', '-c', script, 'frr-start', facts.binDir, facts.pathspace ?? '', vtysh, ...watchfrrOptions, '--', ...facts.daemons];
}

/**
 * FRR's environment: the few variables it uses, not the supervisor's whole environment, which
 * holds the operator's settings (and, with them, any secret) and which the frr user could read
 * from its daemons' /proc/PID/environ.
 */
export function startEnvironment(from: Readonly<Record<string, string | undefined>>, pathspace: string | undefined): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    ...(from.TZ ? { TZ: from.TZ } : {}),
    ...(pathspace ? { FRR_PATHSPACE: pathspace } : {}),
  };
}

/**
 * Refuses a start that could only fail once the kernel has been changed: the start command's
 * program (or, for the start script, bash, frrcommon.sh and watchfrr) missing or not executable.
 */
export function assertStartable(command: readonly string[], facts: Pick<FrrFacts, 'binDir'>, fromSetting: boolean): void {
  const [program = ''] = command;
  const needed = fromSetting
    ? [[program, true] as const]
    : ([
        [program, true],
        [join(facts.binDir, 'frrcommon.sh'), false],
        [join(facts.binDir, 'watchfrr'), true],
      ] as const);
  for (const [path, executable] of needed) {
    const problem = fileProblem(path, executable);
    if (problem)
      throw new MissingProgramError(
        `cannot start FRR: ${path} ${problem}; ${fromSetting ? 'fix FRR_START_COMMAND' : 'install FRR (its frrcommon.sh and watchfrr) and bash, or set FRR_BIN_DIR'}; nothing was changed`,
      );
  }
}

function fileProblem(path: string, executable: boolean): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    if (executable) accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'is not executable';
  }
}

/** The start command as the log shows it: the script by name, not its text. */
export function describeStartCommand(command: readonly string[]): string {
  return command.map((word) => (word === script ? '<frr-start script>' : word === '' ? "''" : word)).join(' ');
}
