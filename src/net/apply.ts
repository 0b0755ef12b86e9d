import { SystemError } from '../errors.js';
import type { DesiredKernelState } from './desired-state.js';
import { observe, type Kernel } from './kernel.js';
import { linkNamed, type ObservedState } from './observed-state.js';
import { describeAction, outcomeOf, planners, type Action, type StepPlan } from './plan/index.js';
import type { LinkRef } from './rtnl.js';

export interface StepReport {
  readonly plan: StepPlan;
  readonly outcome: ReturnType<typeof outcomeOf>;
}

/**
 * Brings the kernel to `desired`, step by step. Each step plans against a fresh look at the
 * kernel (not a prediction), acts, and is reported through `onStep`, so a run killed at any
 * point is simply finished by the next one.
 */
export async function applyKernelState(desired: DesiredKernelState, kernel: Kernel, onStep: (report: StepReport) => void): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const planner of planners) {
    const observed = await observe(kernel, desired);
    const plan = planner(desired, observed);
    let state = observed;
    for (const action of plan.actions) {
      await execute(action, state, kernel);
      // Later actions of the step refer to links the earlier ones may have created.
      if (action.op === 'create-vrf' || action.op === 'create-veth' || action.op === 'delete-link') state = await observe(kernel, desired);
    }
    const report = { plan, outcome: outcomeOf(plan) };
    onStep(report);
    reports.push(report);
  }
  return reports;
}

async function execute(action: Action, state: ObservedState, kernel: Kernel): Promise<void> {
  const { rtnl, sysctl } = kernel;
  const link = (name: string): LinkRef => {
    const found = linkNamed(state, name);
    if (!found) throw new SystemError(`cannot ${describeAction(action)}: link ${name} is gone`);
    return { index: found.index, name };
  };
  switch (action.op) {
    case 'create-vrf':
      return rtnl.createVrf(action.name, action.table);
    case 'create-veth':
      return rtnl.createVethPair(action.name, action.peer);
    case 'delete-link':
      return rtnl.deleteLink(link(action.name));
    case 'set-master':
      return rtnl.setMaster(link(action.link), link(action.master));
    case 'set-mtu':
      return rtnl.setMtu(link(action.link), action.mtu);
    case 'set-up':
      return rtnl.setUp(link(action.link));
    case 'add-address':
      return rtnl.addAddress(link(action.link), action.address, action.prefixLength);
    case 'delete-address':
      return rtnl.deleteAddress(link(action.link), action.address, action.prefixLength);
    case 'add-rule':
      return rtnl.addRule(action.rule);
    case 'delete-rule':
      return rtnl.deleteRule(action.rule);
    case 'set-sysctl':
      return sysctl.write(action.key, action.value);
  }
}
