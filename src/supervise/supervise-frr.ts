import type { ListenAddress } from '../config/schema.js';
import type { Environment, Settings } from '../config/settings.js';
import { ExitCode } from '../errors.js';
import type { FrrFacts } from '../frr/facts.js';
import { speakerEndOfRibWaitSeconds } from '../frr/graceful-restart.js';
import { describeStartCommand, startEnvironment, startLines } from '../frr/start-script.js';
import { idleSessionFault } from '../frr/version.js';
import type { Logger } from '../log.js';
import { frrLogFile } from '../frr/log-file.js';
import type { CodeCache } from '../code-cache.js';
import { watchConfigApply } from './apply-watch.js';
import { watchfrrRestarts } from './config-apply.js';
import { startChild, type Child } from './child.js';
import { describeEnd, exitCodeForUnaskedEnd, type ChildEnd } from './exit-policy.js';
import { loggedText, parseFrrLine } from './frr-line.js';
import { tailFrrLog } from './frr-log-tail.js';
import { sendAdminDown } from './bfd-admin-down.js';
import { stopFrr } from './frr-stop.js';
import { bfdProfilesIn, drainControl } from './drain.js';
import { serveMetrics, type MetricsServer } from './metrics-server.js';
import { renderMetrics } from './metrics.js';
import { monitorSessions } from './monitor.js';
import type { NodeStatus, StatusKeeper } from './status-file.js';

/** Signals the supervisor handles itself; others are forwarded to FRR's start command. */
const stopSignals = ['SIGTERM', 'SIGINT'] as const;
const forwardedSignals = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

/** The live drain switch's link, as the kernel shows it (drain.ts). */
export interface DrainLink {
  present(): Promise<boolean>;
  /** Calls `onChange` when links change; returns the stop. */
  watch(onChange: () => void): () => void;
}

export interface SupervisionIo {
  readonly env: Environment;
  /** Registers a handler for the signals the supervisor receives; returns the unregister. */
  onSignals(signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void): () => void;
  /** The entry's code cache (src/code-cache.ts). */
  readonly codeCache: CodeCache;
}

/** What `run` hands over once FRR's config is written: what to start and watch, and where to say it. */
export interface SupervisedRun {
  readonly settings: Settings;
  readonly facts: FrrFacts;
  /** FRR's start command. */
  readonly command: readonly string[];
  /** Every fabric peer as FRR names its session: the ports' unnumbered ones and FABRIC_PEERS. */
  readonly fabric: readonly string[];
  readonly frrConf: string;
  readonly drainLink: DrainLink;
  readonly logger: Logger;
  readonly status: StatusKeeper;
  /** bgpd starts with -K (graceful-restart.ts): the fabric's End-of-RIB is watched and said. */
  readonly restartedGracefully: boolean;
}

/** What a stop does to the world outside the supervisor: replaced in the policy's unit test. */
export interface StopParts {
  readonly sendAdminDown: typeof sendAdminDown;
  readonly stopFrr: typeof stopFrr;
}

const realStopParts: StopParts = { sendAdminDown, stopFrr };

/**
 * The supervision policy: starts FRR, follows its log, its config apply and its sessions into
 * the log and the status file, and ends on the first of a stop signal (FRR stopped as its own
 * stop does, exit 0), a config FRR refuses at run time (exit 65), or FRR's start command ending
 * by itself (what is left stopped, a non-zero exit so that Talos restarts the service).
 */
export async function superviseFrr(run: SupervisedRun, io: SupervisionIo, parts: StopParts = realStopParts): Promise<number> {
  const { settings, facts, command, fabric, frrConf, drainLink, logger: root, status, restartedGracefully } = run;
  const log = root.child({ component: 'supervisor' });
  const tail = tailFrrLog(frrLogFile(settings), root);
  // The drain waits for FRR to run the whole config (drain.ts); the apply watch says when.
  let configApplied = false;
  const drain = drainControl({
    setting: settings.gracefulShutdown,
    vtysh: facts.vtysh,
    bfdProfiles: settings.bfd ? bfdProfilesIn(frrConf) : [],
    configApplied: () => configApplied,
    logger: log,
    onChange: (state) => void status.update({ drain: state }),
  });
  let frrState: NodeStatus['frr']['state'] = 'running';
  const frrStatus = (state: NodeStatus['frr']['state']) => {
    frrState = state;
    return status.update({ frr: { state, drain: drain.state().on } });
  };
  // The live switch: every change of links is looked at, so the drain follows within moments.
  const lookAtDrainLink = async () => {
    drain.setLink(await drainLink.present());
    await drain.sync();
    await frrStatus(frrState);
  };
  const metrics = settings.metrics ? await startMetrics(settings.metrics, status, log) : undefined;
  const [program = '', ...args] = command;
  const env = startEnvironment(io.env, settings.frr.pathspace);
  const apply = watchConfigApply({
    vtysh: facts.vtysh,
    logger: log,
    onStatus: ({ state, problems, repairs }) => {
      configApplied = state === 'applied';
      void status.update({ configApply: { state, at: new Date().toISOString(), problems, repairs } });
      // A drain asked for while the config was being applied goes on now, not at the next poll.
      if (configApplied) void lookAtDrainLink().catch((error: unknown) => log.warn(`drain: ${(error as Error).message}; tried again at the next poll`));
    },
  });
  log.info(`starting FRR: ${describeStartCommand(command)}`);
  const frrStarted = Date.now();
  // Until the start script hands over to watchfrr, a stop must end the script first, or it
  // would start a daemon after the stop has looked for them.
  let scriptRunning = settings.frr.startCommand === undefined;
  // watchfrr's restarts, every daemon counted from 0 so that a first restart is an increase a rate() sees.
  const restartOf = watchfrrRestarts();
  await status.update({ daemonRestarts: Object.fromEntries(facts.daemons.map((daemon) => [daemon, 0])) });
  // watchfrr prints FRR-style lines, and so do daemons before they fork: log them under their name.
  const child: Child = startChild(program, args, {
    env,
    onLine: (line) => {
      const parsed = parseFrrLine(line);
      root.child({ component: parsed.daemon ?? (scriptRunning ? 'frr-start' : 'watchfrr') })[parsed.level](loggedText(parsed));
      if (parsed.daemon === 'frr-start' && parsed.message === startLines.watching) scriptRunning = false;
      apply.observe(parsed.message);
      const restarted = restartOf(parsed.message);
      if (restarted !== undefined) {
        const restarts = status.current().daemonRestarts ?? {};
        void status.update({ daemonRestarts: { ...restarts, [restarted]: (restarts[restarted] ?? 0) + 1 } }).catch(() => undefined);
      }
    },
  });
  await frrStatus('running');
  const unwatch = drainLink.watch(
    () => void lookAtDrainLink().catch((error: unknown) => log.warn(`drain switch: ${(error as Error).message}; looked at again at the next poll`)),
  );
  drain.setLink(await drainLink.present());
  const monitor = monitorSessions({
    runDir: facts.runDir,
    intervalMs: settings.sessionPollSeconds * 1000,
    fabric,
    vrf: settings.vrfName,
    bfd: settings.bfd,
    drain,
    logger: log,
    onUpdate: (state, c) => {
      // The first convergence of this run, for the metrics: how long FRR's start took to serve.
      const first =
        c.converged && status.current().convergedAfterSeconds === undefined ? { convergedAfterSeconds: Math.round((Date.now() - frrStarted) / 100) / 10 } : {};
      void status.update({ converged: c.converged, convergence: c, sessions: state, ...first }).catch(() => undefined);
    },
    idleSessionFault: idleSessionFault(facts.version, settings.bfd),
    endOfRib: restartedGracefully ? { boundSeconds: speakerEndOfRibWaitSeconds } : undefined,
  });
  // Everything a start runs has been compiled by now: keep it for the next start. `run` may end
  // by a signal it does not outlive, days from now, so not at its exit.
  io.codeCache.keep();

  // The handler stays for the whole run: when Talos signals every process, node gets SIGTERM
  // twice (directly, and once more from tini forwarding its own), and a second one arriving
  // without a handler would kill it in the middle of FRR's stop.
  let stopping = false;
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    io.onSignals([...stopSignals], (signal) => {
      if (stopping) return log.info(`${signal} received again: the stop is already under way`);
      stopping = true;
      resolve(signal);
    });
  });
  const unforward = io.onSignals([...forwardedSignals], (signal) => {
    if (!child.signal(signal)) log.warn(`${signal} not forwarded: FRR's start command has already ended`);
  });
  const outcome = await Promise.race([
    stopRequested.then((signal) => ({ signal })),
    child.ended.then((end) => ({ end })),
    apply.unrecoverable.then((problems) => ({ problems })),
  ]);
  unforward();

  const stop = async () => {
    // First, before bfdd stops: when the supervisor stops FRR itself (a config FRR refuses, a
    // stop signal to it alone) the leaves hear AdminDown before bfdd's Down. When Talos signals
    // every process at once, bfdd's Down is out first: the drain's AdminDown is the one in time.
    const { told, problems } = await parts.sendAdminDown(monitor.bfdSessionsUp());
    if (told > 0) log.info(`told ${told} BFD peer${told === 1 ? '' : 's'} the stop is planned (AdminDown)`);
    for (const problem of problems) log.warn(`BFD AdminDown not sent to ${problem}`);
    unwatch();
    await frrStatus('stopping');
    await monitor.stop();
    await apply.stop();
    if (scriptRunning && child.signal('SIGTERM')) await Promise.race([child.ended, new Promise((resolve) => setTimeout(resolve, 1000))]);
    const report = await parts.stopFrr(facts);
    child.signal('SIGTERM');
    await Promise.race([child.ended, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await tail.stop();
    await frrStatus('stopped');
    await metrics?.close();
    return report;
  };

  if ('signal' in outcome) {
    log.info(`${outcome.signal} received: stopping FRR as its own stop does (watchfrr, then each daemon with SIGINT, zebra last)`);
    const report = await stop();
    log.info(
      `FRR stopped in ${report.ms} ms: ${report.stopped.join(', ') || 'nothing was running'}${report.killed.length ? `; killed after the deadline: ${report.killed.join(', ')}` : ''}`,
    );
    return 0;
  }
  if ('problems' in outcome) {
    log.error('stopping FRR: it refuses part of frr.conf at run time, and a node running part of its config must not look healthy; the service restarts');
    await stop();
    return ExitCode.frrRejected;
  }
  const end: ChildEnd = outcome.end;
  log.error(`FRR's start command ${describeEnd(end)}; stopping what is left so that the service restarts`);
  await stop();
  return exitCodeForUnaskedEnd(end);
}

/** The metrics endpoint of METRICS_ADDRESS, or a WARN and none: metrics never keep FRR from starting. */
async function startMetrics(listen: ListenAddress, status: StatusKeeper, log: Logger): Promise<MetricsServer | undefined> {
  try {
    const server = await serveMetrics(listen, () => renderMetrics(status.current()));
    log.info(`Prometheus metrics at http://${server.address}/metrics`);
    return server;
  } catch (error) {
    log.warn(`metrics: cannot listen on METRICS_ADDRESS (${(error as Error).message}); no metrics until the service restarts`);
    return undefined;
  }
}
