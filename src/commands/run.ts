import { drainLinkName } from '../config/owned-names.js';
import { FrrRejectedError } from '../errors.js';
import { checkUnlessAcceptedBefore } from '../frr/check-verdict.js';
import { describeCheck } from '../frr/check-plan.js';
import { checkPlanOf } from '../frr/check-plan-store.js';
import { bgpdStart } from '../frr/graceful-restart.js';
import { installedFrr } from '../frr/installation.js';
import { assertStartable, startCommand } from '../frr/start-script.js';
import { createLogger } from '../log.js';
import { applyKernelState } from '../net/apply.js';
import { desiredKernelState } from '../net/desired-state.js';
import type { Kernel } from '../net/kernel.js';
import { writeRenderedFiles, writeSplitConfigStubs } from '../render/write-files.js';
import { preflight } from '../supervise/preflight.js';
import { statusKeeper } from '../supervise/status-file.js';
import { superviseFrr, type SupervisionIo } from '../supervise/supervise-frr.js';
import { waitForFabricOf } from './kernel-setup.js';
import { extraConfigIn, loadCommandSettings, renderConfig, type CommandIo, type SettingsOptions } from './prepare-config.js';

export interface RunIo extends CommandIo, SupervisionIo {}

/**
 * The container entrypoint: settings -> FRR's facts -> fabric -> render -> FRR's check -> a start
 * command that can run -> kernel -> files -> pre-flight -> FRR, supervised (supervise-frr.ts)
 * until a stop signal (exit 0) or until FRR ends by itself (exit non-zero, so Talos restarts the
 * service). Everything that can refuse a setting or a config does so before the kernel is
 * touched. Returns the exit code.
 */
export async function runCommand(options: SettingsOptions, io: RunIo): Promise<number> {
  // Warnings wait for the logger, which the settings configure (LOG_FORMAT).
  const warnings: string[] = [];
  const settings = await loadCommandSettings(options, io, (warning) => warnings.push(warning));
  const root = createLogger(settings.logFormat, io.stdout);
  const log = root.child({ component: 'supervisor' });
  for (const warning of warnings) log.warn(warning);
  log.info(
    `starting: NODE_IP=${settings.nodeIp.text} ASN_LOCAL=${settings.asnLocal} VRF ${settings.vrfName} peer link ${settings.peer.frr.text}/${settings.peer.prefixLength}, Node ${process.version}, code cache ${io.codeCache.state}`,
  );

  const facts = await installedFrr(settings.frr, settings.bfd);
  log.info(`FRR ${facts.version.text}: daemons ${facts.daemons.join(', ')}`);
  const rtnl = io.openRtnl();
  try {
    const kernel: Kernel = { rtnl, sysctl: io.sysctl };
    const fabric = await waitForFabricOf(settings, rtnl, (reason) => log.warn(reason));
    const fabricNames = fabric.map((i) => i.name);
    log.info(`fabric interfaces: ${fabricNames.join(', ')}`);

    // Read before anything changes: the speaker's routes zebra -r kept in the VRF's table through
    // the last stop. Only a restart's finesse: a kernel that cannot say makes it a first start.
    const kept = await rtnl.countBgpRoutes(settings.vrfTableId).catch((error: unknown) => {
      log.warn(`${(error as Error).message}: bgpd starts afresh, as after a reboot`);
      return 0;
    });
    const bgpd = bgpdStart(facts.version, kept);
    log[bgpd.warn ? 'warn' : 'info'](bgpd.why);
    const files = await renderConfig(settings, fabric, undefined, io, { bgpdRestartsGracefully: bgpd.gracefully });
    const renderedAt = new Date().toISOString();
    const plan = await checkPlanOf(facts, settings.frr.configDir);
    if (plan.source === 'probe') log.info(`FRR's check learned from a probe config: ${describeCheck(plan)}`);
    if (plan.source === 'image') log.info(`FRR's check as the image's build learned it from this FRR: ${describeCheck(plan)}`);
    const verdict = await checkUnlessAcceptedBefore(settings.frr.configDir, files['frr.conf'], facts, plan, extraConfigIn(files['frr.conf'], settings));
    const check = verdict.result;
    if (!check.ok) throw new FrrRejectedError('FRR rejected the rendered frr.conf; nothing was changed and FRR was not started', check.complaints);
    if (!verdict.reused) for (const note of plan.notes) log.info(note);

    const start = settings.frr.startCommand ?? startCommand(facts);
    assertStartable(start, facts, settings.frr.startCommand !== undefined);
    const desired = desiredKernelState(settings, fabric);
    const kernelLog = root.child({ component: 'kernel' });
    await applyKernelState(desired, kernel, ({ plan, outcome }) => {
      kernelLog.info(`${plan.step}: ${outcome}${plan.actions.length ? `: ${plan.actions.map((action) => action.description).join('; ')}` : ''}`);
    });

    await writeRenderedFiles(settings.frr.configDir, files, settings);
    await writeSplitConfigStubs(settings.frr.configDir, facts.mgmtdReadsSplitConfigs);
    await plan.remember();
    await verdict.remember();
    log.info(
      verdict.reused
        ? `frr.conf unchanged in ${settings.frr.configDir}, and so are the FRR programs that accepted it: FRR's check not repeated`
        : `frr.conf written to ${settings.frr.configDir} and accepted by FRR's check (${describeCheck(plan)})`,
    );

    await preflight(settings, fabricNames, rtnl, log);
    const status = statusKeeper(settings.frr.runDir, files['frr.conf'], renderedAt, check.complaints, settings.secrets);
    // Converged means a session with every fabric peer: the ports' unnumbered ones and FABRIC_PEERS.
    const fabricPeers = [...fabricNames, ...(settings.numberedPeers?.peers.map((peer) => peer.address.text) ?? [])];
    const drainLink = {
      present: async () => (await rtnl.listLinks()).some((link) => link.name === drainLinkName),
      watch: (onChange: () => void) => rtnl.watchLinks(onChange),
    };
    return await superviseFrr(
      {
        settings,
        facts,
        command: start,
        fabric: fabricPeers,
        frrConf: files['frr.conf'],
        drainLink,
        logger: root,
        status,
        restartedGracefully: bgpd.gracefully,
      },
      io,
    );
  } finally {
    rtnl.close();
  }
}
