import { startApplyStatus, startLines } from '../frr/start-script.js';

/**
 * Whether FRR applied the whole frr.conf, from what FRR itself says. The daemons start without
 * it, and a job applies it with `vtysh -b`, which skips a line a daemon refuses and exits
 * non-zero: first the start script's (frr/start-script.ts), then watchfrr's after a crash
 * (`watchfrr.sh restart all|DAEMON`), which watchfrr kills when it runs past `--restart-timeout`
 * (seen in UML under load: FRR then ran without half of its config). So a job that fails, is
 * killed, or prints vtysh's "processing failure" means FRR runs a config other than the one
 * rendered; a job that ends without any of those applied it. FRR 9 and later also report each
 * daemon ("[PID|bgpd] done").
 *
 * Pure: lines in, state out; the supervisor says which job processes are still alive.
 */
export type ApplyState = 'applying' | 'applied' | 'failed';

export interface ApplyStatus {
  readonly state: ApplyState;
  /** What went wrong, one line each, since the last apply that succeeded. */
  readonly problems: readonly string[];
  /** Daemons that reported their part applied (FRR 9 and later). */
  readonly daemonsDone: readonly string[];
}

interface Job {
  /** "all", or the daemon a watchfrr job restarts. */
  readonly target: string;
  readonly problems: string[];
  /** Ticks the job's process has been seen gone; its end is decided at two. */
  goneTicks: number;
}

const forked = /^Forked background command \[pid (\d+)\]: \S*watchfrr\.sh (start|restart) (\S+)$/;
const killed = /^(?:start|restart) (\S+) child process (\d+) still running after (\d+) seconds, sending signal (\d+)$/;
const ended = /^(?:start|restart) (\S+) process (\d+) (terminated due to signal \d+|exited with non-zero status \d+)$/;
const allUp = /^all daemons up, doing startup-complete notify$/;
const progress = /^\[\d+\|(\w+)\] (sending configuration|done)$/;

/**
 * Counts watchfrr's restarts: a function fed every line of watchfrr's, which returns the daemon
 * watchfrr is restarting ("all" for every daemon at once) from the line it logs as it forks the
 * job. Only once every daemon has been up: watchfrr alone (FRR_START_COMMAND) starts the daemons
 * with a `restart all` job of its own, which is FRR's start, not a restart. Pure but for its memory.
 */
export function watchfrrRestarts(): (line: string) => string | undefined {
  let everyDaemonUp = false;
  return (line) => {
    if (allUp.test(line)) everyDaemonUp = true;
    const m = everyDaemonUp ? forked.exec(line) : null;
    return m?.[2] === 'restart' ? m[3] : undefined;
  };
}

/** vtysh -b's per-daemon progress ("[61|bgpd] done", FRR 9 on): the daemon, and whether it is done. */
export function applyProgress(line: string): { daemon: string; done: boolean } | undefined {
  const m = progress.exec(line);
  return m ? { daemon: m[1] ?? '', done: m[2] === 'done' } : undefined;
}
const failure = /^(?:\[(\d+)\|(\w+)\] )?Configuration file\[(.*)\] processing failure: (\d+)$/;

/** The start script's job: it says itself when it ends, so it has no pid to watch. */
const startJob = 0;

export class ConfigApplyTracker {
  /** By pid; the start script's under `startJob`. */
  readonly #jobs = new Map<number, Job>();
  /** Problems by the job target they concern ("all", or a daemon). */
  readonly #problems = new Map<string, string[]>();
  #done = new Set<string>();
  #completed = 0;
  #allUp = false;

  /** Feeds one line of watchfrr's output (its log lines' message, or a job's own output). */
  observe(message: string): void {
    let m: RegExpExecArray | null;
    const startStatus = startApplyStatus(message);
    if (message === startLines.applying) {
      this.#jobs.set(startJob, { target: 'all', problems: [], goneTicks: 0 });
      this.#done.clear();
    } else if (startStatus !== undefined) {
      if (startStatus !== 0) this.#fail(startJob, `the start script's vtysh -b exited with status ${startStatus}`);
      this.#finish(startJob);
    } else if ((m = forked.exec(message))) {
      this.#jobs.set(Number(m[1]), { target: m[3] ?? '', problems: [], goneTicks: 0 });
      if (m[3] === 'all') this.#done.clear();
    } else if ((m = killed.exec(message))) {
      this.#fail(
        Number(m[2]),
        `watchfrr killed its job "${m[1]}" (vtysh -b applying frr.conf) after ${m[3]} s; raise --restart-timeout if the machine is this slow`,
      );
    } else if ((m = ended.exec(message))) {
      this.#fail(Number(m[2]), `watchfrr's job "${m[1]}" ${m[3]}`);
    } else if ((m = failure.exec(message))) {
      const who = m[2] ? `${m[2]} ` : '';
      this.#fail(undefined, `${who}refused part of ${m[3]} (vtysh -b: processing failure ${m[4]}); the lines before this one in the log say which`);
    } else if (allUp.test(message)) {
      this.#allUp = true;
    } else {
      const step = applyProgress(message);
      if (step?.done) this.#done.add(step.daemon);
    }
  }

  /** Called every poll with which job processes still exist. */
  tick(alive: (pid: number) => boolean): void {
    for (const [pid, job] of this.#jobs) {
      if (pid === startJob || alive(pid)) continue;
      // Gone at two polls in a row: watchfrr logs a failure as it reaps, so by then any
      // failure line has come through the pipe.
      job.goneTicks += 1;
      if (job.goneTicks >= 2) this.#finish(pid);
    }
  }

  /** A repair the supervisor made itself (a whole `vtysh -b` that succeeded). */
  repaired(): void {
    this.#problems.clear();
  }

  /** Whether some job is applying frr.conf (so the supervisor must not apply it meanwhile). */
  get jobsRunning(): boolean {
    return this.#jobs.size > 0;
  }

  /**
   * Every daemon answered watchfrr once. Only then can the whole config be applied again: vtysh
   * skips a daemon that is not running and still exits 0.
   */
  get allDaemonsUp(): boolean {
    return this.#allUp;
  }

  get status(): ApplyStatus {
    const problems = [...this.#problems.values()].flat();
    const state: ApplyState = problems.length > 0 ? 'failed' : this.#jobs.size > 0 || this.#completed === 0 || !this.#allUp ? 'applying' : 'applied';
    return { state, problems, daemonsDone: [...this.#done].sort() };
  }

  #finish(pid: number): void {
    const job = this.#jobs.get(pid);
    if (!job) return;
    this.#jobs.delete(pid);
    this.#completed += 1;
    // A job that applied the config without a complaint makes good what earlier ones left:
    // `all` everything, a daemon's job that daemon's part.
    if (job.problems.length === 0) {
      if (job.target === 'all') this.#problems.clear();
      else this.#problems.delete(job.target);
    }
  }

  #fail(pid: number | undefined, problem: string): void {
    // vtysh's own line names no job: it belongs to every job under way.
    const jobs = pid !== undefined ? [this.#jobs.get(pid)].filter((j): j is Job => j !== undefined) : [...this.#jobs.values()];
    for (const job of jobs) job.problems.push(problem);
    for (const target of jobs.length > 0 ? jobs.map((j) => j.target) : ['all']) this.#problems.set(target, [...(this.#problems.get(target) ?? []), problem]);
  }
}
