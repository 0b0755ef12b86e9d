/** The golden scenarios: settings and the host's links for each, rendered into test/golden/expected/<name>/. */
export interface Scenario {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly links: readonly { name: string; mac?: string; mtu: number; kind?: string; master?: string }[];
  /** The text of the file FRR_EXTRA_CONFIG_FILE names. */
  readonly extraConfig?: string;
}

const twoPorts = [
  { name: 'lo', mtu: 65536 },
  { name: 'enp1s0f0', mac: '02:00:00:00:00:01', mtu: 9000 },
  { name: 'enp1s0f1', mac: '02:00:00:00:00:02', mtu: 9000 },
];

const node = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001' };

export const scenarios: readonly Scenario[] = [
  {
    name: 'defaults-ipv6-127',
    env: { ...node, FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02' },
    links: twoPorts,
  },
  {
    name: 'legacy-names-ipv4-31',
    env: {
      ...node,
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
      ASN_METALLB_LOCAL: '4200099998',
      ASN_METALLB_REMOTE: '4200099999',
      NAMESPACE_METALLB: 'metallb',
      PEER_IP_LOCAL: '192.168.250.254',
      PEER_IP_REMOTE: '192.168.250.255',
      PEER_IP_PREFIX: '31',
      INTERFACE_MTU: '1500',
    },
    links: twoPorts,
  },
  {
    name: 'bfd-off',
    env: { ...node, FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02', ENABLE_BFD: 'false' },
    links: twoPorts,
  },
  {
    name: 'traditional-profile',
    env: { ...node, FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02', FRR_PROFILE: 'traditional' },
    links: twoPorts,
  },
  {
    name: 'one-port',
    env: { ...node, FE_MACS: '02:00:00:00:00:01' },
    links: twoPorts,
  },
  {
    name: 'four-ports-bond-and-vlans',
    env: { ...node, FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02,02:00:00:00:00:03,02:00:00:00:00:04' },
    links: [
      { name: 'lo', mtu: 65536 },
      { name: 'eno1', mac: '02:00:00:00:00:01', mtu: 9000, master: 'bond0' },
      { name: 'eno2', mac: '02:00:00:00:00:01', mtu: 9000, master: 'bond0' },
      { name: 'bond0', mac: '02:00:00:00:00:01', mtu: 9000, kind: 'bond' },
      { name: 'bond0.100', mac: '02:00:00:00:00:01', mtu: 9000, kind: 'vlan' },
      { name: 'eno3', mac: '02:00:00:00:00:02', mtu: 9000 },
      { name: 'eno3.42', mac: '02:00:00:00:00:02', mtu: 9000, kind: 'vlan' },
      { name: 'eno4', mac: '02:00:00:00:00:03', mtu: 9000 },
      { name: 'eno5', mac: '02:00:00:00:00:04', mtu: 9000 },
    ],
  },
  {
    name: 'port-names',
    env: { ...node, FE_PORT_NAMES: 'enp1s0f1,enp1s0f0' },
    links: twoPorts,
  },
  {
    name: 'four-byte-asns',
    env: {
      NODE_IP: '10.255.101.11',
      ASN_LOCAL: '4210101011',
      ASN_VRF_METALLB: '4294967294',
      ASN_METALLB_SPEAKER: '4200000000',
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
    },
    links: twoPorts,
  },
  {
    name: 'custom-vrf-and-ula',
    env: {
      ...node,
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
      VRF_METALLB: 'lb-vrf',
      METALLB_VRF_ROUTE_TABLE_ID: '1088',
      PEER_IP_FRR: 'fd00:10:10::a',
      PEER_IP_METALLB: 'FD00:10:10:0:0:0:0:B',
      PEER_IP_PREFIX: '64',
      ENABLE_BFD: 'off',
      FRR_PROFILE: 'Traditional',
    },
    links: twoPorts,
  },
  {
    // The export policy toward the fabric: communities on everything, more on the LB routes, a prepend.
    name: 'fabric-export-policy',
    env: {
      ...node,
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
      FABRIC_COMMUNITIES: '64512:100, 4200001001:1:2',
      FABRIC_LB_COMMUNITIES: '64512:200,64512:100,4200001001:7:7',
      FABRIC_AS_PATH_PREPEND: '2',
    },
    links: twoPorts,
  },
  {
    // Passwords (base64, as openssl rand -base64 makes) on both kinds of session, and GTSM.
    name: 'session-passwords-and-ttl-security',
    env: {
      ...node,
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
      FABRIC_PASSWORD: 'Hx8:mQ2@vN5^rT7~wZ1',
      SPEAKER_PASSWORD: 'k3/Zq+9xW2vL=8p_mT.c',
      SPEAKER_TTL_SECURITY: 'true',
    },
    links: twoPorts,
  },
  {
    // Seed 003's gateway over an IPv6 underlay, by address beside the unnumbered leaves, and an
    // IPv4 peer in any AS; both with the fabric password.
    name: 'numbered-peers-beside-unnumbered',
    env: {
      ...node,
      FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02',
      FABRIC_PEERS: 'fd00:101::fffe@4200001000,10.5.0.1',
      FABRIC_PASSWORD: 'Hx8:mQ2@vN5^rT7~wZ1',
    },
    links: twoPorts,
  },
  {
    // No fabric ports at all: two routers two hops away, from the node's loopbacks.
    name: 'numbered-peers-only-multihop',
    env: {
      NODE_IP: '10.255.101.11',
      ASN_LOCAL: '4210101011',
      FABRIC_PEERS: 'fd00:101::fffe@4200001000,10.101.0.254@4200001000',
      FABRIC_PEER_MULTIHOP: '2',
      FABRIC_PEER_SOURCE: 'fd00:101:fe::11',
    },
    links: [
      { name: 'lo', mtu: 65536 },
      { name: 'ens18', mac: '02:00:00:00:00:01', mtu: 1500 },
    ],
  },
  {
    // An operator's additions the supervisor lets through: a BFD profile and timers on its
    // fabric sessions, a route-map and community list of their own.
    name: 'extra-config',
    env: { ...node, FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02', FRR_EXTRA_CONFIG_FILE: '/etc/frr-supervisor/frr-extra.conf' },
    links: twoPorts,
    extraConfig: [
      '! A slower BFD profile for the fabric sessions of a busy host.',
      'bfd',
      ' profile fabric-slow',
      '  detect-multiplier 5',
      '  receive-interval 600',
      '  transmit-interval 600',
      ' exit',
      'exit',
      '!',
      'router bgp 65001',
      ' neighbor fabric bfd profile fabric-slow',
      ' neighbor fabric timers 10 30',
      ' neighbor fabric description leaves',
      'exit',
      '!',
      'bgp community-list standard tenant-a seq 10 permit 64512:10',
      'route-map tenant-a-in permit 10',
      ' match community tenant-a',
      'exit',
      '',
    ].join('\n'),
  },
];
