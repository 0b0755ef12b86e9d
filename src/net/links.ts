/** What frr-supervisor needs to know about one network link of the host. */
export interface HostLink {
  readonly index: number;
  readonly name: string;
  /** Lower-case, colon-separated; undefined for links without a hardware address. */
  readonly mac: string | undefined;
  readonly mtu: number;
  /** rtnetlink's IFLA_INFO_KIND (vlan, bond, bridge, veth, vrf, macvlan, ...); undefined for plain NICs. */
  readonly kind: string | undefined;
  /** Index of the bond, bridge or VRF this link is enslaved to. */
  readonly masterIndex: number | undefined;
  /** Administratively up (IFF_UP). */
  readonly up?: boolean;
  /** IFLA_LINK: for a veth, its peer's index; for a vlan or macvlan, its parent's. */
  readonly linkIndex?: number | undefined;
  /** For a VRF device, its routing table. */
  readonly vrfTable?: number | undefined;
}

/** Link kinds that sit on top of another link and normally copy its MAC. */
export const stackedKinds: ReadonlySet<string> = new Set(['vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'vxlan']);

export type AddressFamily = 'ipv4' | 'ipv6';

/** An address on a link, in canonical text form. */
export interface HostAddress {
  readonly linkIndex: number;
  readonly family: AddressFamily;
  readonly address: string;
  readonly prefixLength: number;
  /** Link-local addresses are the kernel's own (IPv6 fe80::/64): never ours to remove. */
  readonly linkLocal: boolean;
}

/** A routing policy rule, reduced to the fields the product manages. */
export interface HostRule {
  readonly family: AddressFamily;
  readonly priority: number;
  /** FRA_L3MDEV: the table is the one of the VRF the flow belongs to. */
  readonly l3mdev: boolean;
  readonly table: number;
}

/** Where the kernel puts the l3mdev rule when a namespace's first VRF appears. */
export const l3mdevRulePriority = 1000;

/** A rule as `ip rule` would print it, with the family in front. */
export function ruleText(rule: HostRule): string {
  return `${rule.family} ${rule.priority}: from all lookup ${rule.l3mdev ? '[l3mdev-table]' : rule.table}`;
}
