import type { DesiredKernelState } from '../desired-state.js';
import type { HostLink } from '../links.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import { linkRef, nextLinkIndex, withLink, type Action, type StepPlan } from './action.js';

/** The MTU the kernel gives a new veth leg. */
const vethDefaultMtu = 1500;

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
      actions.push(deleteLink(link.name, why));
    }
    actions.push(createVethPair(hostLeg, vrfLeg));
  }
  const vrfDevice = linkNamed(observed, desired.vrf.name);
  if (!paired || !vrfDevice || vrf?.masterIndex !== vrfDevice.index) actions.push(setMaster(vrfLeg, desired.vrf.name));
  return { step: 'veth', subject, actions };
}

function createVethPair(name: string, peer: string): Action {
  return {
    description: `create veth pair ${name} / ${peer}`,
    effect: 'creates',
    changesLinks: true,
    simulate(state) {
      const index = nextLinkIndex(state);
      const leg = (i: number, legName: string, peerIndex: number): HostLink => ({
        index: i,
        name: legName,
        mac: undefined,
        mtu: vethDefaultMtu,
        kind: 'veth',
        masterIndex: undefined,
        up: false,
        linkIndex: peerIndex,
      });
      // A new interface starts with the values of net.*.conf.default.
      const sysctls = new Map(state.sysctls);
      for (const [key, value] of state.sysctls) {
        const [, family, , link, parameter] = key.split('/');
        if (link !== 'default') continue;
        for (const legName of [name, peer]) sysctls.set(`net/${family}/conf/${legName}/${parameter}`, value);
      }
      return { ...state, links: [...state.links, leg(index, name, index + 1), leg(index + 1, peer, index)], sysctls };
    },
    execute: (kernel) => kernel.rtnl.createVethPair(name, peer),
  };
}

function deleteLink(name: string, why: string): Action {
  const description = `delete link ${name} (${why})`;
  return {
    description,
    effect: 'changes',
    changesLinks: true,
    simulate(state) {
      // A veth goes with its peer; links enslaved to it are freed; its addresses go with it.
      const link = linkNamed(state, name);
      const gone = new Set([link?.index, link?.kind === 'veth' ? link.linkIndex : undefined].filter((i) => i !== undefined));
      return {
        ...state,
        links: state.links
          .filter((l) => !gone.has(l.index))
          .map((l) => (l.masterIndex !== undefined && gone.has(l.masterIndex) ? { ...l, masterIndex: undefined } : l)),
        addresses: state.addresses.filter((a) => !gone.has(a.linkIndex)),
      };
    },
    execute: (kernel, state) => kernel.rtnl.deleteLink(linkRef(state, name, description)),
  };
}

function setMaster(link: string, master: string): Action {
  const description = `enslave ${link} to ${master}`;
  return {
    description,
    effect: 'changes',
    changesLinks: false,
    simulate: (state) => withLink(state, link, { masterIndex: linkNamed(state, master)?.index }),
    execute: (kernel, state) => kernel.rtnl.setMaster(linkRef(state, link, description), linkRef(state, master, description)),
  };
}
