// The supervisor with FRR up, in User-Mode Linux with Debian's FRR: its resident memory and CPU
// share over 60 s idle (sessions polled every SESSION_POLL_SECONDS, default 5), for each
// configuration given (Node's options; the metrics on and scraped every 15 s, as Prometheus
// does, with each scrape's time), side by side in one boot; and the stop time (SIGTERM to every process of
// the container, as Talos sends it, until all are gone), three rounds. UML makes syscalls 15-20x
// dearer than a real kernel: the CPU figure is an upper bound.
//   npx tsx bench/supervisor.ts        (root; run `npm run build` first)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '../scripts/harness/bundle.js';
import { runInUml } from '../scripts/harness/uml.js';

/** Resident memory as /proc/PID/status splits it: anonymous (the heap, V8's code) and file-backed (Node's binary, shared). */
export interface Resident {
  readonly rssMiB: number;
  readonly anonMiB: number;
  readonly fileMiB: number;
}
/** One idle measurement: node's options, and whether METRICS_ADDRESS is set and scraped. */
export interface IdleConfiguration {
  readonly nodeOptions: string;
  readonly metrics: boolean;
}
export interface IdleFigures extends Resident, IdleConfiguration {
  /** Each scrape's time, request to last byte, from a client beside the node (metrics only). */
  readonly scrapeMs: readonly number[];
  /** node's own CPU and with its children's (what it runs: vtysh for a drain or a repair; the sessions are polled over vty sockets), over 60 s. */
  readonly cpuPercent: number;
  readonly ownCpuPercent: number;
  /** A bare Node with the same options, idle (a timer), in the same boot: what Node itself holds. */
  readonly bare: Resident;
}
export interface SupervisorFigures {
  readonly idle: IdleFigures[];
  readonly stopMs: number[];
  readonly exitCodes: string[];
}

/** The image's Node options (frr.yaml) and node's defaults; then the image's with the metrics on. */
export const idleConfigurations: readonly IdleConfiguration[] = [
  { nodeOptions: '', metrics: false },
  { nodeOptions: '--max-semi-space-size=1', metrics: false },
  { nodeOptions: '--max-semi-space-size=1', metrics: true },
];

export async function supervisorIdleAndStop(configurations: readonly IdleConfiguration[]): Promise<SupervisorFigures> {
  const results = mkdtempSync(join(tmpdir(), 'bench-supervisor-'));
  const rounds = Math.max(3, configurations.length);
  const script = `
set -u
BUNDLE=${JSON.stringify(bundlePath)}; RESULTS=${JSON.stringify(results)}
mount -t tmpfs tmp /etc/frr
ip netns add n; ip -n n link set lo up; ip -n n addr add 10.10.10.10/32 dev lo
ip -n n link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy; ip -n n link set fab0 up
hz=$(getconf CLK_TCK)
options=(${configurations.map((c) => JSON.stringify(c.nodeOptions)).join(' ')})
metrics=(${configurations.map((c) => (c.metrics ? '1' : '0')).join(' ')})
for round in $(seq 1 ${rounds}); do
  opts="\${options[$((round - 1))]:-}"; with_metrics="\${metrics[$((round - 1))]:-0}"
  printf 'NODE_IP=10.10.10.10\\nASN_LOCAL=65001\\nFE_MACS=02:00:00:00:10:01\\n' > $RESULTS/n.env
  [ "$with_metrics" = 1 ] && echo METRICS_ADDRESS=10.10.10.10:9342 >> $RESULTS/n.env
  ( ip netns exec n unshare --pid --fork --mount-proc tini -s -- node $opts -- $BUNDLE run --env-file $RESULTS/n.env > $RESULTS/run-$round.log 2>&1; echo $? > $RESULTS/rc-$round ) &
  for i in $(seq 1 240); do ip netns exec n vtysh -c 'show bgp summary json' >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 10
  node_pid=$(ps -eo pid=,comm=,args= | awk '$2=="node" && /frr-supervisor.cjs run/ {print $1}')
  tini_pid=$(ps -eo pid=,comm=,args= | awk '$2=="tini" && /frr-supervisor.cjs run/ {print $1}')
  if [ $round -le ${configurations.length} ]; then
    : > $RESULTS/scrape-ms-$round
    # Scraped as Prometheus does, every 15 s, by a client beside the node (its own CPU not counted).
    if [ "$with_metrics" = 1 ]; then
      ( for k in 1 2 3 4; do sleep 14; ip netns exec n python3 -c 'import time, urllib.request
t = time.monotonic(); urllib.request.urlopen("http://10.10.10.10:9342/metrics", timeout=5).read(); print(round((time.monotonic() - t) * 1000, 1))' >> $RESULTS/scrape-ms-$round; done ) &
    fi
    # utime+stime of node, and cutime+cstime: the processes it ran and reaped.
    ticks() { awk '{print $14+$15, $14+$15+$16+$17}' /proc/$node_pid/stat; }
    t1=$(ticks); sleep 60; t2=$(ticks); own1=\${t1% *} all1=\${t1#* } own2=\${t2% *} all2=\${t2#* }
    echo "$(( all2 - all1 )) $(( own2 - own1 )) $hz" > $RESULTS/cpu-$round
    resident() { awk '$1 ~ /^(VmRSS|RssAnon|RssFile):$/ {printf "%s ", $2} END {print ""}' /proc/$1/status; }
    resident $node_pid > $RESULTS/rss-kb-$round
    # The same Node, options and namespace, doing nothing: the floor the supervisor stands on.
    ip netns exec n node $opts -e 'setInterval(() => {}, 1 << 30)' & bare=$!
    sleep 10; resident $bare > $RESULTS/bare-rss-kb-$round; kill $bare; wait $bare 2>/dev/null
  fi
  ns=$(readlink /proc/$tini_pid/ns/pid); pids=""
  for p in /proc/[0-9]*; do [ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] && pids="$pids \${p#/proc/}"; done
  t0=$(date +%s%N); kill -TERM $pids
  while pgrep -x zebra >/dev/null || pgrep -x bgpd >/dev/null || pgrep -x watchfrr >/dev/null || [ ! -f $RESULTS/rc-$round ]; do sleep 0.02; done
  echo $(( ($(date +%s%N) - t0) / 1000000 )) > $RESULTS/stop-ms-$round
done
echo done > $RESULTS/finished
`;
  await runInUml(script, results, { timeoutMs: 1_800_000 });
  const read = (name: string) => readFileSync(join(results, name), 'utf8').trim();
  const resident = (name: string): Resident => {
    const [rss = NaN, anon = NaN, file = NaN] = read(name)
      .split(' ')
      .map((kb) => Number(kb) / 1024);
    return { rssMiB: rss, anonMiB: anon, fileMiB: file };
  };
  const idle = configurations.map((configuration, i) => {
    const [all = 0, own = 0, hz = 100] = read(`cpu-${i + 1}`)
      .split(' ')
      .map(Number);
    const percent = (ticks: number) => (ticks / hz / 60) * 100;
    const scrapeMs = read(`scrape-ms-${i + 1}`)
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return {
      ...configuration,
      scrapeMs,
      ...resident(`rss-kb-${i + 1}`),
      cpuPercent: percent(all),
      ownCpuPercent: percent(own),
      bare: resident(`bare-rss-kb-${i + 1}`),
    };
  });
  const roundNumbers = Array.from({ length: rounds }, (_, i) => i + 1);
  return { idle, stopMs: roundNumbers.map((r) => Number(read(`stop-ms-${r}`))), exitCodes: roundNumbers.map((r) => read(`rc-${r}`)) };
}

const mib = (r: Resident) => `${r.rssMiB.toFixed(1)} MiB (anonymous ${r.anonMiB.toFixed(1)}, file ${r.fileMiB.toFixed(1)})`;
/** One line: what the supervisor holds, against what a bare Node holds, and where its CPU goes. */
export function describeIdle(idle: IdleFigures): string {
  const scrapes = idle.metrics ? `; ${idle.scrapeMs.length} scrapes, ${idle.scrapeMs.join(' / ')} ms` : '';
  return `${mib(idle)} resident, a bare Node ${mib(idle.bare)}; ${idle.cpuPercent.toFixed(2)} % of a core over 60 s (node itself ${idle.ownCpuPercent.toFixed(2)} %, its child processes ${(idle.cpuPercent - idle.ownCpuPercent).toFixed(2)} %)${scrapes}`;
}

/** How a configuration reads in a report: "node --max-semi-space-size=1, metrics scraped every 15 s". */
export function describeConfiguration(c: IdleConfiguration): string {
  return `node ${c.nodeOptions || 'without options'}${c.metrics ? ', metrics scraped every 15 s' : ''}`;
}

if (process.argv[1] === import.meta.filename) {
  const figures = await supervisorIdleAndStop(idleConfigurations);
  console.log('frr-supervisor with FRR 8.4 up, in User-Mode Linux');
  for (const idle of figures.idle) console.log(`idle, ${describeConfiguration(idle)}: ${describeIdle(idle)}`);
  console.log(`stop, SIGTERM to all: ${figures.stopMs.join(' / ')} ms (exit codes ${figures.exitCodes.join(', ')})`);
}
