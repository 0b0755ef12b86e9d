// The supervisor with FRR up, in User-Mode Linux with Debian's FRR: its resident memory and CPU
// share over 60 s idle (sessions polled every SESSION_POLL_SECONDS, default 5), for each set of
// Node options given, side by side in one boot; and the stop time (SIGTERM to every process of
// the container, as Talos sends it, until all are gone), three rounds. UML makes syscalls 15-20x
// dearer than a real kernel: the CPU figure is an upper bound.
//   npx tsx bench/supervisor.ts        (root; run `npm run build` first)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePath } from '../scripts/harness/bundle.js';
import { runInUml } from '../scripts/harness/uml.js';

export interface IdleFigures {
  readonly nodeOptions: string;
  readonly rssMiB: number;
  readonly cpuPercent: number;
}
export interface SupervisorFigures {
  readonly idle: IdleFigures[];
  readonly stopMs: number[];
  readonly exitCodes: string[];
}

export async function supervisorIdleAndStop(nodeOptionSets: readonly string[]): Promise<SupervisorFigures> {
  const results = mkdtempSync(join(tmpdir(), 'bench-supervisor-'));
  const rounds = Math.max(3, nodeOptionSets.length);
  const script = `
set -u
BUNDLE=${JSON.stringify(bundlePath)}; RESULTS=${JSON.stringify(results)}
mount -t tmpfs tmp /etc/frr
ip netns add n; ip -n n link set lo up; ip -n n addr add 10.10.10.10/32 dev lo
ip -n n link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy; ip -n n link set fab0 up
printf 'NODE_IP=10.10.10.10\\nASN_LOCAL=65001\\nFE_MACS=02:00:00:00:10:01\\n' > $RESULTS/n.env
hz=$(getconf CLK_TCK)
options=(${nodeOptionSets.map((o) => JSON.stringify(o)).join(' ')})
for round in $(seq 1 ${rounds}); do
  opts="\${options[$((round - 1))]:-}"
  ( ip netns exec n unshare --pid --fork --mount-proc tini -s -- node $opts -- $BUNDLE run --env-file $RESULTS/n.env > $RESULTS/run-$round.log 2>&1; echo $? > $RESULTS/rc-$round ) &
  for i in $(seq 1 240); do ip netns exec n vtysh -c 'show bgp summary json' >/dev/null 2>&1 && break; sleep 0.5; done
  sleep 10
  node_pid=$(ps -eo pid=,comm=,args= | awk '$2=="node" && /frr-supervisor.mjs run/ {print $1}')
  tini_pid=$(ps -eo pid=,comm=,args= | awk '$2=="tini" && /frr-supervisor.mjs run/ {print $1}')
  if [ $round -le ${nodeOptionSets.length} ]; then
    # utime+stime of node, and cutime+cstime: the vtysh processes it runs to poll the sessions.
    t1=$(awk '{print $14+$15+$16+$17}' /proc/$node_pid/stat); sleep 60; t2=$(awk '{print $14+$15+$16+$17}' /proc/$node_pid/stat)
    echo "$(( t2 - t1 )) $hz" > $RESULTS/cpu-$round
    grep VmRSS /proc/$node_pid/status | awk '{print $2}' > $RESULTS/rss-kb-$round
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
  const idle = nodeOptionSets.map((nodeOptions, i) => {
    const [ticks = 0, hz = 100] = read(`cpu-${i + 1}`).split(' ').map(Number);
    return { nodeOptions, rssMiB: Number(read(`rss-kb-${i + 1}`)) / 1024, cpuPercent: (ticks / hz / 60) * 100 };
  });
  const roundNumbers = Array.from({ length: rounds }, (_, i) => i + 1);
  return { idle, stopMs: roundNumbers.map((r) => Number(read(`stop-ms-${r}`))), exitCodes: roundNumbers.map((r) => read(`rc-${r}`)) };
}

if (process.argv[1] === import.meta.filename) {
  const figures = await supervisorIdleAndStop(['', '--max-semi-space-size=1']);
  console.log('frr-supervisor with FRR 8.4 up, in User-Mode Linux');
  for (const { nodeOptions, rssMiB, cpuPercent } of figures.idle) {
    console.log(`idle, node ${nodeOptions || '(no options)'}: ${rssMiB.toFixed(1)} MiB resident, ${cpuPercent.toFixed(2)} % of one core over 60 s (children included)`);
  }
  console.log(`stop, SIGTERM to all: ${figures.stopMs.join(' / ')} ms (exit codes ${figures.exitCodes.join(', ')})`);
}
