import { atLeast, type FrrVersion } from './version.js';

/**
 * Everything the product knows about the FRR it runs, in one place: which daemons run, how FRR
 * checks a config, how it starts and stops, where its files are, how its log lines are tagged.
 * A pure function of the FRR version (read from FRR itself) and the settings; the daemons
 * file, the check, the start, the stop, the log tail, the session monitor and the status all
 * ask it rather than deciding for themselves.
 */
const frrDaemons = ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd'] as const;
export type FrrDaemon = (typeof frrDaemons)[number];

export interface FrrFacts {
  readonly version: FrrVersion;
  /** The daemons this config runs, in FRR's own start order (frrcommon.sh's DAEMONS). */
  readonly daemons: readonly FrrDaemon[];
  readonly check: CheckPlan;
  /** vtysh and the options that point it at this FRR (the pathspace). */
  readonly vtysh: readonly string[];
  readonly binDir: string;
  /** With the pathspace applied. */
  readonly configDir: string;
  readonly runDir: string;
  readonly pathspace: string | undefined;
  /** Who stops when: each group gets SIGINT together, after the one before it is gone. */
  readonly stopOrder: readonly (readonly string[])[];
  /** The old per-daemon config files mgmtd reads at every start (FRR 9 on: mgmt_vty_frontend.c). */
  readonly mgmtdReadsSplitConfigs: readonly string[];
}

/**
 * How FRR checks a config before it runs. `vtysh --dryrun` parses every line against every
 * daemon's grammar on every version; what it cannot see (a line the grammar takes but a daemon
 * refuses or lacks) needs the daemons' own `-C`, whose usefulness depends on the version.
 */
export interface CheckPlan {
  /** Daemons whose `-C` runs the config. */
  readonly daemons: readonly FrrDaemon[];
  /**
   * true: these daemons own every line between them, so a line that all of them fail has no
   * taker (FRR 8). false: some lines belong to a daemon with no `-C` (mgmtd, FRR 9 on), so only
   * a daemon's refusal of a line it knows counts; a line no running daemon takes is not caught.
   */
  readonly ownership: boolean;
  /** Why some daemon is left out, for the log. */
  readonly notes: readonly string[];
}

export interface FrrFactsInput {
  readonly version: FrrVersion;
  readonly bfd: boolean;
  readonly binDir: string;
  /** The vtysh program (Debian: /usr/bin; the FRR image: /usr/bin too). */
  readonly vtyshProgram: string;
  readonly configDir: string;
  readonly runDir: string;
  readonly pathspace: string | undefined;
}

export function frrFacts(input: FrrFactsInput): FrrFacts {
  const { version, bfd } = input;
  // From FRR 9 mgmtd holds zebra's and staticd's configuration; frrcommon.sh starts mgmtd,
  // zebra and staticd whatever `daemons` says.
  const mgmtd = atLeast(version, 9);
  const daemons: FrrDaemon[] = [...(mgmtd ? ['mgmtd' as const] : []), 'zebra', ...(bfd ? ['bfdd' as const] : []), 'bgpd', 'staticd'];
  return {
    version,
    daemons,
    check: checkPlan(version, bfd),
    vtysh: [input.vtyshProgram, ...(input.pathspace ? ['-N', input.pathspace] : [])],
    binDir: input.binDir,
    configDir: input.configDir,
    runDir: input.runDir,
    pathspace: input.pathspace,
    // watchfrr first, or it restarts what follows; zebra after the daemons that hand their
    // routes back through it; mgmtd, which zebra and staticd talk to, last.
    stopOrder: [['watchfrr'], daemons.filter((d) => d !== 'zebra' && d !== 'mgmtd'), ['zebra'], ...(mgmtd ? [['mgmtd']] : [])],
    mgmtdReadsSplitConfigs: mgmtd ? ['zebra', 'ripd', 'ripngd', 'staticd', 'mgmtd'] : [],
  };
}

function checkPlan(version: FrrVersion, bfd: boolean): CheckPlan {
  if (!atLeast(version, 9)) return { daemons: ['zebra', 'bgpd', ...(bfd ? ['bfdd' as const] : [])], ownership: true, notes: [] };
  const notes = ['zebra and staticd not run with -C: from FRR 9 their configuration is mgmtd\'s, which has no -C'];
  // FRR 10.7's bgpd -C aborts on any numbered neighbor (an assertion in bgp_keepalives.c,
  // SIGABRT) and every config here has one (the MetalLB session).
  const bgpd = !atLeast(version, 10, 7);
  if (!bgpd) notes.push(`bgpd not run with -C: FRR ${version.text}'s bgpd -C aborts on a numbered neighbor; a line only bgpd refuses is found when FRR applies it, after start (the apply watch), on this version`);
  return { daemons: [...(bgpd ? ['bgpd' as const] : []), ...(bfd ? ['bfdd' as const] : [])], ownership: false, notes };
}

/**
 * watchfrr's options. It kills a restart job (after a crash, `watchfrr.sh restart DAEMON`, whose
 * `vtysh -b` applies that daemon's part of frr.conf) still running after --restart-timeout, 20 s
 * by default, which a busy node exceeds (seen in UML: FRR ran half its config). The apply watch
 * repairs such an apply (supervise/apply-watch.ts); a longer timeout makes it rare. The first
 * apply, the start script's, has no time limit but Talos's.
 */
export const watchfrrOptions: readonly string[] = ['--restart-timeout', '120'];

/** What checked a config, for the log: "vtysh --dryrun, bgpd -C, bfdd -C". */
export function describeCheck(plan: CheckPlan): string {
  return ['vtysh --dryrun', ...plan.daemons.map((d) => `${d} -C`)].join(', ');
}

/** Every process name an FRR run dir can hold a pid file for (any version, any settings). */
export const frrProcessNames: readonly string[] = ['watchfrr', ...frrDaemons];

/** FRR's tag in a log line -> the process that wrote it. */
export const processOfLogTag: Readonly<Record<string, string>> = {
  ZEBRA: 'zebra',
  BGP: 'bgpd',
  BFD: 'bfdd',
  STATIC: 'staticd',
  MGMTD: 'mgmtd',
  WATCHFRR: 'watchfrr',
  VTYSH: 'vtysh',
};
