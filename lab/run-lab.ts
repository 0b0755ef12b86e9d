import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '../scripts/harness/bundle.js';
import { runInUml } from '../scripts/harness/uml.js';
import { rootsDir } from '../scripts/extension/debian-tree.js';
import { nodeMoments, parseMarks, parseRoutes, parseSamples, parseStreams, timelineSvg } from './timeline.js';
import { baselineTemplateBundle, buildBaselineTree, buildNodeTree, defaultNodeSuite, launcherBundle, type NodeSuite } from './trees.js';

/**
 * Restarts of node3 in check 9. Each takes about a minute in UML with FRR 10 (its start is
 * that slow there), and ten prove the same as twenty did (20 of 20 passed in every earlier run).
 */
export const defaultLabRestarts = 10;

export interface LabResult {
  readonly dir: string;
  /** Check number (those asked for, in the order run) -> "PASS ..." or "FAIL ...", or "NOT RUN" when the rack stopped before it. */
  readonly checks: ReadonlyMap<number, string>;
  readonly read: (name: string) => string;
  /** The timeline pictures written, one per scenario the rack sampled (SCENARIO.svg). */
  readonly timelines: readonly string[];
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
  10: 'a hostile speaker: none of its bad routes reaches the leaves',
  11: "the speaker's session only with its password and TTL 255",
  12: 'the fabric sessions only with the password',
  13: 'the export policy: communities and prepend at both leaves',
  14: 'a fabric peer by address (IPv6 global, password): both loopbacks, no transit',
  15: 'extra FRR config from a file: in the running config and in effect',
  16: "a speaker configured as Cilium's BGP control plane: its LB IPs at both leaves",
  17: 'the live drain switch: drained and undrained without a restart, no loss',
  18: 'an extra config of abbreviated owned lines: refused, kernel and FRR untouched',
  19: "the metrics, scraped over the fabric, say what each node's vtysh says",
};

/** The order the checks run in: the disruptive ones (a cut link, restarts, drains, bad nodes) last. */
export const checkOrder: readonly number[] = [1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 19, 5, 6, 7, 17, 8, 18, 9];

/**
 * Boots one UML kernel with the rack of lab/rack.sh and collects what its checks recorded; with
 * convergenceOnly, stops once the rack has converged (the benchmark's run), after node1's
 * restarts side by side with the bash + jinja2 baseline when sideBySide (start-to-lb).
 */
export async function runLab(
  options: { restarts?: number; convergenceOnly?: boolean; sideBySide?: boolean; nodes?: NodeSuite; checks?: readonly number[] } = {},
): Promise<LabResult> {
  const checks = options.checks ? checkOrder.filter((n) => options.checks?.includes(n)) : checkOrder;
  const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-lab-'));
  const tree = buildNodeTree(options.nodes ?? defaultNodeSuite);
  const baselineTree = options.convergenceOnly && options.sideBySide ? buildBaselineTree(tree) : '';
  const vars = {
    BUNDLE: bundlePath,
    LAUNCHER: launcherBundle,
    STREAM: join(import.meta.dirname, 'stream.py'),
    TREE: tree,
    LEAF2_ROOT: join(rootsDir, 'forky'),
    RESULTS: dir,
    RESTARTS: String(options.restarts ?? defaultLabRestarts),
    CHECKS: checks.join(' '),
    CONVERGENCE_ONLY: options.convergenceOnly ? '1' : '0',
    BASELINE_TREE: baselineTree,
    BASELINE_TEMPLATE: baselineTemplateBundle,
  };
  const script = `${Object.entries(vars)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('\n')}\n${readFileSync(join(import.meta.dirname, 'rack.sh'), 'utf8')}`;
  await runInUml(script, dir, { timeoutMs: 3_000_000, memory: '2G' });
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').trim() : '');
  return { dir, checks: new Map(checks.map((n) => [n, read(`check-${n}`) || 'NOT RUN'])), read, timelines: writeTimelines(dir, read) };
}

/**
 * A timeline picture for each scenario the rack sampled (SCENARIO.routes, .node, .samples,
 * .marks, .streams), and for each first measurement it set aside to measure again (SCENARIO.samples.WHY:
 * the rack stalled), so that one can be seen too.
 */
export function writeTimelines(dir: string, read: (name: string) => string): string[] {
  const leafVersions = { leaf1: read('leaf1.version'), leaf2: read('leaf2.version') };
  const files = readdirSync(dir);
  return files
    .filter((f) => f.endsWith('.routes'))
    .flatMap((routesFile) => {
      const name = routesFile.slice(0, -'.routes'.length);
      const routes = parseRoutes(read(routesFile));
      const node = read(`${name}.node`);
      const takes = files.filter((f) => f === `${name}.samples` || f.startsWith(`${name}.samples.`)).map((f) => f.slice(`${name}.samples`.length));
      return takes.flatMap((set) => {
        const samples = parseSamples(read(`${name}.samples${set}`), routes.length);
        if (samples.length < 2) return [];
        const from = samples[0]?.ms ?? 0;
        const to = samples.at(-1)?.ms ?? 0;
        const moments = [...parseMarks(read(`${name}.marks${set}`)), ...nodeMoments(read(`node${node}.log`), from, to)];
        const svg = join(dir, `${name}${set}.svg`);
        const streams = parseStreams(read(`${name}.streams${set}`));
        writeFileSync(
          svg,
          timelineSvg({ name: `${name}${set ? ` (set aside: ${set.slice(1)})` : ''}`, node, routes, samples, moments, streams, leafVersions }),
        );
        return [svg];
      });
    });
}
