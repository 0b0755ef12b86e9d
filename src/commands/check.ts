import { FrrRejectedError } from '../errors.js';
import { checkWithFrr } from '../frr/check.js';
import { describeCheck } from '../frr/check-plan.js';
import { checkPlanOf } from '../frr/check-plan-store.js';
import { installedFrr } from '../frr/installation.js';
import { extraConfigIn, prepareConfig, readInput, type CommandIo, type PrepareOptions } from './prepare-config.js';

export interface CheckOptions extends PrepareOptions {
  /** FRR_BIN_DIR instead of the settings' (where the daemons are). */
  readonly frrDir?: string;
  readonly vtysh?: string;
  /** An existing frr.conf to check instead of the rendered one (the settings still pick the daemons). */
  readonly configFile?: string;
}

/** Everything `render` does, then FRR's own check of the result; FRR's complaints line by line. */
export async function checkCommand(options: CheckOptions, io: CommandIo): Promise<void> {
  const { files, settings } = await prepareConfig(options, io);
  const frrConf = options.configFile ? await readInput(options.configFile, 'frr.conf', io) : files['frr.conf'];
  const facts = await installedFrr({ ...settings.frr, binDir: options.frrDir ?? settings.frr.binDir }, settings.bfd, options.vtysh);
  // The image's plan, else probed at every check: `check` writes nothing to remember it in.
  const plan = await checkPlanOf(facts, undefined);
  const result = await checkWithFrr(frrConf, facts, plan, extraConfigIn(frrConf, settings));
  if (!result.ok) throw new FrrRejectedError('FRR rejected the rendered frr.conf; nothing was started', result.complaints);
  for (const note of plan.notes) io.note(note);
  io.note(`frr.conf accepted by FRR ${facts.version.text} (${describeCheck(plan)})`);
}
