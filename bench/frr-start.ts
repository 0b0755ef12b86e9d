// FRR's own start on the host, no User-Mode Linux: the product's start script (src/frr/start-script.ts)
// with a frr.conf the product renders (test/golden/expected/defaults-ipv6-127), for each FRR the product
// supports, in a network namespace of its own (two veth ports named as the config names them) and a
// private mount namespace (its own /etc/frr and run directory). The lab's restart phases show FRR's start
// as seconds; they are User-Mode Linux's, whose system calls cost far more than a kernel's: this says
// what the same start costs on a machine. `npm run bench` includes it; alone, as JSON:
//   tsx bench/frr-start.ts [RUNS]        (root; FRR's Debian roots from scripts/frr-roots.sh)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { rootsDir } from '../scripts/extension/debian-tree.js';
import type { FrrDaemon } from '../src/frr/facts.js';
import { startCommand, startLines, startScriptPrefix } from '../src/frr/start-script.js';
import { median } from './startup.js';

const golden = join(import.meta.dirname, '..', 'test', 'golden', 'expected', 'defaults-ipv6-127');
const installations: readonly { label: string; root: string; daemons: readonly FrrDaemon[] }[] = [
  { label: 'FRR 8.4 (the host)', root: '/', daemons: ['zebra', 'bfdd', 'bgpd', 'staticd'] },
  { label: 'FRR 10.3 (Debian trixie root)', root: join(rootsDir, 'trixie'), daemons: ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd'] },
  { label: 'FRR 10.7.1 (Debian forky root)', root: join(rootsDir, 'forky'), daemons: ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd'] },
];

export interface FrrStartRecord {
  readonly label: string;
  readonly runs: number;
  /** Median ms from the script's start to its "applying" line: every daemon started, one after another. */
  readonly daemonsMs: number;
  /** Median ms of `vtysh -b` applying frr.conf. */
  readonly applyMs: number;
  /** vtysh -b's exit status in each run: 0 when FRR took the whole config. */
  readonly applyStatuses: readonly number[];
}

/** One start: the script's lines timed as they come; everything it started stopped with the namespace's processes. */
async function startOnce(installation: (typeof installations)[number]): Promise<{ daemonsMs: number; applyMs: number; status: number }> {
  const ns = `frr-start-bench-${process.pid}`;
  const etc = mkdtempSync('/tmp/frr-start-bench-etc-');
  chmodSync(etc, 0o755);
  for (const file of ['frr.conf', 'daemons', 'daemon-log.conf']) writeFileSync(join(etc, file), readFileSync(join(golden, file)));
  writeFileSync(join(etc, 'vtysh.conf'), 'service integrated-vtysh-config\n');
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['-n', ns, 'link', 'add', 'enp1s0f0', 'type', 'veth', 'peer', 'name', 'enp1s0f1']);
    for (const port of ['enp1s0f0', 'enp1s0f1']) execFileSync('ip', ['-n', ns, 'link', 'set', port, 'up']);
    const [, , script, name, , , ...rest] = startCommand({
      binDir: '/usr/lib/frr',
      pathspace: undefined,
      vtysh: ['/usr/bin/vtysh'],
      daemons: installation.daemons,
    });
    // Private mounts: this /etc/frr and an empty run directory, seen only by this start.
    const setup = [
      'mount --make-rprivate /',
      `mount --bind "$0" "$1/etc/frr"`,
      'for d in var/run/frr var/tmp/frr; do mkdir -p "$1/$d" && mount -t tmpfs tmp "$1/$d" && chown frr:frr "$1/$d"; done',
      // The log file the daemons write, as the supervisor prepares it.
      'touch "$1/var/run/frr/frr.log" && chown frr:frr "$1/var/run/frr/frr.log"',
      '[ "$1" = / ] || mount -t proc proc "$1/proc"',
      'root=$1; shift',
      'exec chroot "$root" /bin/bash -c "$@"',
    ].join(' && ');
    const args = [
      'netns',
      'exec',
      ns,
      'unshare',
      '-m',
      'sh',
      '-c',
      setup,
      etc,
      installation.root,
      script ?? '',
      name ?? '',
      '/usr/lib/frr',
      '',
      '/usr/bin/vtysh',
      ...rest,
    ];
    const started = performance.now();
    // FRR's own lines on stderr (its MPLS and link-speed notes on this kernel) are not what is measured.
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let applying: number | undefined;
    const lines = createInterface({ input: child.stdout });
    const result = await new Promise<{ daemonsMs: number; applyMs: number; status: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${installation.label}: no "vtysh -b exited" line in 120 s`)), 120_000);
      child.once('exit', (code) => reject(new Error(`${installation.label}: the start script ended (${code}) before vtysh -b did`)));
      lines.on('line', (line) => {
        const message = line.startsWith(startScriptPrefix) ? line.slice(startScriptPrefix.length) : line;
        if (message === startLines.applying) applying = performance.now();
        if (message.startsWith(startLines.appliedPrefix) && applying !== undefined) {
          clearTimeout(timer);
          resolve({ daemonsMs: applying - started, applyMs: performance.now() - applying, status: Number(message.slice(startLines.appliedPrefix.length)) });
        }
      });
    });
    return result;
  } finally {
    // watchfrr and the daemons are the namespace's only processes: stop them with it.
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    execFileSync('ip', ['netns', 'del', ns]);
    rmSync(etc, { recursive: true, force: true });
  }
}

/** Each supported FRR started `runs` times by the start script, and the medians. */
export async function measureFrrStart(runs: number): Promise<FrrStartRecord[]> {
  const records: FrrStartRecord[] = [];
  for (const installation of installations) {
    if (!existsSync(join(installation.root, 'usr', 'lib', 'frr', 'frrcommon.sh')))
      throw new Error(`${installation.label}: no FRR at ${installation.root} (scripts/setup.sh)`);
    const each = [];
    for (let i = 0; i < runs; i += 1) each.push(await startOnce(installation));
    records.push({
      label: installation.label,
      runs,
      daemonsMs: median(each.map((r) => r.daemonsMs)),
      applyMs: median(each.map((r) => r.applyMs)),
      applyStatuses: each.map((r) => r.status),
    });
  }
  return records;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await measureFrrStart(Number(process.argv[2] ?? 5))));
