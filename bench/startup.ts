// Start-up, side by side (bench/startup-harness.mjs) in one User-Mode Linux boot: a network
// namespace with two fabric links of fixed MACs and NODE_IP on lo, the supervisor's bundle and the
// bash + jinja2 baseline alternating from the same empty state. Each side's kernel result and
// frr.conf are compared, so neither can win by doing less. Also used by bench/run.ts.
//   npx tsx bench/startup.ts [RUNS]     (root; run `npm run build` first)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '../test/helpers/bundle.js';
import { runInUml } from '../test/helpers/uml.js';
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

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs the side-by-side start-up in UML; throws when the two sides did not do the same work. */
export async function startupInUml(runs: number): Promise<StartupResults> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const work = join(dir, 'work');
  writeFileSync(join(dir, 'frr.conf.j2'), baselineTemplate(root));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ runs, bundle: bundlePath, baseline: join(root, 'bench', 'baseline', 'frr-startup.sh'), template: join(dir, 'frr.conf.j2'), work, settings: startupSettings }),
  );
  const script = `
set -eu
mkdir -p ${work}; mount -t tmpfs tmp ${work}
ip netns add b; ip -n b link set lo up; ip -n b addr add ${startupSettings.NODE_IP}/32 dev lo
ip -n b link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy
ip -n b link add fab1 address 02:00:00:00:10:02 mtu 9000 type dummy
ip -n b link set fab0 up; ip -n b link set fab1 up
# Until both fabric links have a usable (not tentative) link-local address, as on a booted node.
for i in $(seq 1 100); do [ "$(ip -n b -6 addr show scope link | grep -c fe80)" = 2 ] && [ -z "$(ip -n b -6 addr show tentative)" ] && break; sleep 0.1; done
ip netns exec b timeout 1500 node -- ${join(root, 'bench', 'startup-harness.mjs')} ${join(dir, 'config.json')} > ${join(dir, 'startup.json')}
`;
  await runInUml(script, dir, { timeoutMs: 1_800_000 });
  const text = readFileSync(join(dir, 'startup.json'), 'utf8');
  if (!text.trim()) throw new Error(`the start-up harness printed nothing; see ${dir}/console.log`);
  const results = JSON.parse(text) as StartupResults;
  sameWork(results);
  return results;
}

/** Both sides must leave the same links and addresses and render the same frr.conf. */
export function sameWork(results: StartupResults): void {
  const first = (tool: keyof StartupResults) => results[tool][0];
  const a = first('supervisor');
  const b = first('baseline');
  if (!a || !b) throw new Error('no runs');
  if (a.kernel.links !== b.kernel.links) throw new Error(`the two left different links:\nsupervisor:\n${a.kernel.links}\nbaseline:\n${b.kernel.links}`);
  const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '').join('\n');
  if (lines(a.frrConf) !== lines(b.frrConf)) throw new Error('the two rendered different frr.conf');
}

if (process.argv[1] === import.meta.filename) {
  const runs = Number(process.argv[2] ?? 10);
  const results = await startupInUml(runs);
  const s = median(results.supervisor.map((r) => r.ms));
  const b = median(results.baseline.map((r) => r.ms));
  console.log(`start-up in UML, median of ${runs}: frr-supervisor ${s.toFixed(0)} ms, baseline ${b.toFixed(0)} ms, ratio ${(s / b).toFixed(2)}`);
}
