import { vtyCommand } from './vty-client.js';
import type { Logger } from '../log.js';
import { adminDownSessions, type BfdPacketSession } from './bfd-admin-down.js';
import type { DrainControl } from './drain.js';
import { describeEndOfRib, endOfRibState } from './end-of-rib.js';
import { every } from './every.js';
import { runningFrrProcess } from './frr-processes.js';
import { describeOtherBfd, otherBfdSockets, socketInodesOf, udpSockets } from './other-bfd.js';
import {
  convergence,
  describeConvergence,
  parseBfdPeers,
  parseBgpSummary,
  parseReceivedRoutes,
  neighborRoutesCommand,
  refusedChanges,
  sessionChanges,
  speakerPrefixChanges,
  type BgpSession,
  type Convergence,
  type SessionState,
} from './sessions.js';

export interface MonitorOptions {
  /** Where the daemons' vty sockets are (FRR_RUN_DIR with the pathspace). */
  readonly runDir: string;
  readonly intervalMs: number;
  readonly fabric: readonly string[];
  readonly vrf: string;
  readonly bfd: boolean;
  /** Brought in line at every poll, once bgpd answers (drain.ts). */
  readonly drain: DrainControl;
  readonly logger: Logger;
  readonly onUpdate: (state: SessionState, c: Convergence) => void;
  /** Said with the two-minute line when a fabric session is Idle: a known fault of this FRR (version.ts). */
  readonly idleSessionFault?: string;
  /** bgpd restarted gracefully (graceful-restart.ts): say when the fabric got its End-of-RIB, and whether after the speaker's. */
  readonly endOfRib?: { readonly boundSeconds: number };
  /** The clock, in milliseconds (Date.now unless a test holds it). */
  readonly now?: () => number;
}

/** How often at most the speaker's refused routes are counted again while only its keepalives came. */
const refusedRecountMs = 60_000;

/** How long after bgpd's own bound the End-of-RIB is still watched for: its fabric sessions' time to come up. */
const endOfRibWatchMarginSeconds = 60;

/**
 * Asks FRR for its sessions every interval and logs each change as one line, then one line when
 * the node has converged (or, after two minutes, what keeps it from converging). Keeps the drain
 * (RFC 8326 graceful shutdown) as it should be once bgpd answers: at run time, never in frr.conf.
 */
export interface SessionMonitor {
  stop(): Promise<void>;
  /** The BFD sessions that were up at the last poll, for the AdminDown of a planned stop. */
  bfdSessionsUp(): readonly BfdPacketSession[];
}

export function monitorSessions(options: MonitorOptions): SessionMonitor {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const started = now();
  let previous: SessionState = { bgp: [], bfd: [] };
  let convergedOnce = false;
  let blockersReported = false;
  let bfdUp: readonly BfdPacketSession[] = [];
  let endOfRibPending = options.endOfRib !== undefined;
  let otherBfd = '';
  // The speaker's refused prefixes, per session (its received-routes: every route it announced, so
  // not at every poll). Asked again once it has sent something since: at once when its accepted
  // count moved, else at most once a minute, since its keepalives count as messages too.
  const refused = new Map<string, { messages: number | undefined; accepted: number; at: number; counts: ReturnType<typeof parseReceivedRoutes> }>();
  const withRefused = async (s: BgpSession): Promise<BgpSession> => {
    const command = neighborRoutesCommand(s, 'received-routes json');
    const key = `${s.peer}|${s.family}`;
    if (s.vrf !== options.vrf || !command) return s;
    if (s.state !== 'Established') {
      refused.delete(key); // FRR drops what a session received when it ends
      return s;
    }
    let known = refused.get(key);
    const stale = known && known.messages !== s.messagesReceived && (known.accepted !== s.received || now() - known.at >= refusedRecountMs);
    if (!known || stale) {
      try {
        const counts = parseReceivedRoutes(JSON.parse(await vtyCommand(options.runDir, 'bgpd', command)) as unknown);
        known = { messages: s.messagesReceived, accepted: s.received, at: now(), counts };
        refused.set(key, known);
      } catch {
        // bgpd busy: the last count stands, and it is asked again at the next poll
      }
    }
    return known?.counts === undefined ? s : { ...s, ...known.counts };
  };
  // Another bfdd in this network namespace takes the fabric's BFD packets (other-bfd.ts): said when it appears and when it goes.
  const lookForOtherBfd = async () => {
    // Only while our own bfdd runs: its sockets, bound before its pid file is written, would look like another's.
    const ours = await runningFrrProcess(options.runDir, 'bfdd');
    if (!ours) return;
    const others = otherBfdSockets(await udpSockets(), await socketInodesOf(ours.pid));
    const key = others.map((s) => s.inode).join(',');
    if (key === otherBfd) return;
    if (others.length > 0) logger.warn(describeOtherBfd(others));
    else logger.info('the other BFD daemon in this network namespace is gone');
    otherBfd = key;
  };
  const poll = async () => {
    if (options.bfd) await lookForOtherBfd();
    // Straight to the daemons' vty sockets: no process per poll.
    const bgpJson = JSON.parse(await vtyCommand(options.runDir, 'bgpd', 'show bgp vrf all summary json')) as unknown;
    const bfdJson = options.bfd ? (JSON.parse(await vtyCommand(options.runDir, 'bfdd', 'show bfd peers json')) as unknown) : [];
    bfdUp = adminDownSessions(bfdJson);
    await options.drain.sync();
    const bgp: BgpSession[] = [];
    for (const session of parseBgpSummary(bgpJson)) bgp.push(await withRefused(session));
    const state: SessionState = { bgp, bfd: parseBfdPeers(bfdJson) };
    for (const line of sessionChanges(previous, state)) logger.child({ component: line.startsWith('bfd') ? 'bfd' : 'bgp' }).info(line);
    for (const line of speakerPrefixChanges(previous, state, options.vrf)) logger.child({ component: 'bgp' }).info(line);
    for (const { line, warn } of refusedChanges(previous, state, options.vrf)) logger.child({ component: 'bgp' })[warn ? 'warn' : 'info'](line);
    previous = state;
    const c = convergence(state, options.fabric, options.vrf);
    if (c.converged && !convergedOnce) {
      convergedOnce = true;
      logger.info({ seconds: Math.round((now() - started) / 1000) }, `converged: ${describeConvergence(c)}`);
    } else if (!c.converged && convergedOnce) {
      convergedOnce = false;
      logger.warn(`no longer converged: ${c.blockers.join('; ')}`);
    } else if (!c.converged && !blockersReported && now() - started > 120_000) {
      blockersReported = true;
      const idle = options.idleSessionFault && state.bgp.some((s) => s.vrf === 'default' && options.fabric.includes(s.peer) && s.state === 'Idle');
      logger.warn(`not converged after 2 minutes: ${c.blockers.join('; ')}${idle ? `; ${options.idleSessionFault}` : ''}`);
    }
    options.onUpdate(state, c);
    const seconds = Math.round((now() - started) / 1000);
    if (endOfRibPending && options.endOfRib && seconds > options.endOfRib.boundSeconds + endOfRibWatchMarginSeconds) {
      // A fabric session that never came up: bgpd has long stopped waiting, and so does this.
      endOfRibPending = false;
      logger.info(
        `End-of-RIB not sent to every fabric peer ${seconds} s after FRR started: a fabric session is not Established (the convergence lines say which); no longer watched`,
      );
    } else if (endOfRibPending && options.endOfRib) {
      // Only until it is said: one more question per poll for the first minute or so.
      const eor = endOfRibState(
        JSON.parse(await vtyCommand(options.runDir, 'bgpd', 'show bgp vrf all neighbors json')) as unknown,
        options.fabric,
        options.vrf,
      );
      if (eor.fabricTold) {
        endOfRibPending = false;
        const { line, warn } = describeEndOfRib(eor, seconds, options.endOfRib.boundSeconds);
        logger[warn ? 'warn' : 'info'](line);
      }
    }
  };
  // Until bgpd and bfdd are up, their vty sockets refuse: expected at start and not worth a line.
  const polling = every(options.intervalMs, poll, () => undefined, { immediately: true });
  return { stop: () => polling.stop(), bfdSessionsUp: () => bfdUp };
}
