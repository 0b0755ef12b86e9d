import type { HostAddress, HostLink, HostRule } from './links.js';

/** What the kernel has now: one dump of links, addresses and rules, and the sysctls asked for. */
export interface ObservedState {
  readonly links: readonly HostLink[];
  readonly addresses: readonly HostAddress[];
  readonly rules: readonly HostRule[];
  /** Value per key; undefined when the key does not exist (its interface is not there yet). */
  readonly sysctls: ReadonlyMap<string, string | undefined>;
}

export function linkNamed(state: ObservedState, name: string): HostLink | undefined {
  return state.links.find((link) => link.name === name);
}

export function linkWithIndex(state: ObservedState, index: number | undefined): HostLink | undefined {
  return index === undefined ? undefined : state.links.find((link) => link.index === index);
}
