import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { MissingProgramError } from '../errors.js';
import type { CheckPlan } from './check-plan.js';
import { abnormalEnd, lastLine, runDaemonChecks, type FinishedProgram } from './daemon-check.js';
import { judgeExtraConfig, type ExtraConfigToJudge } from './extra-config-judge.js';
import type { FrrFacts } from './facts.js';

export interface FrrCheckResult {
  readonly ok: boolean;
  /** FRR's complaints, one per line, each naming the config line and who complained. */
  readonly complaints: readonly string[];
}

/** Commands that belong to vtysh itself: no daemon takes them, and that is fine. */
const vtyshOnly = [/^service integrated-vtysh-config$/];

/** The programs a check runs: vtysh, then each daemon's -C. */
export function frrPrograms(facts: FrrFacts, plan: CheckPlan): string[] {
  const [vtysh = 'vtysh'] = facts.vtysh;
  return [vtysh, ...plan.daemons.map((d) => join(facts.binDir, d))];
}

/**
 * Has FRR check a rendered frr.conf in the ways this FRR can (the plan, check-plan.ts):
 *  - `vtysh --dryrun` parses every line against the grammar of all daemons, on every version,
 *    but runs nothing, so it accepts a line no daemon would apply.
 *  - each planned daemon's `-C` runs the config in that daemon, catching semantic refusals
 *    ("Cannot have local-as same as BGP AS number"). Where these daemons own every line (FRR 8),
 *    a line that all of them fail has no taker and is refused too.
 *  - an operator's extra config, judged by what a throwaway FRR makes of it
 *    (extra-config-judge.ts): refused when it changes anything the supervisor owns.
 * What the plan's notes say cannot be checked is not caught before start.
 * Nothing is started and no running FRR is touched (pid files go to a temporary directory).
 */
export async function checkWithFrr(frrConf: string, facts: FrrFacts, plan: CheckPlan, extra?: ExtraConfigToJudge): Promise<FrrCheckResult> {
  const missing = frrPrograms(facts, plan).filter((program) => !existsSync(program));
  if (missing.length > 0) {
    throw new MissingProgramError(
      `cannot check the config with FRR: ${missing.join(', ')} not found; install FRR (Debian: apt-get install frr) or pass --frr-dir / --vtysh`,
    );
  }
  const workDir = await mkdtemp(join(tmpdir(), 'frr-check-'));
  try {
    // The daemons drop root for the frr user before reading: the files must be readable to it.
    await chmod(workDir, 0o755);
    const confPath = join(workDir, 'frr.conf');
    const configLines = frrConf.split('\n');
    await writeFile(confPath, frrConf, { mode: 0o644 });
    await writeFile(join(workDir, 'vtysh.conf'), 'service integrated-vtysh-config\n', { mode: 0o644 });
    const [vtyshProgram = 'vtysh'] = facts.vtysh;
    const [vtysh, daemonRuns, extraComplaints] = await Promise.all([
      // Its own config dir: vtysh reads vtysh.conf first and complains where there is none.
      execa(vtyshProgram, ['--config_dir', workDir, '--dryrun', '-f', confPath], { reject: false, all: true, timeout: 60_000, cleanup: false }),
      runDaemonChecks(frrConf, plan.daemons, { binDir: facts.binDir, workDir }, 'frr'),
      extra ? judgeExtraConfig(facts, extra) : [],
    ]);
    const complaints = [...extraComplaints, ...vtyshComplaints(vtysh)];
    const failedBy = new Map<number, number>();
    for (const run of daemonRuns) {
      // The probe found this daemon's -C sound; a crash now is this config's doing.
      if (run.abnormal) {
        complaints.push(`${run.daemon} -C ${run.abnormal} on this config (its check of a probe config passed): ${run.lastLine}`);
        continue;
      }
      for (const message of run.messages) complaints.push(`${run.daemon}: ${message}`);
      if (!run.readWhole) complaints.push(`${run.daemon} -C did not read the whole config: ${run.lastLine}`);
      for (const { line, reason } of run.refused) complaints.push(`line ${line}: ${run.daemon} refused "${configLines[line - 1]?.trim() ?? ''}" (${reason})`);
      for (const line of run.unknown) failedBy.set(line, (failedBy.get(line) ?? 0) + 1);
    }
    if (plan.ownership) {
      for (const [line, count] of [...failedBy].sort(([a], [b]) => a - b)) {
        const text = configLines[line - 1]?.trim() ?? '';
        if (count === plan.daemons.length && !vtyshOnly.some((pattern) => pattern.test(text))) complaints.push(`line ${line}: no daemon accepts "${text}"`);
      }
    }
    return { ok: complaints.length === 0, complaints };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** `vtysh --dryrun` prints "line 48: % Unknown command[59]:  match foo" for each bad line. */
function vtyshComplaints(run: FinishedProgram): string[] {
  const output = String(run.all ?? '');
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^line \d+:/.test(line) || line.startsWith('%'));
  const ended = abnormalEnd(run);
  if (lines.length === 0 && ended) return [`vtysh --dryrun ${ended}: ${lastLine(output)}`];
  return lines.map((line) => `vtysh: ${line}`);
}
