import { execa } from 'execa';
import { drainLinkName } from '../config/owned-names.js';
import type { Logger } from '../log.js';

/** Why the node is drained: the setting (kept across restarts), the live switch, or both. */
export type DrainSource = 'BGP_GRACEFUL_SHUTDOWN' | `link ${typeof drainLinkName}`;

export interface DrainState {
  readonly on: boolean;
  readonly by: readonly DrainSource[];
  /** When FRR last took the drain on or off; undefined: never changed since the start. */
  readonly changedAt: string | undefined;
}

export interface DrainControl {
  /** The live switch, as the links show it now. */
  setLink(present: boolean): void;
  /** Brings FRR to what the setting and the switch ask for; a failure is retried at the next call. */
  sync(): Promise<void>;
  state(): DrainState;
}

/** The BFD profiles frr.conf defines (the supervisor's `fabric`, and any of the extra config's). Pure. */
export function bfdProfilesIn(frrConf: string): string[] {
  const profiles: string[] = [];
  let inBfd = false;
  for (const line of frrConf.split('\n')) {
    if (/^bfd\s*$/.test(line)) inBfd = true;
    else if (/^\S/.test(line) && !/^exit\b/.test(line) && !line.startsWith('!')) inBfd = false;
    const profile = inBfd ? /^\s+profile\s+(\S+)\s*$/.exec(line)?.[1] : undefined;
    if (profile && !profiles.includes(profile)) profiles.push(profile);
  }
  return profiles;
}

/**
 * The drain (RFC 8326 graceful shutdown: every route advertised with GRACEFUL_SHUTDOWN, which
 * peers rank last) from two sources: BGP_GRACEFUL_SHUTDOWN, which needs a restart to change, and
 * the link `frr-drain`, which a machine-config patch adds or removes while FRR runs. Applied with
 * vtysh at run time (`bgp graceful-shutdown`), never saved in frr.conf: FRR starts undrained.
 * With BFD on, the drain also shuts the BFD profiles: the peers get AdminDown, the one way to
 * tell them a restart is planned (at the stop itself bfdd, signalled by Talos with everything
 * else, sends Down first). From FRR 10.7 a peer keeps the BGP session through AdminDown, and with
 * graceful restart the routes through the restart; an older one takes the session down, as BFD
 * Down would. One change at a time, each logged once.
 */
export function drainControl(options: {
  readonly setting: boolean;
  readonly vtysh: readonly string[];
  readonly bfdProfiles: readonly string[];
  /**
   * Whether FRR runs the whole frr.conf yet. Until then the drain waits: a vtysh of its own while
   * vtysh -b applies the file can land between the file's lines (the lab caught a drained start
   * whose BFD profiles were shut before bgpd had its neighbors: born shut, the fabric sessions
   * stayed Idle).
   */
  readonly configApplied: () => boolean;
  readonly logger: Logger;
  readonly onChange: (state: DrainState) => void;
}): DrainControl {
  const { logger } = options;
  let linkPresent = false;
  let applied = false;
  let changedAt: string | undefined;
  let syncing: Promise<void> = Promise.resolve();
  const sources = (): DrainSource[] => [
    ...(options.setting ? (['BGP_GRACEFUL_SHUTDOWN'] as const) : []),
    ...(linkPresent ? ([`link ${drainLinkName}`] as const) : []),
  ];
  const state = (): DrainState => ({ on: applied, by: applied ? sources() : [], changedAt });
  const once = async () => {
    const wanted = sources().length > 0;
    if (wanted === applied || !options.configApplied()) return;
    const [program = 'vtysh', ...args] = options.vtysh;
    // cleanup: false keeps execa from installing signal-exit handlers, which would re-raise a
    // SIGTERM and kill the supervisor before it could stop FRR. The timeout only bounds a vtysh
    // that hangs: one killed while slow leaves the drain half on (the peers already see
    // GRACEFUL_SHUTDOWN, BFD still open) until the next poll, as the lab saw with 10 s on a busy node.
    const no = wanted ? '' : 'no ';
    const bfd =
      options.bfdProfiles.length === 0 ? [] : ['bfd', ...options.bfdProfiles.flatMap((profile) => [`profile ${profile}`, `${no}shutdown`, 'exit']), 'exit'];
    await execa(program, [...args, ...['configure terminal', `${no}bgp graceful-shutdown`, ...bfd].flatMap((command) => ['-c', command])], {
      timeout: 60_000,
      cleanup: false,
    });
    applied = wanted;
    changedAt = new Date().toISOString();
    const profiles =
      options.bfdProfiles.length === 0
        ? ''
        : `; BFD profile${options.bfdProfiles.length > 1 ? 's' : ''} ${options.bfdProfiles.join(', ')} ${wanted ? 'shut (AdminDown to the peers)' : 'open again'}`;
    if (wanted)
      logger.warn(
        `drain on (${sources().join(', ')}): every route is advertised with the GRACEFUL_SHUTDOWN community (RFC 8326); the leaves move their traffic to other nodes${profiles}`,
      );
    else logger.info(`drain off (link ${drainLinkName} gone): routes advertised as usual again${profiles}`);
    options.onChange(state());
  };
  return {
    setLink(present) {
      linkPresent = present;
    },
    sync() {
      syncing = syncing.then(once, once);
      return syncing;
    },
    state,
  };
}
