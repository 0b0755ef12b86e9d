import { HostMismatchError } from '../../errors.js';
import type { DesiredKernelState } from '../desired-state.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { StepPlan } from './actions.js';

/**
 * The VRF. One that exists with another table, or a link of another kind with its name, is an
 * error that says what to change: other things may route through it, so it is not ours to
 * rebuild silently.
 */
export function planVrf(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const { name, table } = desired.vrf;
  const subject = `VRF ${name} (table ${table})`;
  const existing = linkNamed(observed, name);
  if (!existing) return { step: 'vrf', subject, actions: [{ op: 'create-vrf', name, table }] };
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
