import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDaemonChecks, type DaemonRun } from './daemon-check.js';
import type { FrrDaemon, FrrFacts } from './facts.js';

/**
 * Which daemons' `-C` can judge a config is learned from the FRR at hand, never from its version
 * number: FRR 10.5.0 to 10.7.1's bgpd -C aborts on any numbered neighbor (bgp_keepalives_off()
 * asserts that the keepalive thread runs before it looks at the peer), and from FRR 9 zebra's
 * lines are mgmtd's, which has no -C. A table of versions would trust the next release that
 * breaks; the probe asks each daemon to judge a small config every supported FRR accepts, with a
 * numbered neighbor and a line of each kind the template writes, and uses only daemons that judge
 * it right.
 */
export interface CheckPlan {
  /** Daemons whose `-C` runs the config. */
  readonly daemons: readonly FrrDaemon[];
  /**
   * true: these daemons took every line of the probe between them, so a line that all of them
   * fail has no taker (FRR 8). false: some lines belong to a daemon with no usable -C (mgmtd),
   * so only a daemon's refusal of a line it knows counts.
   */
  readonly ownership: boolean;
  /** What could not be checked, and why, for the log. */
  readonly notes: readonly string[];
  /**
   * Whether the probe's verdict on each daemon is the daemon's own (it passed, was killed by a
   * signal, refused a line, took none of its own): only such a plan is remembered. A timeout or an
   * exit code can be the machine's doing (a busy node, a port taken) and is asked again next start.
   */
  readonly settled?: boolean;
}

/** The daemons whose `-C` the probe asks: mgmtd has none, staticd has no line of ours. */
const candidates: readonly FrrDaemon[] = ['zebra', 'bgpd', 'bfdd'];

/** The daemons of `facts` that the probe asks. */
export function probedDaemons(facts: FrrFacts): FrrDaemon[] {
  return candidates.filter((daemon) => facts.daemons.includes(daemon));
}

/**
 * The probe, a line a row: [text, the daemon that must take it for its `-C` to be of use (none: a
 * line every daemon takes, or a block's end), the daemon without which the line is left out
 * (default: its owner)]. Valid on FRR 8.4 to 10.7: vtysh --dryrun accepts it on each.
 */
type ProbeRow = readonly [text: string, owner?: FrrDaemon, needs?: FrrDaemon];
const probe: readonly ProbeRow[] = [
  ['frr defaults datacenter'],
  ['hostname frr-supervisor-probe'],
  ['no ip nht resolve-via-default', 'zebra'],
  ['ip prefix-list probe seq 10 permit 192.0.2.0/24 le 32', 'bgpd'],
  ['route-map probe permit 10', 'bgpd'],
  [' match ip address prefix-list probe', 'bgpd'],
  ['exit'],
  ['ip protocol bgp route-map probe', 'zebra'],
  ['interface probe0'],
  [' ipv6 nd ra-interval 10', 'zebra'],
  [' no ipv6 nd suppress-ra', 'zebra'],
  ['exit'],
  ['bfd', 'bfdd'],
  [' profile probe', 'bfdd'],
  ['  receive-interval 300', 'bfdd'],
  [' exit', undefined, 'bfdd'],
  ['exit', undefined, 'bfdd'],
  ['router bgp 65001', 'bgpd'],
  [' bgp router-id 192.0.2.1', 'bgpd'],
  // A numbered neighbor: the line 10.5-10.7's bgpd -C aborts on.
  [' neighbor 192.0.2.2 remote-as 65002', 'bgpd'],
  [' neighbor probe0 interface remote-as external', 'bgpd'],
  [' neighbor probe0 bfd', 'bgpd', 'bfdd'],
  [' address-family ipv4 unicast', 'bgpd'],
  ['  neighbor 192.0.2.2 route-map probe in', 'bgpd'],
  [' exit-address-family', 'bgpd'],
  ['exit'],
];

/** The probe for these daemons: the lines of a daemon not asked are left out (bfd without bfdd). */
export function probeFor(daemons: readonly FrrDaemon[]): { text: string; owners: readonly (FrrDaemon | undefined)[] } {
  const kept = probe.filter(([, owner, needs = owner]) => needs === undefined || daemons.includes(needs));
  return { text: `${kept.map(([text]) => text).join('\n')}\n`, owners: kept.map(([, owner]) => owner) };
}

/**
 * The plan the probe's runs give (pure). A daemon's -C is used when it ended by itself with 0,
 * read the whole probe, refused none of it, and took the lines that are its own; ownership holds
 * when the daemons used took every line between them.
 */
export function planFromProbe(probeText: string, owners: readonly (FrrDaemon | undefined)[], runs: readonly DaemonRun[]): CheckPlan {
  const lines = probeText.split('\n');
  const notes: string[] = [];
  const settled = runs.every((run) => !run.abnormal || run.abnormal.startsWith('was killed by'));
  const used = runs.filter((run) => {
    const why = unfitBecause(run, lines, owners);
    if (why)
      notes.push(
        `${run.daemon} -C not used: on a probe config ${why}; a line only ${run.daemon} refuses is found when FRR applies it, after start (the apply watch)`,
      );
    return !why;
  });
  const untaken = lines
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter(({ text }) => text !== '' && !/^(exit|!)/.test(text))
    .filter(({ line }) => used.length === 0 || used.every((run) => run.unknown.includes(line)));
  const ownership = used.length > 0 && untaken.length === 0;
  if (!ownership) {
    const example = untaken[0]?.text ?? '';
    notes.push(
      `${untaken.length} of the probe's lines (such as "${example}") no daemon's -C takes here: a line no running daemon would take is not refused before start, only by vtysh --dryrun's grammar and, after start, by the apply watch`,
    );
  }
  return { daemons: used.map((run) => run.daemon), ownership, notes, settled };
}

function unfitBecause(run: DaemonRun, lines: readonly string[], owners: readonly (FrrDaemon | undefined)[]): string | undefined {
  const said = run.lastLine ? ` ("${run.lastLine}")` : '';
  if (run.abnormal) return `it ${run.abnormal}${said}`;
  if (!run.readWhole) return `it did not read the whole file${said}`;
  const [refused] = run.refused;
  if (refused) return `it refused "${lines[refused.line - 1]?.trim() ?? ''}" (${refused.reason})`;
  const own = owners.flatMap((owner, i) => (owner === run.daemon ? [i + 1] : []));
  const missed = own.filter((line) => run.unknown.includes(line));
  if (missed.length === own.length && own.length > 0)
    return `it took none of ${run.daemon}'s lines (such as "${lines[(missed[0] ?? 1) - 1]?.trim() ?? ''}": another daemon's here, mgmtd's from FRR 9)`;
  if (missed.length > 0) return `it did not take "${lines[(missed[0] ?? 1) - 1]?.trim() ?? ''}"`;
  return undefined;
}

/** Runs the probe with this FRR's daemons (those of `facts` that the probe asks). */
export async function learnCheckPlan(facts: FrrFacts): Promise<CheckPlan> {
  const daemons = probedDaemons(facts);
  const { text, owners } = probeFor(daemons);
  const workDir = await mkdtemp(join(tmpdir(), 'frr-probe-'));
  try {
    // The daemons drop root for the frr user before reading: the files must be readable to it.
    await chmod(workDir, 0o755);
    return planFromProbe(text, owners, await runDaemonChecks(text, daemons, { binDir: facts.binDir, workDir }, 'probe'));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** What checked a config, for the log: "vtysh --dryrun, bgpd -C, bfdd -C". */
export function describeCheck(plan: CheckPlan): string {
  return ['vtysh --dryrun', ...plan.daemons.map((d) => `${d} -C`)].join(', ');
}
