import { ruleText } from './links.js';
import type { DesiredKernelState } from './desired-state.js';
import { linkNamed, linkWithIndex, type ObservedState } from './observed-state.js';

/**
 * The kernel state the product owns, in a stable form without interface indexes: equal
 * snapshots mean nothing the product owns differs. Used by `plan` and by the tests.
 */
export interface OwnedSnapshot {
  readonly links: readonly { name: string; kind?: string; table?: number; master?: string; peer?: string; mtu: number; up: boolean }[];
  readonly addresses: readonly string[];
  /** Every rule at the priorities the product uses, one line each: duplicates show. */
  readonly rules: readonly string[];
  readonly sysctls: Readonly<Record<string, string | null>>;
}

export function ownedSnapshot(desired: DesiredKernelState, observed: ObservedState): OwnedSnapshot {
  const names = [desired.vrf.name, desired.vrfLeg, desired.hostLeg];
  const links = names.flatMap((name) => {
    const link = linkNamed(observed, name);
    if (!link) return [];
    return [
      {
        name,
        kind: link.kind,
        ...(link.vrfTable !== undefined ? { table: link.vrfTable } : {}),
        ...(link.masterIndex !== undefined ? { master: linkWithIndex(observed, link.masterIndex)?.name ?? `#${link.masterIndex}` } : {}),
        ...(link.kind === 'veth' ? { peer: linkWithIndex(observed, link.linkIndex)?.name ?? `#${link.linkIndex}` } : {}),
        mtu: link.mtu,
        up: link.up === true,
      },
    ];
  });
  const owned = new Map(names.map((name) => [linkNamed(observed, name)?.index, name] as const));
  const addresses = observed.addresses
    .filter((a) => owned.has(a.linkIndex) && !a.linkLocal)
    .map((a) => `${owned.get(a.linkIndex)} ${a.address}/${a.prefixLength}`)
    .sort();
  const priorities = new Set(desired.rules.map((rule) => rule.priority));
  const rules = observed.rules
    .filter((rule) => priorities.has(rule.priority))
    .map(ruleText)
    .sort();
  const sysctls = Object.fromEntries(desired.sysctls.map((s) => [s.key, observed.sysctls.get(s.key) ?? null]));
  return { links, addresses, rules, sysctls };
}
