import { applyKernelState } from '../net/apply.js';
import { desiredKernelState } from '../net/desired-state.js';
import { observe, type Kernel } from '../net/kernel.js';
import { outcomeOf, planKernelState } from '../net/plan.js';
import { ownedSnapshot } from '../net/snapshot.js';
import { waitForFabric } from '../net/wait-for-fabric.js';
import { resolveFabricInterfaces } from '../net/resolve-interfaces.js';
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
        const steps = planKernelState(desired, observed).map((plan) => ({ step: plan.step, outcome: outcomeOf(plan), actions: plan.actions.map((action) => action.description) }));
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
 * Validates, waits for the fabric interfaces, checks the whole plan (a VRF with another table
 * stops everything before the first change), then brings the kernel to the desired state.
 */
export async function setupCommand(options: SettingsOptions, io: CommandIo): Promise<void> {
  const settings = await loadCommandSettings(options, io);
  const rtnl = io.openRtnl();
  try {
    const kernel: Kernel = { rtnl, sysctl: io.sysctl };
    const fabric = await waitForFabric(settings.fabric, () => rtnl.listLinks(), {
      timeoutMs: settings.fabricWaitSeconds * 1000,
      onWait: (reason) => io.note(reason),
    });
    io.note(`fabric interfaces: ${fabric.map((i) => i.name).join(', ')}`);
    const desired = desiredKernelState(settings, fabric);
    planKernelState(desired, await observe(kernel, desired));
    await applyKernelState(desired, kernel, ({ plan, outcome }) => {
      io.note(`${plan.step}: ${outcome} (${plan.subject})`);
      for (const action of plan.actions) io.note(`  ${action.description}`);
    });
  } finally {
    rtnl.close();
  }
}
