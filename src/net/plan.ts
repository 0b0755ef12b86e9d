import type { DesiredKernelState } from './desired-state.js';
import type { ObservedState } from './observed-state.js';
import type { Action, StepPlan } from './objects/action.js';
import { planAddresses } from './objects/addresses.js';
import { planLinksUp } from './objects/links-up.js';
import { planMtu } from './objects/mtu.js';
import { planRules } from './objects/rules.js';
import { planSysctls } from './objects/sysctls.js';
import { planVeth } from './objects/veth.js';
import { planVrf } from './objects/vrf.js';

export type Planner = (desired: DesiredKernelState, observed: ObservedState) => StepPlan;

/**
 * The kernel objects in the order they must be made: each needs what the ones before it made.
 * The rules come after the VRF: the kernel adds its l3mdev rules with the first VRF of a
 * namespace, without looking for existing ones, so rules added before would end up twice.
 */
export const planners: readonly Planner[] = [planVrf, planVeth, planMtu, planAddresses, planLinksUp, planRules, planSysctls];

/** The state the kernel would be in after `actions`, as far as plan can foresee it. */
export function simulateAll(actions: readonly Action[], state: ObservedState): ObservedState {
  return actions.reduce((current, action) => action.simulate(current), state);
}

/**
 * Every step's changes from `observed`, each step seeing the state the earlier ones would leave.
 * Pure. Throws (HostMismatchError) before any change when the kernel holds something the
 * product must not repair on its own.
 */
export function planKernelState(desired: DesiredKernelState, observed: ObservedState): StepPlan[] {
  let state = observed;
  return planners.map((planner) => {
    const plan = planner(desired, state);
    state = simulateAll(plan.actions, state);
    return plan;
  });
}

export { outcomeOf, type Action, type StepPlan } from './objects/action.js';
