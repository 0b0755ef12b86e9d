import { l3mdevRulePriority, type HostLink } from '../links.js';
import type { ObservedState } from '../observed-state.js';
import type { Action } from './actions.js';

/**
 * The state the kernel would be in after `action`: what `plan` uses to foresee later steps
 * without changing anything. The real-kernel tests hold it to what setup then really does.
 */
export function simulate(state: ObservedState, action: Action): ObservedState {
  const byName = (name: string) => state.links.find((link) => link.name === name);
  const nextIndex = () => Math.max(0, ...state.links.map((link) => link.index)) + 1;
  const withLink = (name: string, change: Partial<HostLink>): ObservedState => ({
    ...state,
    links: state.links.map((link) => (link.name === name ? { ...link, ...change } : link)),
  });
  switch (action.op) {
    case 'create-vrf': {
      // The first VRF of a namespace comes with the kernel's l3mdev rules (it does not add them
      // again for later VRFs; a namespace with none left is the closest sign of a first VRF).
      const hasL3mdev = state.rules.some((rule) => rule.l3mdev);
      const kernelRules = hasL3mdev ? [] : (['ipv4', 'ipv6'] as const).map((family) => ({ family, priority: l3mdevRulePriority, l3mdev: true, table: 0 }));
      const vrf: HostLink = { index: nextIndex(), name: action.name, mac: undefined, mtu: 65575, kind: 'vrf', masterIndex: undefined, up: false, vrfTable: action.table };
      return { ...state, links: [...state.links, vrf], rules: [...state.rules, ...kernelRules] };
    }
    case 'create-veth': {
      const index = nextIndex();
      const leg = (i: number, name: string, peer: number): HostLink => ({ index: i, name, mac: undefined, mtu: 1500, kind: 'veth', masterIndex: undefined, up: false, linkIndex: peer });
      // A new interface starts with the values of net.*.conf.default.
      const sysctls = new Map(state.sysctls);
      for (const [key, value] of state.sysctls) {
        const [, family, , link, parameter] = key.split('/');
        if (link !== 'default') continue;
        for (const leg of [action.name, action.peer]) sysctls.set(`net/${family}/conf/${leg}/${parameter}`, value);
      }
      return { ...state, links: [...state.links, leg(index, action.name, index + 1), leg(index + 1, action.peer, index)], sysctls };
    }
    case 'delete-link': {
      const link = byName(action.name);
      const gone = new Set([link?.index, link?.kind === 'veth' ? link.linkIndex : undefined].filter((i) => i !== undefined));
      return {
        ...state,
        links: state.links.filter((l) => !gone.has(l.index)).map((l) => (l.masterIndex !== undefined && gone.has(l.masterIndex) ? { ...l, masterIndex: undefined } : l)),
        addresses: state.addresses.filter((a) => !gone.has(a.linkIndex)),
      };
    }
    case 'set-master':
      return withLink(action.link, { masterIndex: byName(action.master)?.index });
    case 'set-mtu':
      return withLink(action.link, { mtu: action.mtu });
    case 'set-up':
      return withLink(action.link, { up: true });
    case 'add-address': {
      const link = byName(action.link);
      if (!link) return state;
      const family = action.address.includes(':') ? 'ipv6' : 'ipv4';
      return { ...state, addresses: [...state.addresses, { linkIndex: link.index, family, address: action.address, prefixLength: action.prefixLength, linkLocal: false }] };
    }
    case 'delete-address': {
      const link = byName(action.link);
      return { ...state, addresses: state.addresses.filter((a) => !(a.linkIndex === link?.index && a.address === action.address && a.prefixLength === action.prefixLength)) };
    }
    case 'add-rule':
      return { ...state, rules: [...state.rules, action.rule] };
    case 'delete-rule': {
      const i = state.rules.findIndex((r) => r.family === action.rule.family && r.priority === action.rule.priority && r.l3mdev === action.rule.l3mdev);
      return { ...state, rules: state.rules.filter((_, j) => j !== i) };
    }
    case 'set-sysctl':
      return { ...state, sysctls: new Map([...state.sysctls, [action.key, action.value]]) };
  }
}
