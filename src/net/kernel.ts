import type { DesiredKernelState } from './desired-state.js';
import type { ObservedState } from './observed-state.js';
import type { Rtnl } from './rtnl.js';
import type { Sysctl } from './sysctl.js';

/** The kernel as the product sees it: rtnetlink and /proc/sys. */
export interface Kernel {
  readonly rtnl: Rtnl;
  readonly sysctl: Sysctl;
}

/** One dump each of links, addresses and rules (both families), and the sysctls `desired` names. */
export async function observe(kernel: Kernel, desired: DesiredKernelState): Promise<ObservedState> {
  const [links, addresses, rules4, rules6, values] = await Promise.all([
    kernel.rtnl.listLinks(),
    kernel.rtnl.listAddresses(),
    kernel.rtnl.listRules('ipv4'),
    kernel.rtnl.listRules('ipv6'),
    Promise.all(desired.sysctls.map(async (s) => [s.key, await kernel.sysctl.read(s.key)] as const)),
  ]);
  return { links, addresses, rules: [...rules4, ...rules6], sysctls: new Map(values) };
}
