import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { FrrDaemon } from './facts.js';

/**
 * One FRR daemon's `-C` run on a config: the daemon parses and applies every line in a process
 * that opens no port and exits. Shared by the check (check.ts) and by the probe that learns which
 * daemons' `-C` can judge a config at all (check-plan.ts).
 */
export interface DaemonRun {
  readonly daemon: FrrDaemon;
  /** Why it did not end by itself with 0 (killed, timed out, exit code); undefined when it did. */
  readonly abnormal: string | undefined;
  /** It reached the canary line at the end: it read the whole file. */
  readonly readWhole: boolean;
  /** Lines it knows and refused, with FRR's reason ("Command returned Warning Config Failed"). */
  readonly refused: readonly { readonly line: number; readonly reason: string }[];
  /** Lines outside its grammar ("No such command"): another daemon's, or nobody's. */
  readonly unknown: readonly number[];
  /** Its own `% ...` messages ("% Cannot have local-as same as BGP AS number"). */
  readonly messages: readonly string[];
  readonly lastLine: string;
}

/**
 * A daemon that cannot open its -C file says so in a log line and still exits 0. The copy the
 * daemons read ends with this line, which no daemon knows: a daemon that does not report it as
 * unknown did not read the whole file.
 */
const canary = 'frr-supervisor-end-of-file-canary';

/** What the daemons' runs share: the binaries, and a directory the frr user can read. */
export interface DaemonCheckPlace {
  readonly binDir: string;
  readonly workDir: string;
}

/**
 * Runs each daemon's `-C` on `config` at once; `name` keeps apart the files of several configs
 * checked in one directory. Nothing is started and no running FRR is touched (pid files go to
 * the work directory). Line numbers are those of `config`.
 */
export async function runDaemonChecks(config: string, daemons: readonly FrrDaemon[], place: DaemonCheckPlace, name: string): Promise<DaemonRun[]> {
  const body = forDaemons(config.endsWith('\n') ? config : `${config}\n`);
  const canaryLine = body.split('\n').length;
  const file = join(place.workDir, `${name}-for-daemons.conf`);
  await writeFile(file, `${body}${canary}\n`, { mode: 0o644 });
  // cleanup: false: execa's signal-exit handlers would otherwise re-raise a SIGTERM sent to the
  // supervisor and kill it before it stops FRR.
  const options = { reject: false, all: true, timeout: 60_000, cleanup: false } as const;
  // bgpd's -C opens its BGP port on some versions (10.3: "bgp_socket: Program cannot continue",
  // exit 255, when another bgpd has it): -p 0, no port, for a check that only reads the config.
  const runs = await Promise.all(
    daemons.map((daemon) =>
      execa(
        join(place.binDir, daemon),
        ['-C', '-f', file, '-i', join(place.workDir, `${name}-${daemon}.pid`), ...(daemon === 'bgpd' ? ['-p', '0'] : [])],
        options,
      ),
    ),
  );
  return runs.map((run, i) => {
    const output = String(run.all ?? '');
    const failed = failedLines(output);
    return {
      daemon: daemons[i] as FrrDaemon,
      abnormal: abnormalEnd(run),
      readWhole: failed.some((f) => f.line === canaryLine),
      refused: failed.filter((f) => f.refused && f.line !== canaryLine).map(({ line, reason }) => ({ line, reason })),
      unknown: failed.filter((f) => !f.refused && f.line !== canaryLine).map((f) => f.line),
      messages: output.split('\n').filter((line) => line.startsWith('%')),
      lastLine: lastLine(output),
    };
  });
}

/** What a check reads of a finished FRR program. */
export interface FinishedProgram {
  readonly all?: unknown;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly timedOut: boolean;
}

/** A run that did not end by itself with 0: killed, crashed, timed out. */
export function abnormalEnd(run: FinishedProgram): string | undefined {
  if (run.timedOut) return 'did not finish within 60 s';
  if (run.signal) return `was killed by ${run.signal}`;
  if (run.exitCode !== 0 && run.exitCode !== undefined) return `exited with ${run.exitCode}`;
  return undefined;
}

/**
 * A daemon that does not own a block (bgpd for `interface ...`, zebra for `bfd`) still runs the
 * block's closing `exit`, which takes it from config mode down to enable mode, and then fails
 * every later line. FRR's reader already climbs to the parent node when a command fails in the
 * current one, so the daemons' copy turns bare `exit` lines into comments: each daemon stays in
 * config mode and line numbers are unchanged.
 */
function forDaemons(config: string): string {
  return config.replace(/^[ \t]*exit[ \t]*$/gm, '!');
}

/**
 * A daemon's -C logs "<why> on config line 37: <text>" for each line it did not apply: "No such
 * command" for a line outside its grammar (another daemon's, or nobody's), anything else
 * ("Command returned Warning Config Failed", "Ambiguous command") for a line it knows and refused.
 */
function failedLines(output: string): { line: number; refused: boolean; reason: string }[] {
  return [...output.matchAll(/(?:\] )?([^\]\n]*?) on config line (\d+):/g)].map((match) => {
    const reason = (match[1] ?? '').trim();
    return { line: Number(match[2]), refused: reason !== 'No such command', reason };
  });
}

export function lastLine(output: string): string {
  return output.trim().split('\n').pop() ?? '(no output)';
}
