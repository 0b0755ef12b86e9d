import { frrVariables } from '../config/variables-frr.js';
import { describeCheck } from '../frr/check-plan.js';
import { writeImageCheckPlan } from '../frr/check-plan-store.js';
import { installedFrr } from '../frr/installation.js';
import type { CommandIo } from './prepare-config.js';

export interface ProbeOptions {
  /** Where the FRR daemons are (default: FRR_BIN_DIR's default). */
  readonly frrDir?: string;
  /** The file the plan goes to: the image's, beside the bundle (check-plan-store.ts). */
  readonly out: string;
}

/** FRR's places as a start without these settings has them: the image's. */
function defaultOf(name: 'FRR_BIN_DIR' | 'FRR_CONFIG_DIR' | 'FRR_RUN_DIR'): string {
  const spec = frrVariables.find((variable) => variable.name === name);
  return spec && 'defaultValue' in spec ? String(spec.defaultValue) : '';
}

/**
 * The image's build: asks the FRR it ships how it can check a config (check-plan.ts) and writes
 * the answer for every start of that image to take. No settings: it asks for both sets of daemons
 * a node may run, with bfdd (ENABLE_BFD, the default) and without.
 */
export async function probeCommand(options: ProbeOptions, io: CommandIo): Promise<void> {
  const binDir = options.frrDir ?? defaultOf('FRR_BIN_DIR');
  const location = { binDir, configDir: defaultOf('FRR_CONFIG_DIR'), runDir: defaultOf('FRR_RUN_DIR'), pathspace: undefined, startCommand: undefined };
  const each = [await installedFrr(location, true), await installedFrr(location, false)];
  const plans = await writeImageCheckPlan(each, options.out);
  for (const note of new Set(plans.flatMap((plan) => plan.notes))) io.note(note);
  const [withBfd, withoutBfd] = plans.map((plan) => describeCheck(plan));
  io.note(`${options.out}: FRR ${each[0]?.version.text} in ${binDir} checks a config with ${withBfd} (with BFD), ${withoutBfd} (without)`);
}
