import { atLeast, type FrrVersion } from './version.js';

/**
 * Everything the product knows about the FRR it runs, in one place: which daemons run, how it
 * starts and stops, where its files are, how its log lines are tagged. A pure function of the
 * FRR version (read from FRR itself) and the settings; the daemons file, the start, the stop, the
 * log tail, the session monitor and the status all ask it rather than deciding for themselves.
 * How FRR can check a config is not a fact of its version: check-plan.ts learns it from FRR.
 */
const frrDaemons = ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd'] as const;
export type FrrDaemon = (typeof frrDaemons)[number];

export interface FrrFacts {
  readonly version: FrrVersion;
  /** The daemons this config runs, in FRR's own start order (frrcommon.sh's DAEMONS). */
  readonly daemons: readonly FrrDaemon[];
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

/**
 * watchfrr's options. It kills a restart job (after a crash, `watchfrr.sh restart DAEMON`, whose
 * `vtysh -b` applies that daemon's part of frr.conf) still running after --restart-timeout, 20 s
 * by default, which a busy node exceeds (seen in UML: FRR ran half its config). The apply watch
 * repairs such an apply (supervise/apply-watch.ts); a longer timeout makes it rare. The first
 * apply, the start script's, has no time limit but Talos's.
 */
export const watchfrrOptions: readonly string[] = ['--restart-timeout', '120'];

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
