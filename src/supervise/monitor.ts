import { execa } from 'execa';
import { vtyCommand } from './vty-client.js';
import type { Logger } from '../log.js';
import { adminDownSessions, type BfdPacketSession } from './bfd-admin-down.js';
import { every } from './every.js';
import { convergence, describeConvergence, parseBfdPeers, parseBgpSummary, sessionChanges, type Convergence, type SessionState } from './sessions.js';

export interface MonitorOptions {
  /** vtysh and its options, for the drain (a configuration change, which vtysh applies to every daemon). */
  readonly vtysh: readonly string[];
  /** Where the daemons' vty sockets are (FRR_RUN_DIR with the pathspace). */
  readonly runDir: string;
  readonly intervalMs: number;
  readonly fabric: readonly string[];
  readonly vrf: string;
  readonly bfd: boolean;
  readonly drain: boolean;
  readonly logger: Logger;
  readonly onUpdate: (state: SessionState, c: Convergence) => void;
}

/**
 * Asks FRR for its sessions every interval and logs each change as one line, then one line when
 * the node has converged (or, after two minutes, what keeps it from converging). Applies the
 * drain (RFC 8326 graceful shutdown) once bgpd answers: at run time, never saved in frr.conf.
 */
export interface SessionMonitor {
  stop(): Promise<void>;
  /** The BFD sessions that were up at the last poll, for the AdminDown of a planned stop. */
  bfdSessionsUp(): readonly BfdPacketSession[];
}

export function monitorSessions(options: MonitorOptions): SessionMonitor {
  const { logger } = options;
  const started = Date.now();
  let previous: SessionState = { bgp: [], bfd: [] };
  let convergedOnce = false;
  let blockersReported = false;
  let drainApplied = !options.drain;
  let bfdUp: readonly BfdPacketSession[] = [];
  const vtysh = async (...commands: string[]) => {
    const [program = 'vtysh', ...args] = options.vtysh;
    // cleanup: false keeps execa from installing signal-exit handlers, which would re-raise a
    // SIGTERM and kill the supervisor before it could stop FRR.
    return execa(program, [...args, ...commands.flatMap((c) => ['-c', c])], { timeout: 10_000, cleanup: false });
  };
  const poll = async () => {
    // Straight to the daemons' vty sockets: no process per poll.
    const bgpJson = JSON.parse(await vtyCommand(options.runDir, 'bgpd', 'show bgp vrf all summary json')) as unknown;
    const bfdJson = options.bfd ? (JSON.parse(await vtyCommand(options.runDir, 'bfdd', 'show bfd peers json')) as unknown) : [];
    bfdUp = adminDownSessions(bfdJson);
    if (!drainApplied) {
      await vtysh('configure terminal', 'bgp graceful-shutdown');
      drainApplied = true;
      logger.warn('drain on: every route is advertised with the GRACEFUL_SHUTDOWN community (RFC 8326); set BGP_GRACEFUL_SHUTDOWN=false to end it');
    }
    const state: SessionState = { bgp: parseBgpSummary(bgpJson), bfd: parseBfdPeers(bfdJson) };
    for (const line of sessionChanges(previous, state)) logger.child({ component: line.startsWith('bfd') ? 'bfd' : 'bgp' }).info(line);
    previous = state;
    const c = convergence(state, options.fabric, options.vrf);
    if (c.converged && !convergedOnce) {
      convergedOnce = true;
      logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, `converged: ${describeConvergence(c)}`);
    } else if (!c.converged && convergedOnce) {
      convergedOnce = false;
      logger.warn(`no longer converged: ${c.blockers.join('; ')}`);
    } else if (!c.converged && !blockersReported && Date.now() - started > 120_000) {
      blockersReported = true;
      logger.warn(`not converged after 2 minutes: ${c.blockers.join('; ')}`);
    }
    options.onUpdate(state, c);
  };
  // Until bgpd and bfdd are up, their vty sockets refuse: expected at start and not worth a line.
  const polling = every(options.intervalMs, poll, () => undefined, { immediately: true });
  return { stop: () => polling.stop(), bfdSessionsUp: () => bfdUp };
}
