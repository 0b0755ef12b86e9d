import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';

/** The MTU of both legs, written only where it differs: every change is an RTM_NEWLINK event. */
export function planMtu(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions: Action[] = [];
  for (const name of [desired.hostLeg, desired.vrfLeg]) {
    const link = linkNamed(observed, name);
    if (link?.mtu !== desired.mtu) actions.push({ op: 'set-mtu', link: name, mtu: desired.mtu, from: link?.mtu ?? 0 });
  }
  return { step: 'mtu', subject: `MTU ${desired.mtu}`, actions };
}
