import type { FrrFacts } from '../frr/facts.js';
import { isAlive, runningFrrProcesses, type FrrProcess } from './frr-processes.js';

export interface StopReport {
  readonly stopped: readonly string[];
  /** Processes that did not stop on SIGINT in time and were killed. */
  readonly killed: readonly string[];
  readonly ms: number;
}

/**
 * FRR's own stop sequence (frrcommon.sh all_stop), bounded so the whole stop fits well inside
 * Talos's 10 s between SIGTERM and SIGKILL, in the facts' order: watchfrr first (or it would
 * restart what follows), then SIGINT to the protocol daemons at once, then zebra (the others hand
 * their routes back through it), then mgmtd where FRR has it. Whatever still runs when its
 * stage's time is up gets SIGKILL. A process no stage names (an FRR of another version left
 * something behind) stops with the protocol daemons.
 */
export async function stopFrr(facts: Pick<FrrFacts, 'runDir' | 'stopOrder'>, options: { deadlineMs?: number; pollMs?: number } = {}): Promise<StopReport> {
  const started = Date.now();
  const budget = options.deadlineMs ?? 8000;
  const poll = options.pollMs ?? 50;
  const processes = await runningFrrProcesses(facts.runDir);
  const stopped: string[] = [];
  const killed: string[] = [];
  const named = new Set(facts.stopOrder.flat());
  const groups = facts.stopOrder.map((names, i) => processes.filter((p) => names.includes(p.name) || (i === 1 && !named.has(p.name))));
  // Each stage gets its own share of the time, so a daemon that ignores SIGINT cannot leave
  // zebra without the time for its own clean shutdown: watchfrr a quarter, the rest in equal parts.
  const share = (i: number) => (i === 0 ? 0.25 : 0.25 + (0.75 * i) / (groups.length - 1));
  for (const [i, group] of groups.entries()) {
    if (group.length === 0) continue;
    for (const p of group) signal(p, 'SIGINT');
    await waitGone(group, started + budget * share(i), poll);
    for (const p of group) {
      if (isAlive(p.pid)) {
        signal(p, 'SIGKILL');
        killed.push(p.name);
      } else stopped.push(p.name);
    }
  }
  await waitGone(processes, Date.now() + 1000, poll);
  return { stopped, killed, ms: Date.now() - started };
}

function signal(p: FrrProcess, name: NodeJS.Signals): void {
  try {
    process.kill(p.pid, name);
  } catch {
    // already gone
  }
}

async function waitGone(group: readonly FrrProcess[], deadline: number, poll: number): Promise<void> {
  while (group.some((p) => isAlive(p.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, poll));
}
