import { SystemError } from '../../errors.js';
import type { Kernel } from '../kernel.js';
import { linkNamed, type ObservedState } from '../observed-state.js';
import type { LinkRef } from '../rtnl.js';

/**
 * One change to the kernel, made by the kernel object's own file: what it says in the log, what
 * the kernel would look like after it (plan's foresight, held to the real kernel by the UML
 * tests), and how it is made. Links are named: `execute` looks up their index in `state`.
 */
export interface Action {
  /** "create VRF metallb (table 88)": the log's and `plan`'s line. */
  readonly description: string;
  /** creates: a new object (or a replacement); adds: to an object; changes: anything else. */
  readonly effect: 'creates' | 'adds' | 'changes';
  /** True when it makes or removes a link, so later actions need a fresh look for indexes. */
  readonly changesLinks: boolean;
  readonly simulate: (state: ObservedState) => ObservedState;
  readonly execute: (kernel: Kernel, state: ObservedState) => Promise<void>;
}

export type Outcome = 'created' | 'updated' | 'unchanged';

export type StepName = 'vrf' | 'veth' | 'mtu' | 'addresses' | 'links-up' | 'rules' | 'sysctls';

export interface StepPlan {
  readonly step: StepName;
  /** What the step is about, for the log: "VRF metallb (table 88)". */
  readonly subject: string;
  readonly actions: readonly Action[];
}

/** created: the object was made (or replaced), or only added to; updated: an existing one was changed. */
export function outcomeOf(plan: StepPlan): Outcome {
  if (plan.actions.length === 0) return 'unchanged';
  const makes = plan.actions.some((action) => action.effect === 'creates');
  const onlyAdds = plan.actions.every((action) => action.effect === 'adds');
  return makes || onlyAdds ? 'created' : 'updated';
}

/** The link `name` as the kernel knows it now, for an action about to change it. */
export function linkRef(state: ObservedState, name: string, description: string): LinkRef {
  const found = linkNamed(state, name);
  if (!found) throw new SystemError(`cannot ${description}: link ${name} is gone`);
  return { index: found.index, name };
}

/** The state with link `name` changed. */
export function withLink(state: ObservedState, name: string, change: Partial<ObservedState['links'][number]>): ObservedState {
  return { ...state, links: state.links.map((link) => (link.name === name ? { ...link, ...change } : link)) };
}

/** The index a link created now would get (the kernel's next free one, as far as plan can tell). */
export function nextLinkIndex(state: ObservedState): number {
  return Math.max(0, ...state.links.map((link) => link.index)) + 1;
}
