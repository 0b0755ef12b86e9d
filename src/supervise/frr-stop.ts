import { isAlive, runningFrrProcesses, type FrrProcess } from './frr-processes.js';

export interface StopReport {
  readonly stopped: readonly string[];
  /** Processes that did not stop on SIGINT in time and were killed. */
  readonly killed: readonly string[];
  readonly ms: number;
}

/**
 * FRR's own stop sequence (frrcommon.sh all_stop), bounded so the whole stop fits well inside
 * Talos's 10 s between SIGTERM and SIGKILL: watchfrr first (or it would restart what follows),
 * then SIGINT to every daemon but zebra at once, then zebra last (the others hand their routes
 * back through it). Whatever still runs at the deadline gets SIGKILL.
 */
export async function stopFrr(runDir: string, options: { deadlineMs?: number; pollMs?: number } = {}): Promise<StopReport> {
  const started = Date.now();
  const budget = options.deadlineMs ?? 8000;
  const poll = options.pollMs ?? 50;
  const processes = await runningFrrProcesses(runDir);
  const stopped: string[] = [];
  const killed: string[] = [];
  // Each stage gets its own share of the time, so a daemon that ignores SIGINT cannot leave
  // zebra without the time for its own clean shutdown: watchfrr by 25%, the rest by 75%.
  const stages = [
    { group: processes.filter((p) => p.name === 'watchfrr'), until: started + budget * 0.25 },
    { group: processes.filter((p) => p.name !== 'watchfrr' && p.name !== 'zebra'), until: started + budget * 0.75 },
    { group: processes.filter((p) => p.name === 'zebra'), until: started + budget },
  ];
  for (const { group, until } of stages) {
    if (group.length === 0) continue;
    for (const p of group) signal(p, 'SIGINT');
    await waitGone(group, until, poll);
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
