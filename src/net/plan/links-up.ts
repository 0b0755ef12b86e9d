import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';

export function planLinksUp(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const names = [desired.vrf.name, desired.vrfLeg, desired.hostLeg];
  const actions: Action[] = names.filter((name) => linkNamed(observed, name)?.up !== true).map((link) => ({ op: 'set-up', link }));
  return { step: 'links-up', subject: names.join(', '), actions };
}
