import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';

/**
 * The veth pair, with its VRF leg enslaved to the VRF. The product owns both names: a link of
 * another kind, or a veth whose peer is not the other leg, is deleted and the pair recreated.
 */
export function planVeth(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const { hostLeg, vrfLeg } = desired;
  const subject = `veth pair ${hostLeg} / ${vrfLeg}`;
  const host = linkNamed(observed, hostLeg);
  const vrf = linkNamed(observed, vrfLeg);
  const actions: Action[] = [];
  const paired = host?.kind === 'veth' && vrf?.kind === 'veth' && host.linkIndex === vrf.index && vrf.linkIndex === host.index;
  if (!paired) {
    for (const link of [host, vrf]) {
      if (!link) continue;
      const why = link.kind !== 'veth' ? `a ${link.kind ?? 'plain link'}, not a veth` : 'its peer is not the other leg';
      actions.push({ op: 'delete-link', name: link.name, why });
    }
    actions.push({ op: 'create-veth', name: hostLeg, peer: vrfLeg });
  }
  const vrfDevice = linkNamed(observed, desired.vrf.name);
  if (!paired || !vrfDevice || vrf?.masterIndex !== vrfDevice.index) actions.push({ op: 'set-master', link: vrfLeg, master: desired.vrf.name });
  return { step: 'veth', subject, actions };
}
