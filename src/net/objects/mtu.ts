import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import { linkRef, withLink, type Action, type StepPlan } from './action.js';

/** The MTU of both legs, written only where it differs: every change is an RTM_NEWLINK event. */
export function planMtu(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions: Action[] = [];
  for (const name of [desired.hostLeg, desired.vrfLeg]) {
    const link = linkNamed(observed, name);
    if (link?.mtu !== desired.mtu) actions.push(setMtu(name, desired.mtu, link?.mtu ?? 0));
  }
  return { step: 'mtu', subject: `MTU ${desired.mtu}`, actions };
}

function setMtu(link: string, mtu: number, from: number): Action {
  const description = `set MTU of ${link} to ${mtu} (was ${from})`;
  return {
    description,
    effect: 'changes',
    changesLinks: false,
    simulate: (state) => withLink(state, link, { mtu }),
    execute: (kernel, state) => kernel.rtnl.setMtu(linkRef(state, link, description), mtu),
  };
}
