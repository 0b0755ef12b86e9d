import { mtuRange } from '../config/ip.js';
import { vethNames } from '../config/owned-names.js';
import type { Settings } from '../config/settings.js';
import { HostMismatchError } from '../errors.js';
import { l3mdevRulePriority, type AddressFamily, type HostRule } from './links.js';
import type { FabricInterface } from './resolve-interfaces.js';

export interface DesiredAddress {
  readonly link: string;
  readonly family: AddressFamily;
  readonly address: string;
  readonly prefixLength: number;
}

export interface DesiredSysctl {
  /** Path under /proc/sys, e.g. net/ipv4/conf/veth-frr/accept_local. */
  readonly key: string;
  readonly value: string;
  readonly why: string;
}

/** Everything the product owns in the kernel, as it should be. */
export interface DesiredKernelState {
  readonly vrf: { readonly name: string; readonly table: number };
  readonly hostLeg: string;
  readonly vrfLeg: string;
  readonly addresses: readonly DesiredAddress[];
  readonly mtu: number;
  readonly rules: readonly HostRule[];
  readonly sysctls: readonly DesiredSysctl[];
}

/** The veth's MTU when there is no fabric port to take it from (the fabric is FABRIC_PEERS only). */
export const ethernetMtu = 1500;

/** Pure: the kernel state the settings ask for. */
export function desiredKernelState(settings: Settings, fabric: readonly FabricInterface[]): DesiredKernelState {
  const { peer } = settings;
  const mtu = settings.interfaceMtu ?? fabric[0]?.mtu ?? ethernetMtu;
  const { min, max } = mtuRange(peer.family);
  if (mtu === undefined || mtu < min || mtu > max) {
    throw new HostMismatchError(
      `the first fabric interface ${fabric[0]?.name ?? '(none)'} has MTU ${mtu}, which the veth pair cannot take (${min}..${max} for ${peer.family}); set INTERFACE_MTU`,
    );
  }
  const { hostLeg, vrfLeg } = vethNames;
  return {
    vrf: { name: settings.vrfName, table: settings.vrfTableId },
    hostLeg,
    vrfLeg,
    addresses: [
      { link: vrfLeg, family: peer.family, address: peer.frr.text, prefixLength: peer.prefixLength },
      { link: hostLeg, family: peer.family, address: peer.metallb.text, prefixLength: peer.prefixLength },
    ],
    mtu,
    // Lookups of flows in a VRF go to the VRF's table through this rule. The kernel adds it with
    // the first VRF, but nothing stops it from being deleted, and then FRR's VRF sessions break.
    rules: (['ipv4', 'ipv6'] as const).map((family) => ({ family, priority: l3mdevRulePriority, l3mdev: true, table: 0 })),
    sysctls: peer.family === 'ipv4' ? ipv4LinkSysctls(vrfLeg) : ipv6LinkSysctls(hostLeg, vrfLeg),
  };
}

/**
 * On an IPv4 link the MetalLB address is local to the host (the `local` table, consulted first,
 * before the l3mdev rule), so packets from it arriving on the VRF leg look like martians: ARP
 * requests and the speaker's SYN are dropped and the session stays in Connect. Accepting a local
 * source on this one interface, with loose reverse-path filtering there (the kernel takes the
 * larger of `all` and the interface's value, so 2 holds even where `all` is strict), fixes it
 * without touching the host's rules. IPv6 has no such source check.
 */
function ipv4LinkSysctls(vrfLeg: string): DesiredSysctl[] {
  return [
    { key: `net/ipv4/conf/${vrfLeg}/accept_local`, value: '1', why: 'packets from the host leg have a local source address' },
    { key: `net/ipv4/conf/${vrfLeg}/rp_filter`, value: '2', why: 'strict reverse-path filtering drops them too' },
  ];
}

/** IPv6 addresses cannot be added to a link where IPv6 is off (Talos can turn it off host-wide). */
function ipv6LinkSysctls(hostLeg: string, vrfLeg: string): DesiredSysctl[] {
  return [hostLeg, vrfLeg].map((link) => ({ key: `net/ipv6/conf/${link}/disable_ipv6`, value: '0', why: 'the peer addresses are IPv6' }));
}
