import type { DesiredKernelState } from './desired-state.js';
import type { ObservedState } from './observed-state.js';
import type { Rtnl } from './rtnl.js';
import type { Sysctl } from './sysctl.js';

/** The kernel as the product sees it: rtnetlink and /proc/sys. */
export interface Kernel {
  readonly rtnl: Rtnl;
  readonly sysctl: Sysctl;
}

/**
 * One dump each of links, addresses and rules (both families), and the sysctls `desired` names.
 * The dumps run one after the other: a netlink socket serves one dump at a time, and interleaved
 * multipart answers are refused.
 */
export async function observe(kernel: Kernel, desired: DesiredKernelState): Promise<ObservedState> {
  const links = await kernel.rtnl.listLinks();
  const addresses = await kernel.rtnl.listAddresses();
  const rules = [...(await kernel.rtnl.listRules('ipv4')), ...(await kernel.rtnl.listRules('ipv6'))];
  // Each interface key's `default` counterpart too: what a link created now would start with.
  const keys = [...new Set(desired.sysctls.flatMap((s) => [s.key, s.key.replace(/^(net\/ipv[46]\/conf\/)[^/]+/, '$1default')]))];
  const values = await Promise.all(keys.map(async (key) => [key, await kernel.sysctl.read(key)] as const));
  return { links, addresses, rules, sysctls: new Map(values) };
}
