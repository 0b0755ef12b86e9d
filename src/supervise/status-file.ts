import { writeFileAtomic } from '../safe-files.js';

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
  /** Whether FRR runs the whole frr.conf (supervise/config-apply.ts): never "applied" when a part is missing. */
  readonly configApply: { readonly state: 'applying' | 'applied' | 'failed'; readonly at: string; readonly problems: readonly string[]; readonly repairs: number };
  readonly converged: boolean;
  readonly convergence?: unknown;
  readonly sessions?: unknown;
}

export async function writeStatus(path: string, status: NodeStatus): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(status, null, 2)}\n`, 0o644);
}
