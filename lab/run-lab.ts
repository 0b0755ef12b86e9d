import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '../scripts/harness/bundle.js';
import { runInUml } from '../scripts/harness/uml.js';
import { rootsDir } from '../scripts/extension/debian-tree.js';
import { buildNodeTree, launcherBundle, type NodeSuite } from './trees.js';

/**
 * Restarts of node3 in check 9. Each takes about a minute in UML with FRR 10 (its start is
 * that slow there), and ten prove the same as twenty did (20 of 20 passed in every earlier run).
 */
export const defaultLabRestarts = 10;

export interface LabResult {
  readonly dir: string;
  /** Check number -> "PASS ..." or "FAIL ...", or "NOT RUN" when the rack stopped before it. */
  readonly checks: ReadonlyMap<number, string>;
  readonly read: (name: string) => string;
}

export const checkNames: Record<number, string> = {
  1: 'LB and loopback prefixes installed at both leaves',
  2: 'anycast VIP with ECMP across control-plane nodes',
  3: 'no transit, nothing advertised to MetalLB',
  4: 'data plane: TCP from a leaf to an LB IP',
  5: 'BFD: a cut link withdrawn because BFD said so, before the hold time',
  6: 'service restart (Talos): loss per leaf BFD setting as documented',
  7: 'drain (RFC 8326) moves the VIP, undrain restores ECMP',
  8: 'bad settings on one node: clear error, nothing created',
  9: 'restarts: identical kernel state, routes back',
  10: "a hostile speaker: none of its bad routes reaches the leaves",
  11: "the speaker's session only with its password and TTL 255",
  12: 'the fabric sessions only with the password',
  13: 'the export policy: communities and prepend at both leaves',
  14: 'a fabric peer by address (IPv6 global, password): both loopbacks, no transit',
  15: 'extra FRR config from a file: in the running config and in effect',
  16: "a speaker configured as Cilium's BGP control plane: its LB IPs at both leaves",
  17: 'the live drain switch: drained and undrained without a restart, no loss',
};

/**
 * Boots one UML kernel with the rack of lab/rack.sh and collects what its checks recorded; with
 * convergenceOnly, stops once the rack has converged (the benchmark's run).
 */
export async function runLab(options: { restarts?: number; convergenceOnly?: boolean; nodes?: NodeSuite } = {}): Promise<LabResult> {
  const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-lab-'));
  const tree = buildNodeTree(options.nodes ?? 'trixie');
  const vars = {
    BUNDLE: bundlePath,
    LAUNCHER: launcherBundle,
    TREE: tree,
    LEAF2_ROOT: join(rootsDir, 'forky'),
    RESULTS: dir,
    RESTARTS: String(options.restarts ?? defaultLabRestarts),
    CONVERGENCE_ONLY: options.convergenceOnly ? '1' : '0',
  };
  const script = `${Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n')}\n${readFileSync(join(import.meta.dirname, 'rack.sh'), 'utf8')}`;
  await runInUml(script, dir, { timeoutMs: 3_000_000, memory: '2G' });
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').trim() : '');
  const checks = new Map(Object.keys(checkNames).map((n) => [Number(n), read(`check-${n}`) || 'NOT RUN']));
  return { dir, checks, read };
}
