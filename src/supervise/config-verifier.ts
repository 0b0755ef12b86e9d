import { execa } from 'execa';
import type { FrrFacts } from '../frr/facts.js';
import { compareWithRunning, type ConfigDifference } from '../frr/running-config.js';
import type { Logger } from '../log.js';
import { vtyCommand } from './vty-client.js';

/** The outcome of comparing what FRR runs with frr.conf, for the log and the status file. */
export interface ApplyVerdict {
  readonly at: string;
  readonly ok: boolean;
  /** frr.conf lines FRR does not run (after one repair). */
  readonly missing: readonly string[];
  /** Running lines frr.conf does not have (the drain, applied at run time, excluded). */
  readonly unexpected: readonly string[];
  /** Whether frr.conf had to be applied a second time. */
  readonly repaired: boolean;
}

export interface VerifyOptions {
  readonly facts: FrrFacts;
  readonly frrConfPath: string;
  readonly logger: Logger;
  /** Lines the supervisor itself adds at run time (the drain), never a difference. */
  readonly runtimeLines: readonly string[];
  /** Whether FRR's scripts are still applying frr.conf (a `vtysh -b` runs). */
  readonly stillApplying: () => Promise<boolean>;
  readonly pollMs?: number;
  /** Resolves when the wait should end (the supervisor is stopping). */
  readonly abandoned: Promise<unknown>;
  /** The edges, for unit tests of the policy: FRR's answers, the comparison, the second apply. */
  readonly bgpdAnswers?: (facts: FrrFacts) => Promise<boolean>;
  readonly compare?: (facts: FrrFacts, frrConfPath: string) => Promise<ConfigDifference>;
  readonly reapply?: (facts: FrrFacts, frrConfPath: string) => Promise<string>;
}

/**
 * A config FRR applied only partly must never look healthy: `vtysh -b` skips a line a daemon
 * refuses, and watchfrr kills a `vtysh -b` that runs past its restart timeout. Once FRR is up
 * and nothing is applying any more, the running config is compared with frr.conf. Missing lines
 * are applied once more with `vtysh -f` (FRR's config commands are idempotent; this repairs an
 * apply that was cut short); what is still missing then is a line FRR refuses, and the verdict
 * is a failure the caller acts on. Resolves undefined when abandoned first.
 */
export async function verifyAppliedConfig(options: VerifyOptions): Promise<ApplyVerdict | undefined> {
  const { facts, logger } = options;
  const compare = options.compare ?? compareWithRunning;
  const reapply = options.reapply ?? applyFile;
  const bgpdAnswers = options.bgpdAnswers ?? answers;
  let abandoned = false;
  void options.abandoned.then(() => (abandoned = true));
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  // bgpd answers last of the daemons whose lines matter most; then wait for the applying to end.
  while (!abandoned && !(await bgpdAnswers(facts))) await pause();
  while (!abandoned && (await options.stillApplying())) await pause();
  if (abandoned) return undefined;

  const relevant = (d: ConfigDifference) => ({ missing: d.missing, unexpected: d.unexpected.filter((line) => !options.runtimeLines.includes(line)) });
  let difference = relevant(await compare(facts, options.frrConfPath));
  let repaired = false;
  if (difference.missing.length > 0) {
    logger.warn(`FRR runs frr.conf only partly, ${difference.missing.length} line(s) missing (${summary(difference.missing)}): applying frr.conf again`);
    const output = await reapply(facts, options.frrConfPath);
    if (output) logger.warn(`vtysh -f said: ${output}`);
    difference = relevant(await compare(facts, options.frrConfPath));
    repaired = true;
  }
  for (const line of difference.unexpected) logger.warn(`running config has a line frr.conf does not: ${line}`);
  return { at: new Date().toISOString(), ok: difference.missing.length === 0, missing: difference.missing, unexpected: difference.unexpected, repaired };
}

async function answers(facts: FrrFacts): Promise<boolean> {
  return vtyCommand(facts.runDir, 'bgpd', 'show version', 5000).then(
    () => true,
    () => false,
  );
}

/** `vtysh -f frr.conf`: the whole file again, through every daemon; FRR's complaints returned. */
async function applyFile(facts: FrrFacts, frrConfPath: string): Promise<string> {
  const [program = 'vtysh', ...args] = facts.vtysh;
  const result = await execa(program, [...args, '-f', frrConfPath], { reject: false, all: true, timeout: 120_000, cleanup: false });
  return (result.all ?? '').trim().split('\n').filter(Boolean).slice(-5).join(' | ').slice(0, 500);
}

function summary(lines: readonly string[]): string {
  const shown = lines.slice(0, 5).join('; ');
  return lines.length > 5 ? `${shown}; and ${lines.length - 5} more` : shown;
}
