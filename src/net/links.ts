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
}

/** Link kinds that sit on top of another link and normally copy its MAC. */
export const stackedKinds: ReadonlySet<string> = new Set(['vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'vxlan']);
