// Start-up, side by side (bench/startup-harness.mjs): in one User-Mode Linux boot, and on the
// host, each in a network namespace with two fabric links of fixed MACs and NODE_IP on lo, the
// supervisor's bundle and the bash + jinja2 baseline alternating from the same empty state. Each
// side's kernel result and frr.conf are compared, so neither can win by doing less. The host's
// kernel has no VRF: there both run without it (bench/host/main-without-vrf.ts, and the baseline
// without its three VRF commands). Also used by bench/run.ts.
//   npx tsx bench/startup.ts [RUNS]     (root; run `npm run build` first)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundlePath } from '../scripts/harness/bundle.js';
import { runInUml } from '../scripts/harness/uml.js';
import { imageCheckPlanFileName } from '../src/frr/check-plan-store.js';
import { baselineTemplate } from './baseline/template.js';

const root = join(import.meta.dirname, '..');

/** The same settings for both sides: the newest seed's defaults, written canonically. */
export const startupSettings = {
  NODE_IP: '10.10.10.10',
  ASN_LOCAL: '4200001001',
  FE_MACS: '02:00:00:00:10:01,02:00:00:00:10:02',
  ASN_VRF_METALLB: '4000099998',
  ASN_METALLB_SPEAKER: '4000099999',
  VRF_METALLB: 'metallb',
  METALLB_VRF_ROUTE_TABLE_ID: '88',
  PEER_IP_FRR: 'fda1:b2c3:d4e5:1::',
  PEER_IP_METALLB: 'fda1:b2c3:d4e5:1::1',
  PEER_IP_PREFIX: '127',
  ENABLE_BFD: 'true',
  FRR_PROFILE: 'datacenter',
};

export interface StartRecord {
  readonly ms: number;
  readonly startedAt: number;
  readonly log: string;
  readonly kernel: { links: string; rules: string };
  readonly frrConf: string;
}
export type StartupResults = Record<'supervisor' | 'baseline', StartRecord[]>;
/** First starts (empty kernel, no files) and restarts (what the previous start left). */
export interface StartupPair {
  readonly cold: StartupResults;
  readonly restart: StartupResults;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The harness's two configs in `dir` (cold.json, restart.json), and the baseline's template. */
function writeHarnessConfigs(dir: string, runs: number, bundle: string, baseline: string): void {
  writeFileSync(join(dir, 'frr.conf.j2'), baselineTemplate(root, startupSettings));
  const config = { runs, bundle, baseline, template: join(dir, 'frr.conf.j2'), work: join(dir, 'work'), settings: startupSettings };
  writeFileSync(join(dir, 'cold.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'restart.json'), JSON.stringify({ ...config, restart: true }));
}

/**
 * The bundle in `bundleDir` made as the image's build makes it: with the FRR it will run asked,
 * once, how it can check a config (`probe`, src/frr/check-plan-store.ts), so that a first start
 * takes that answer as a node's first start does. The host's FRR is the one UML runs too.
 */
function probeAsTheImageBuildDoes(bundleDir: string): void {
  execFileSync(process.execPath, ['--', join(bundleDir, 'frr-supervisor.cjs'), 'probe', '--out', join(bundleDir, imageCheckPlanFileName)], { stdio: 'ignore' });
}

/** The harness's output, once both sides are seen to have done the same work. */
function harnessResults(text: string, where: string): StartupResults {
  if (!text.trim()) throw new Error(`the start-up harness printed nothing; see ${where}`);
  const results = JSON.parse(text) as StartupResults;
  sameWork(results);
  return results;
}

/** Runs the side-by-side start-up in UML; throws when the two sides did not do the same work. */
export async function startupInUml(runs: number): Promise<StartupPair> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const work = join(dir, 'work');
  // The build's bundle copied, not changed in place: the tests run dist/bundle as it is.
  const bundleDir = join(dir, 'bundle');
  cpSync(dirname(bundlePath), bundleDir, { recursive: true });
  probeAsTheImageBuildDoes(bundleDir);
  writeHarnessConfigs(dir, runs, join(bundleDir, 'frr-supervisor.cjs'), join(root, 'bench', 'baseline', 'frr-startup.sh'));
  const script = `
set -eu
mkdir -p ${work}; mount -t tmpfs tmp ${work}
ip netns add b; ip -n b link set lo up; ip -n b addr add ${startupSettings.NODE_IP}/32 dev lo
ip -n b link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy
ip -n b link add fab1 address 02:00:00:00:10:02 mtu 9000 type dummy
ip -n b link set fab0 up; ip -n b link set fab1 up
# Until both fabric links have a usable (not tentative) link-local address, as on a booted node.
for i in $(seq 1 100); do [ "$(ip -n b -6 addr show scope link | grep -c fe80)" = 2 ] && [ -z "$(ip -n b -6 addr show tentative)" ] && break; sleep 0.1; done
for mode in cold restart; do
  ip netns exec b timeout 1500 node -- ${join(root, 'bench', 'startup-harness.mjs')} ${dir}/$mode.json > ${dir}/$mode-results.json
done
`;
  await runInUml(script, dir, { timeoutMs: 3_000_000 });
  const read = (mode: string) => harnessResults(readFileSync(join(dir, `${mode}-results.json`), 'utf8'), `${dir}/console.log`);
  return { cold: read('cold'), restart: read('restart') };
}

/** Both sides must leave the same links and addresses and render the same frr.conf. */
export function sameWork(results: StartupResults): void {
  const first = (tool: keyof StartupResults) => results[tool][0];
  const a = first('supervisor');
  const b = first('baseline');
  if (!a || !b) throw new Error('no runs');
  if (a.kernel.links !== b.kernel.links) throw new Error(`the two left different links:\nsupervisor:\n${a.kernel.links}\nbaseline:\n${b.kernel.links}`);
  const lines = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .join('\n');
  if (lines(a.frrConf) !== lines(b.frrConf)) throw new Error('the two rendered different frr.conf');
}

/**
 * The same pair on the host: the supervisor built from bench/host/main-without-vrf.ts, the
 * baseline without its three VRF commands (checked: exactly those are dropped).
 */
export async function startupOnHost(runs: number): Promise<StartupPair> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-host-'));
  const bundleDir = join(dir, 'bundle');
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), bundleDir, join(root, 'bench', 'host', 'main-without-vrf.ts')], { stdio: 'ignore' });
  probeAsTheImageBuildDoes(bundleDir);
  const original = readFileSync(join(root, 'bench', 'baseline', 'frr-startup.sh'), 'utf8').split('\n');
  const vrfCommand = /\/sbin\/ip link (show|set) (veth-frr master )?"\$VRF_METALLB"/;
  const kept = original.filter((line) => !vrfCommand.test(line));
  if (original.length - kept.length !== 3) throw new Error(`expected to drop 3 VRF commands from the baseline, dropped ${original.length - kept.length}`);
  writeFileSync(join(dir, 'frr-startup-without-vrf.sh'), kept.join('\n'));
  writeHarnessConfigs(dir, runs, join(bundleDir, 'frr-supervisor.cjs'), join(dir, 'frr-startup-without-vrf.sh'));
  const ns = `bench-startup-${process.pid}`;
  const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
  ip('netns', 'add', ns);
  try {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', `${startupSettings.NODE_IP}/32`, 'dev', 'lo');
    // Fabric links that `ip -o link` lists by their bare name, as NICs are: a veth would show as
    // `fab0@fab0p`, which the baseline's regex lookup takes for the name (and then misses its
    // MTU). The host has no dummy driver, so a bridge with a veth port gives one with carrier.
    for (const [i, mac] of startupSettings.FE_MACS.split(',').entries()) {
      ip('-n', ns, 'link', 'add', `fab${i}`, 'address', mac, 'mtu', '9000', 'type', 'bridge');
      ip('-n', ns, 'link', 'add', `port${i}`, 'mtu', '9000', 'type', 'veth', 'peer', 'name', `port${i}p`, 'mtu', '9000');
      ip('-n', ns, 'link', 'set', `port${i}`, 'master', `fab${i}`);
      for (const link of [`port${i}`, `port${i}p`, `fab${i}`]) ip('-n', ns, 'link', 'set', link, 'up');
    }
    for (
      let i = 0;
      i < 100 && (ip('-n', ns, '-6', 'addr', 'show', 'tentative').trim() !== '' || !ip('-n', ns, '-6', 'addr', 'show', 'dev', 'fab1').includes('fe80'));
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const measure = (mode: string) =>
      harnessResults(
        execFileSync('ip', ['netns', 'exec', ns, process.execPath, '--', join(root, 'bench', 'startup-harness.mjs'), join(dir, `${mode}.json`)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
        dir,
      );
    return { cold: measure('cold'), restart: measure('restart') };
  } finally {
    ip('netns', 'delete', ns);
  }
}

if (process.argv[1] === import.meta.filename) {
  const runs = Number(process.argv[2] ?? 10);
  for (const [where, run] of [
    ['on the host (no VRF)', startupOnHost],
    ['in UML', startupInUml],
  ] as const) {
    const pair = await run(runs);
    for (const mode of ['cold', 'restart'] as const) {
      const s = median(pair[mode].supervisor.map((r) => r.ms));
      const b = median(pair[mode].baseline.map((r) => r.ms));
      console.log(`${mode} start ${where}, median of ${runs}: frr-supervisor ${s.toFixed(0)} ms, baseline ${b.toFixed(0)} ms, ratio ${(s / b).toFixed(2)}`);
    }
  }
}
