import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { MissingProgramError } from '../errors.js';
import type { FrrFacts } from './facts.js';

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

/** The programs a check runs: vtysh, then each daemon's -C. */
export function frrPrograms(facts: FrrFacts): string[] {
  const [vtysh = 'vtysh'] = facts.vtysh;
  return [vtysh, ...facts.check.daemons.map((d) => join(facts.binDir, d))];
}

/**
 * Has FRR check a rendered frr.conf in the ways the installed FRR offers (facts.check):
 *  - `vtysh --dryrun` parses every line against the grammar of all daemons, on every version,
 *    but runs nothing, so it accepts a line no daemon would apply.
 *  - each daemon's `-C` runs the config in that daemon, catching semantic refusals ("Cannot have
 *    local-as same as BGP AS number"). Where these daemons own every line (FRR 8), a line that
 *    all of them fail has no taker and is refused too.
 * What a version's -C cannot see (facts.check.notes) is not caught before start.
 * Nothing is started and no running FRR is touched (pid files go to a temporary directory).
 */
export async function checkWithFrr(frrConf: string, facts: FrrFacts): Promise<FrrCheckResult> {
  const missing = frrPrograms(facts).filter((program) => !existsSync(program));
  if (missing.length > 0) {
    throw new MissingProgramError(`cannot check the config with FRR: ${missing.join(', ')} not found; install FRR (Debian: apt-get install frr) or pass --frr-dir / --vtysh`);
  }
  const daemons = facts.check.daemons;
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
    // cleanup: false everywhere: execa's signal-exit handlers would otherwise re-raise a SIGTERM
    // sent to the supervisor and kill it before it stops FRR.
    const options = { reject: false, all: true, timeout: 60_000, cleanup: false } as const;
    const [vtyshProgram = 'vtysh'] = facts.vtysh;
    const [vtysh, ...daemonRuns] = await Promise.all([
      // Its own config dir: vtysh reads vtysh.conf first and complains where there is none.
      execa(vtyshProgram, ['--config_dir', workDir, '--dryrun', '-f', confPath], options),
      ...daemons.map((daemon) => execa(join(facts.binDir, daemon), ['-C', '-f', daemonConfPath, '-i', join(workDir, `${daemon}.pid`)], options)),
    ]);
    const complaints = [...vtyshComplaints(vtysh)];
    const failedBy = new Map<number, string[]>();
    daemonRuns.forEach((run, i) => {
      const daemon = daemons[i] ?? '?';
      const output = String(run.all ?? '');
      const ended = abnormalEnd(run);
      if (ended) return complaints.push(`${daemon} -C ${ended}: ${lastLine(output)}`);
      for (const message of output.split('\n').filter((line) => line.startsWith('%'))) complaints.push(`${daemon}: ${message}`);
      const failed = failedLines(output);
      if (!failed.some((f) => f.line === canaryLine)) complaints.push(`${daemon} -C did not read the whole config: ${lastLine(output)}`);
      for (const { line, refused, reason } of failed.filter((f) => f.line !== canaryLine)) {
        if (refused) complaints.push(`line ${line}: ${daemon} refused "${configLines[line - 1]?.trim() ?? ''}" (${reason})`);
        else failedBy.set(line, [...(failedBy.get(line) ?? []), daemon]);
      }
    });
    if (facts.check.ownership) {
      for (const [line, by] of [...failedBy].sort(([a], [b]) => a - b)) {
        const text = configLines[line - 1]?.trim() ?? '';
        if (by.length === daemons.length && !vtyshOnly.some((pattern) => pattern.test(text))) complaints.push(`line ${line}: no daemon accepts "${text}"`);
      }
    }
    return { ok: complaints.length === 0, complaints };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** What the check reads of a finished FRR program. */
interface Run {
  readonly all?: unknown;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly timedOut: boolean;
}

/** A run that did not end by itself with 0: killed, crashed, timed out. */
function abnormalEnd(run: Run): string | undefined {
  if (run.timedOut) return 'did not finish within 60 s';
  if (run.signal) return `was killed by ${run.signal} (FRR's checker crashed: the config could not be checked this way)`;
  if (run.exitCode !== 0 && run.exitCode !== undefined) return `exited with ${run.exitCode}`;
  return undefined;
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
function vtyshComplaints(run: Run): string[] {
  const output = String(run.all ?? '');
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^line \d+:/.test(line) || line.startsWith('%'));
  const ended = abnormalEnd(run);
  if (lines.length === 0 && ended) return [`vtysh --dryrun ${ended}: ${lastLine(output)}`];
  return lines.map((line) => `vtysh: ${line}`);
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

function lastLine(output: string): string {
  return output.trim().split('\n').pop() ?? '(no output)';
}
