import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import { FrrRejectedError } from '../errors.js';
import { checkUnlessAcceptedBefore } from '../frr/check-verdict.js';
import { describeCheck, type FrrFacts } from '../frr/facts.js';
import { assertStartable, describeStartCommand, startCommand, startEnvironment, startLines } from '../frr/start-script.js';
import { installedFrr } from '../frr/installation.js';
import { createLogger, type Logger } from '../log.js';
import { applyKernelState } from '../net/apply.js';
import { desiredKernelState } from '../net/desired-state.js';
import { observe, type Kernel } from '../net/kernel.js';
import { describeAction, planKernelState } from '../net/plan/index.js';
import type { Rtnl } from '../net/rtnl.js';
import { waitForFabric } from '../net/wait-for-fabric.js';
import { createRenderer } from '../render/render.js';
import { findTemplateDir } from '../render/template-dir.js';
import { buildView, frrLogFile } from '../render/view.js';
import { writeRenderedFiles, writeSplitConfigStubs } from '../render/write-files.js';
import { startChild, type Child } from '../supervise/child.js';
import { describeEnd, exitCodeFor, type ChildEnd } from '../supervise/exit-policy.js';
import { clearStaleRunFiles, clearStaleScratchDirs } from '../supervise/frr-processes.js';
import { parseFrrLine } from '../supervise/frr-line.js';
import { tailFrrLog } from '../supervise/frr-log-tail.js';
import { stopFrr } from '../supervise/frr-stop.js';
import { monitorSessions } from '../supervise/monitor.js';
import { nodeIpProblem, waitForFabricReady } from '../supervise/preflight.js';
import { frrIds, prepareRunDir } from '../supervise/run-dir.js';
import { writeStatus, type NodeStatus } from '../supervise/status-file.js';
import { ExitCode, HostMismatchError } from '../errors.js';
import { watchConfigApply } from '../supervise/apply-watch.js';
import { loadCommandSettings, type CommandIo, type SettingsOptions } from './prepare-config.js';

/** Signals the supervisor handles itself; others are forwarded to FRR's start command. */
const stopSignals = ['SIGTERM', 'SIGINT'] as const;
const forwardedSignals = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

export interface RunIo extends CommandIo {
  /** Registers a handler for the signals the supervisor receives; returns the unregister. */
  onSignals(signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void): () => void;
}

/**
 * The container entrypoint: settings -> FRR's facts -> fabric -> render -> FRR's check -> kernel
 * -> files -> pre-flight -> FRR -> supervision until a stop signal
 * (exit 0) or until FRR's watchdog ends (exit non-zero, so Talos restarts the service). Everything
 * that can refuse a setting or a config does so before the kernel is touched. Returns the exit code.
 */
export async function runCommand(options: SettingsOptions, io: RunIo): Promise<number> {
  // Warnings wait for the logger, which the settings configure (LOG_FORMAT).
  const warnings: string[] = [];
  const settings = await loadCommandSettings(options, io, (warning) => warnings.push(warning));
  const root = createLogger(settings.logFormat, io.stdout);
  const log = root.child({ component: 'supervisor' });
  for (const warning of warnings) log.warn(warning);
  log.info(`starting: NODE_IP=${settings.nodeIp.text} ASN_LOCAL=${settings.asnLocal} VRF ${settings.vrfName} peer link ${settings.peer.frr.text}/${settings.peer.prefixLength}`);

  const facts = await installedFrr(settings.frr, settings.bfd);
  log.info(`FRR ${facts.version.text}: daemons ${facts.daemons.join(', ')}`);
  const rtnl = io.openRtnl();
  try {
    const kernel: Kernel = { rtnl, sysctl: io.sysctl };
    const fabric = await waitForFabric(settings.fabric, () => rtnl.listLinks(), { timeoutMs: settings.fabricWaitSeconds * 1000, onWait: (reason) => log.warn(reason) });
    const fabricNames = fabric.map((i) => i.name);
    log.info(`fabric interfaces: ${fabricNames.join(', ')}`);

    const files = createRenderer(findTemplateDir(io.env.FRR_SUPERVISOR_TEMPLATES, 'FRR_SUPERVISOR_TEMPLATES'))(buildView(settings, fabric));
    const renderedAt = new Date().toISOString();
    const verdict = await checkUnlessAcceptedBefore(settings.frr.configDir, files['frr.conf'], facts);
    const check = verdict.result;
    if (!check.ok) throw new FrrRejectedError('FRR rejected the rendered frr.conf; nothing was changed and FRR was not started', check.complaints);
    if (!verdict.reused) for (const note of facts.check.notes) log.info(note);

    const start = settings.frr.startCommand ?? startCommand(facts);
    assertStartable(start, facts, settings.frr.startCommand !== undefined);
    const desired = desiredKernelState(settings, fabric);
    planKernelState(desired, await observe(kernel, desired));
    const kernelLog = root.child({ component: 'kernel' });
    await applyKernelState(desired, kernel, ({ plan, outcome }) => {
      kernelLog.info(`${plan.step}: ${outcome}${plan.actions.length ? `: ${plan.actions.map(describeAction).join('; ')}` : ''}`);
    });

    await writeRenderedFiles(settings.frr.configDir, files);
    await writeSplitConfigStubs(settings.frr.configDir, facts.mgmtdReadsSplitConfigs);
    await verdict.remember();
    log.info(
      verdict.reused
        ? `frr.conf unchanged in ${settings.frr.configDir}, and so are the FRR programs that accepted it: FRR's check not repeated`
        : `frr.conf written to ${settings.frr.configDir} and accepted by FRR's check (${describeCheck(facts.check)})`,
    );

    await preflight(settings, fabricNames, rtnl, log);
    const status = statusKeeper(settings, files['frr.conf'], renderedAt, check.complaints);
    return await superviseFrr(settings, facts, start, fabricNames, root, io, status);
  } finally {
    rtnl.close();
  }
}

async function preflight(settings: Settings, fabric: readonly string[], rtnl: Rtnl, log: Logger): Promise<void> {
  const nodeIp = nodeIpProblem(settings.nodeIp, await rtnl.listAddresses());
  if (nodeIp) throw new HostMismatchError(`${nodeIp}; FRR was not started`);
  await waitForFabricReady(fabric, async () => ({ links: await rtnl.listLinks(), addresses: await rtnl.listAddresses() }), settings.fabricWaitSeconds * 1000, (problems) =>
    log.warn(`waiting up to ${settings.fabricWaitSeconds} s: ${problems.join('; ')}`),
  );
  const logFile = frrLogFile(settings);
  await prepareRunDir(settings.frr.runDir, logFile);
  const stale = await clearStaleRunFiles(settings.frr.runDir);
  if (stale.length > 0) log.info(`removed stale FRR run files from an earlier run: ${stale.join(', ')}`);
  const ids = await frrIds();
  const scratch = ids ? await clearStaleScratchDirs(ids) : [];
  for (const { name, crashLog } of scratch) if (crashLog) log.warn(`${name} crashed in an earlier run; its crash log: ${crashLog}`);
  if (scratch.length > 0) log.info(`removed the scratch directories of ${scratch.length} FRR process${scratch.length > 1 ? 'es' : ''} gone since an earlier run`);
}

async function superviseFrr(settings: Settings, facts: FrrFacts, command: readonly string[], fabric: readonly string[], root: Logger, io: RunIo, status: ReturnType<typeof statusKeeper>): Promise<number> {
  const log = root.child({ component: 'supervisor' });
  const tail = tailFrrLog(frrLogFile(settings), root);
  const [program = '', ...args] = command;
  const env = startEnvironment(io.env, settings.frr.pathspace);
  const apply = watchConfigApply({
    vtysh: facts.vtysh,
    logger: log,
    onStatus: ({ state, problems, repairs }) => void status.update({ configApply: { state, at: new Date().toISOString(), problems, repairs } }),
  });
  log.info(`starting FRR: ${describeStartCommand(command)}`);
  // Until the start script hands over to watchfrr, a stop must end the script first, or it
  // would start a daemon after the stop has looked for them.
  let scriptRunning = settings.frr.startCommand === undefined;
  // watchfrr prints FRR-style lines, and so do daemons before they fork: log them under their name.
  const child: Child = startChild(program, args, {
    env,
    onLine: (line) => {
      const parsed = parseFrrLine(line);
      root.child({ component: parsed.daemon ?? (scriptRunning ? 'frr-start' : 'watchfrr') })[parsed.level](parsed.message);
      if (parsed.daemon === 'frr-start' && parsed.message === startLines.watching) scriptRunning = false;
      apply.observe(parsed.message);
    },
  });
  await status.update({ frr: { state: 'running', drain: settings.gracefulShutdown } });
  const monitor = monitorSessions({
    vtysh: facts.vtysh,
    runDir: facts.runDir,
    intervalMs: settings.sessionPollSeconds * 1000,
    fabric,
    vrf: settings.vrfName,
    bfd: settings.bfd,
    drain: settings.gracefulShutdown,
    logger: log,
    onUpdate: (state, c) => void status.update({ converged: c.converged, convergence: c, sessions: state }).catch(() => undefined),
  });

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
  const outcome = await Promise.race([stopRequested.then((signal) => ({ signal })), child.ended.then((end) => ({ end })), apply.unrecoverable.then((problems) => ({ problems }))]);
  unforward();

  const stop = async () => {
    await status.update({ frr: { state: 'stopping', drain: settings.gracefulShutdown } });
    await monitor.stop();
    await apply.stop();
    if (scriptRunning && child.signal('SIGTERM')) await Promise.race([child.ended, new Promise((resolve) => setTimeout(resolve, 1000))]);
    const report = await stopFrr(facts);
    child.signal('SIGTERM');
    await Promise.race([child.ended, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await tail.stop();
    await status.update({ frr: { state: 'stopped', drain: settings.gracefulShutdown } });
    return report;
  };

  if ('signal' in outcome) {
    log.info(`${outcome.signal} received: stopping FRR as its own stop does (watchfrr, then each daemon with SIGINT, zebra last)`);
    const report = await stop();
    log.info(`FRR stopped in ${report.ms} ms: ${report.stopped.join(', ') || 'nothing was running'}${report.killed.length ? `; killed after the deadline: ${report.killed.join(', ')}` : ''}`);
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
  const code = exitCodeFor(end);
  return code === 0 ? 1 : code;
}

function statusKeeper(settings: Settings, frrConf: string, renderedAt: string, complaints: readonly string[]) {
  const path = join(settings.frr.runDir, 'frr-supervisor-status.json');
  let current: NodeStatus = {
    updatedAt: renderedAt,
    configSha256: createHash('sha256').update(frrConf).digest('hex'),
    lastRender: { at: renderedAt, ok: true },
    lastCheck: { at: renderedAt, ok: complaints.length === 0, complaints },
    frr: { state: 'starting', drain: settings.gracefulShutdown },
    configApply: { state: 'applying', at: renderedAt, problems: [], repairs: 0 },
    converged: false,
  };
  let writing = Promise.resolve();
  return {
    update(change: Partial<NodeStatus>): Promise<void> {
      current = { ...current, ...change, updatedAt: new Date().toISOString() };
      const snapshot = current;
      writing = writing.then(() => writeStatus(path, snapshot)).catch(() => undefined);
      return writing;
    },
  };
}
