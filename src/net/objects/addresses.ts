import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import { linkRef, type Action, type StepPlan } from './action.js';

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
      removals.push(deleteAddress(want.link, stale.address, stale.prefixLength, `not ${want.address}/${want.prefixLength}`));
    }
    if (!present.some((a) => a.address === want.address && a.prefixLength === want.prefixLength)) {
      additions.push(addAddress(want.link, want.address, want.prefixLength));
    }
  }
  const subject = desired.addresses.map((a) => `${a.link} ${a.address}/${a.prefixLength}`).join(', ');
  return { step: 'addresses', subject, actions: [...removals, ...additions] };
}

function addAddress(link: string, address: string, prefixLength: number): Action {
  const description = `add ${address}/${prefixLength} to ${link}`;
  return {
    description,
    effect: 'adds',
    changesLinks: false,
    simulate(state) {
      const owner = linkNamed(state, link);
      if (!owner) return state;
      const family = address.includes(':') ? 'ipv6' : 'ipv4';
      return { ...state, addresses: [...state.addresses, { linkIndex: owner.index, family, address, prefixLength, linkLocal: false }] };
    },
    execute: (kernel, state) => kernel.rtnl.addAddress(linkRef(state, link, description), address, prefixLength),
  };
}

function deleteAddress(link: string, address: string, prefixLength: number, why: string): Action {
  const description = `remove ${address}/${prefixLength} from ${link} (${why})`;
  return {
    description,
    effect: 'changes',
    changesLinks: false,
    simulate(state) {
      const owner = linkNamed(state, link);
      return {
        ...state,
        addresses: state.addresses.filter((a) => !(a.linkIndex === owner?.index && a.address === address && a.prefixLength === prefixLength)),
      };
    },
    execute: (kernel, state) => kernel.rtnl.deleteAddress(linkRef(state, link, description), address, prefixLength),
  };
}
