import { applyKernelState } from '../net/apply.js';
import { desiredKernelState } from '../net/desired-state.js';
import { observe, type Kernel } from '../net/kernel.js';
import { outcomeOf, planKernelState } from '../net/plan.js';
import { ownedSnapshot } from '../net/snapshot.js';
import { waitForFabric } from '../net/wait-for-fabric.js';
import { resolveFabricInterfaces, type FabricInterface } from '../net/resolve-interfaces.js';
import type { Rtnl } from '../net/rtnl.js';
import type { Settings } from '../config/settings.js';
import { loadCommandSettings, type CommandIo, type SettingsOptions } from './prepare-config.js';

export interface PlanOptions extends SettingsOptions {
  readonly json?: boolean;
}

/** Prints the changes `setup` would make to this host's kernel. Changes nothing. */
export async function planCommand(options: PlanOptions, io: CommandIo): Promise<void> {
  const settings = await loadCommandSettings(options, io);
  const rtnl = io.openRtnl();
  try {
    const kernel: Kernel = { rtnl, sysctl: io.sysctl };
    const fabric = resolveFabricInterfaces(settings.fabric, await rtnl.listLinks());
    const desired = desiredKernelState(settings, fabric);
    const observed = await observe(kernel, desired);
    if (options.json) {
      // The snapshot is printed even when the plan stops on a conflict, with the error beside it.
      const snapshot = ownedSnapshot(desired, observed);
      try {
        const steps = planKernelState(desired, observed).map((plan) => ({
          step: plan.step,
          outcome: outcomeOf(plan),
          actions: plan.actions.map((action) => action.description),
        }));
        io.stdout(`${JSON.stringify({ steps, snapshot }, null, 2)}\n`);
      } catch (error) {
        io.stdout(`${JSON.stringify({ error: (error as Error).message, snapshot }, null, 2)}\n`);
        throw error;
      }
      return;
    }
    const steps = planKernelState(desired, observed);
    for (const plan of steps) {
      const outcome = outcomeOf(plan);
      io.stdout(`${plan.step}: ${outcome === 'unchanged' ? 'unchanged' : `would be ${outcome}`} (${plan.subject})\n`);
      for (const action of plan.actions) io.stdout(`  would ${action.description}\n`);
    }
  } finally {
    rtnl.close();
  }
}

/**
 * The settings' fabric interfaces, waited for as long as FE_WAIT_SECONDS says (`onWait` hears
 * why while it waits): what `setup` and `run` build the kernel state from.
 */
export function waitForFabricOf(settings: Settings, rtnl: Rtnl, onWait: (reason: string) => void): Promise<FabricInterface[]> {
  return waitForFabric(settings.fabric, () => rtnl.listLinks(), { timeoutMs: settings.fabricWaitSeconds * 1000, onWait });
}

/** Validates, waits for the fabric interfaces, then brings the kernel to the desired state (apply.ts). */
export async function setupCommand(options: SettingsOptions, io: CommandIo): Promise<void> {
  const settings = await loadCommandSettings(options, io);
  const rtnl = io.openRtnl();
  try {
    const kernel: Kernel = { rtnl, sysctl: io.sysctl };
    const fabric = await waitForFabricOf(settings, rtnl, (reason) => io.note(reason));
    io.note(`fabric interfaces: ${fabric.map((i) => i.name).join(', ')}`);
    await applyKernelState(desiredKernelState(settings, fabric), kernel, ({ plan, outcome }) => {
      io.note(`${plan.step}: ${outcome} (${plan.subject})`);
      for (const action of plan.actions) io.note(`  ${action.description}`);
    });
  } finally {
    rtnl.close();
  }
}
