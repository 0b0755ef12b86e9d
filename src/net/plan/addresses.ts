import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';

/**
 * The peer addresses on the two legs. Other addresses on these owned links (left by an earlier
 * PEER_IP_*, or the same address with another prefix) are removed first; the kernel's own IPv6
 * link-local addresses are left alone.
 */
export function planAddresses(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const removals: Action[] = [];
  const additions: Action[] = [];
  for (const want of desired.addresses) {
    const link = linkNamed(observed, want.link);
    const present = link ? observed.addresses.filter((a) => a.linkIndex === link.index && !a.linkLocal) : [];
    for (const stale of present) {
      if (stale.address === want.address && stale.prefixLength === want.prefixLength) continue;
      removals.push({ op: 'delete-address', link: want.link, address: stale.address, prefixLength: stale.prefixLength, why: `not ${want.address}/${want.prefixLength}` });
    }
    if (!present.some((a) => a.address === want.address && a.prefixLength === want.prefixLength)) {
      additions.push({ op: 'add-address', link: want.link, address: want.address, prefixLength: want.prefixLength });
    }
  }
  const subject = desired.addresses.map((a) => `${a.link} ${a.address}/${a.prefixLength}`).join(', ');
  return { step: 'addresses', subject, actions: [...removals, ...additions] };
}
