import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import { linkRef, withLink, type Action, type StepPlan } from './action.js';

/** The VRF and both legs administratively up. */
export function planLinksUp(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const names = [desired.vrf.name, desired.vrfLeg, desired.hostLeg];
  const actions = names.filter((name) => linkNamed(observed, name)?.up !== true).map(setUp);
  return { step: 'links-up', subject: names.join(', '), actions };
}

function setUp(link: string): Action {
  const description = `set ${link} up`;
  return {
    description,
    effect: 'changes',
    changesLinks: false,
    simulate: (state) => withLink(state, link, { up: true }),
    execute: (kernel, state) => kernel.rtnl.setUp(linkRef(state, link, description)),
  };
}
