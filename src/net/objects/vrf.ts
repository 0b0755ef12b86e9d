import { HostMismatchError } from '../../errors.js';
import type { DesiredKernelState } from '../desired-state.js';
import { l3mdevRulePriority, type HostLink } from '../links.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import { nextLinkIndex, type Action, type StepPlan } from './action.js';

/** The MTU the kernel gives a new VRF device. */
const vrfDeviceMtu = 65575;

/**
 * The VRF. One that exists with another table, or a link of another kind with its name, is an
 * error that says what to change: other things may route through it, so it is not ours to
 * rebuild silently.
 */
export function planVrf(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const { name, table } = desired.vrf;
  const subject = `VRF ${name} (table ${table})`;
  const existing = linkNamed(observed, name);
  if (!existing) return { step: 'vrf', subject, actions: [createVrf(name, table)] };
  if (existing.kind !== 'vrf') {
    throw new HostMismatchError(
      `a link named ${name} exists but is ${existing.kind ? `a ${existing.kind}` : 'not a VRF'}; nothing was changed. Set VRF_METALLB to another name, or remove that link (ip link del ${name})`,
    );
  }
  if (existing.vrfTable !== table) {
    throw new HostMismatchError(
      `VRF ${name} exists with table ${existing.vrfTable}, not ${table}; nothing was changed. Set METALLB_VRF_ROUTE_TABLE_ID=${existing.vrfTable}, or delete the VRF (ip link del ${name}) to have it recreated`,
    );
  }
  return { step: 'vrf', subject, actions: [] };
}

function createVrf(name: string, table: number): Action {
  return {
    description: `create VRF ${name} (table ${table})`,
    effect: 'creates',
    changesLinks: true,
    simulate(state) {
      // The first VRF of a namespace comes with the kernel's l3mdev rules (it does not add them
      // again for later VRFs; a namespace with none left is the closest sign of a first VRF).
      const hasL3mdev = state.rules.some((rule) => rule.l3mdev);
      const kernelRules = hasL3mdev ? [] : (['ipv4', 'ipv6'] as const).map((family) => ({ family, priority: l3mdevRulePriority, l3mdev: true, table: 0 }));
      const vrf: HostLink = {
        index: nextLinkIndex(state),
        name,
        mac: undefined,
        mtu: vrfDeviceMtu,
        kind: 'vrf',
        masterIndex: undefined,
        up: false,
        vrfTable: table,
      };
      return { ...state, links: [...state.links, vrf], rules: [...state.rules, ...kernelRules] };
    },
    execute: (kernel) => kernel.rtnl.createVrf(name, table),
  };
}
