import type { DesiredKernelState } from '../desired-state.js';
import type { ObservedState } from '../observed-state.js';
import type { StepPlan } from './actions.js';
import { planAddresses } from './addresses.js';
import { planLinksUp } from './links-up.js';
import { planMtu } from './mtu.js';
import { planRules } from './rules.js';
import { simulate } from './simulate.js';
import { planSysctls } from './sysctls.js';
import { planVeth } from './veth.js';
import { planVrf } from './vrf.js';

export type Planner = (desired: DesiredKernelState, observed: ObservedState) => StepPlan;

/**
 * The steps in the order they must run: each needs what the ones before it made. The rules come
 * after the VRF: the kernel adds its l3mdev rules with the first VRF of a namespace, without
 * looking for existing ones, so rules added before would end up twice.
 */
export const planners: readonly Planner[] = [planVrf, planVeth, planMtu, planAddresses, planLinksUp, planRules, planSysctls];

/**
 * Every step's changes from `observed`, each step seeing the state the earlier ones would leave.
 * Pure. Throws (HostMismatchError) before any change when the kernel holds something the
 * product must not repair on its own.
 */
export function planKernelState(desired: DesiredKernelState, observed: ObservedState): StepPlan[] {
  let state = observed;
  return planners.map((planner) => {
    const plan = planner(desired, state);
    state = plan.actions.reduce(simulate, state);
    return plan;
  });
}

export { describeAction, outcomeOf, type Action, type StepPlan } from './actions.js';
