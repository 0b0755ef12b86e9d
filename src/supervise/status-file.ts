import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../safe-files.js';
import { hideSecrets } from '../secrets.js';
import type { DrainState } from './drain.js';
import type { Convergence, SessionState } from './sessions.js';

/**
 * The node's status without the Kubernetes API, like frr-k8s's FRRNodeState: the running
 * config's hash, the last render and check, FRR's state, the sessions and convergence.
 * Written whole through a rename, so a reader never sees half of it.
 */
export interface NodeStatus {
  readonly updatedAt: string;
  readonly configSha256: string;
  readonly lastRender: { readonly at: string; readonly ok: boolean };
  readonly lastCheck: { readonly at: string; readonly ok: boolean; readonly complaints: readonly string[] };
  readonly frr: { readonly state: 'starting' | 'running' | 'stopping' | 'stopped'; readonly drain: boolean };
  /** The daemons watchfrr restarted in this run, and how often ("all": every daemon at once). */
  readonly daemonRestarts?: Readonly<Record<string, number>>;
  /** Whether FRR advertises with GRACEFUL_SHUTDOWN now, why, and since when (drain.ts). */
  readonly drain: DrainState;
  /** Whether FRR runs the whole frr.conf (supervise/config-apply.ts): never "applied" when a part is missing. */
  readonly configApply: {
    readonly state: 'applying' | 'applied' | 'failed';
    readonly at: string;
    readonly problems: readonly string[];
    readonly repairs: number;
  };
  readonly converged: boolean;
  /** Seconds from FRR's start to the first convergence of this run. */
  readonly convergedAfterSeconds?: number;
  readonly convergence?: Convergence;
  readonly sessions?: SessionState;
}

export async function writeStatus(path: string, status: NodeStatus, secrets: readonly string[] = []): Promise<void> {
  await writeFileAtomic(path, hideSecrets(`${JSON.stringify(status, null, 2)}\n`, secrets), 0o644);
}

export interface StatusKeeper {
  update(change: Partial<NodeStatus>): Promise<void>;
  /** The status as it is now (what the file will say once written): for the metrics. */
  current(): NodeStatus;
}

/**
 * The status file of one run: the current status, each change written whole, in order. Anyone
 * on the host may read it, so the secrets are hidden in it, and the config's hash is that of
 * frr.conf with them hidden (a hash of the real one would let a short password be guessed).
 */
export function statusKeeper(runDir: string, frrConf: string, renderedAt: string, complaints: readonly string[], secrets: readonly string[]): StatusKeeper {
  const path = join(runDir, 'frr-supervisor-status.json');
  let current: NodeStatus = {
    updatedAt: renderedAt,
    configSha256: createHash('sha256').update(hideSecrets(frrConf, secrets)).digest('hex'),
    lastRender: { at: renderedAt, ok: true },
    lastCheck: { at: renderedAt, ok: complaints.length === 0, complaints },
    frr: { state: 'starting', drain: false },
    drain: { on: false, by: [], changedAt: undefined },
    configApply: { state: 'applying', at: renderedAt, problems: [], repairs: 0 },
    converged: false,
  };
  let writing = Promise.resolve();
  return {
    update(change: Partial<NodeStatus>): Promise<void> {
      current = { ...current, ...change, updatedAt: new Date().toISOString() };
      const snapshot = current;
      writing = writing.then(() => writeStatus(path, snapshot, secrets)).catch(() => undefined);
      return writing;
    },
    current: () => current,
  };
}
