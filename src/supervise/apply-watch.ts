import { execa } from 'execa';
import type { Logger } from '../log.js';
import { applyProgress, ConfigApplyTracker, type ApplyStatus } from './config-apply.js';
import { every } from './every.js';
import { isAlive } from './frr-processes.js';

export interface ApplyWatch {
  /** Every line of watchfrr's output goes through here. */
  observe(message: string): void;
  /** Settles when FRR cannot be brought to run the whole config: the service must restart. */
  readonly unrecoverable: Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Follows FRR's own reports of applying frr.conf (config-apply.ts) and acts on them: a config
 * applied whole is logged once and recorded; one applied only partly is an error in the log
 * and the status, and the supervisor applies the whole file once more with `vtysh -b` (every
 * line of frr.conf states what it wants, so applying it again is harmless), with no time limit
 * but Talos's. When that fails too, FRR refuses the config at run time (a line only a daemon
 * itself refuses), and the service is stopped with an error rather than left looking healthy.
 */
export function watchConfigApply(options: {
  vtysh: readonly string[];
  logger: Logger;
  onStatus: (status: ApplyStatus & { repairs: number }) => void;
  alive?: (pid: number) => boolean;
  intervalMs?: number;
}): ApplyWatch {
  const { logger } = options;
  const alive = options.alive ?? isAlive;
  const tracker = new ConfigApplyTracker();
  let reported = '';
  let repairs = 0;
  let repairing = false;
  let gaveUp = false;
  let giveUp: (problems: string[]) => void = () => undefined;
  const unrecoverable = new Promise<string[]>((resolve) => (giveUp = resolve));

  const report = (status: ApplyStatus) => {
    const key = `${status.state}:${status.problems.join('|')}`;
    if (key === reported) return;
    reported = key;
    if (status.state === 'applied') {
      const how = repairs > 0 ? `applied again by the supervisor (${repairs} time${repairs > 1 ? 's' : ''})` : 'every apply ended without a complaint';
      logger.info(`FRR runs the whole frr.conf: ${how}${status.daemonsDone.length ? ` (done: ${status.daemonsDone.join(', ')})` : ''}`);
    }
    if (status.state === 'failed') logger.error(`FRR runs only part of frr.conf: ${status.problems.join('; ')}`);
    options.onStatus({ ...status, repairs });
  };

  const repair = async (problems: readonly string[]) => {
    repairing = true;
    const [program = 'vtysh', ...args] = options.vtysh;
    logger.warn('applying the whole frr.conf again (vtysh -b)');
    const result = await execa(program, [...args, '-b'], { reject: false, all: true, cleanup: false });
    repairing = false;
    if (result.exitCode === 0) {
      repairs += 1;
      tracker.repaired();
      logger.warn('frr.conf re-applied: FRR now runs all of it');
      report(tracker.status);
      return;
    }
    // vtysh's own complaints, without its per-daemon progress lines.
    const why = (result.all ?? '')
      .split('\n')
      .filter((line) => line.trim() && !applyProgress(line))
      .slice(-5);
    logger.error(
      `FRR refused frr.conf again (vtysh -b ${result.exitCode === undefined ? `ended by ${result.signal}` : `exited with ${result.exitCode}`}): ${why.join('; ') || 'no output'}`,
    );
    gaveUp = true;
    giveUp([...problems, ...why]);
  };

  // Polls only while there is something to follow (a job applying frr.conf, a repair due): an
  // idle node's supervisor lives for days, and each wake-up costs. watchfrr's next line starts
  // it again.
  let poller: { stop(): Promise<void> } | undefined;
  let stopped = false;
  const tick = async () => {
    tracker.tick(alive);
    const status = tracker.status;
    report(status);
    // Once every daemon is up and watchfrr's jobs are over, so nothing else applies it meanwhile.
    if (status.state === 'failed' && !repairing && !gaveUp && tracker.allDaemonsUp && !tracker.jobsRunning) await repair(status.problems);
    const pending = tracker.jobsRunning || (tracker.status.state === 'failed' && !gaveUp);
    if (!pending && poller) {
      void poller.stop();
      poller = undefined;
    }
  };
  const follow = () => {
    if (stopped || poller) return;
    poller = every(options.intervalMs ?? 250, tick, (error) => logger.warn(`cannot follow FRR's config apply: ${(error as Error).message}`), {
      immediately: true,
    });
  };
  follow();
  return {
    observe: (message) => {
      tracker.observe(message);
      follow();
    },
    unrecoverable,
    stop: async () => {
      stopped = true;
      await poller?.stop();
    },
  };
}
