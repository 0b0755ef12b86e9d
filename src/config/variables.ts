import type * as z from 'zod/mini';
import {
  absolutePathSchema,
  asnSchema,
  booleanSchema,
  communityListSchema,
  cidrListSchema,
  fabricPeerListSchema,
  interfaceNameSchema,
  logFormatSchema,
  macListSchema,
  maxPrefixesSchema,
  multihopSchema,
  passwordSchema,
  mtuSchema,
  nodeIpSchema,
  peerIpSchema,
  pollSecondsSchema,
  portNameListSchema,
  prependSchema,
  prefixLengthSchema,
  profileSchema,
  sourceAddressesSchema,
  startCommandSchema,
  tableIdSchema,
  vrfNameSchema,
  waitSecondsSchema,
} from './schema.js';

/**
 * The environment contract, one entry per variable: its name, parser, requiredness, default,
 * README text and old name. The settings loader parses by it and applies its defaults, the env
 * file reader knows its names by it, and a test holds the README's variable table to it.
 * Cross-checks between variables live in settings.ts.
 */
export interface VariableSpec {
  readonly name: string;
  /** Takes the raw value (trimmed, never empty) to the typed one, or says what is wrong. */
  readonly schema: z.ZodMiniType<unknown, string>;
  /** `yes`, `no`, or `fabric`: at least one of FE_MACS / FE_PORT_NAMES (one, not both) and FABRIC_PEERS. */
  readonly required: 'yes' | 'no' | 'fabric';
  /** The default as a string exactly as it could be written in the environment, or a sentence. */
  readonly defaultText: string;
  /** The value applied when the variable is unset; undefined when the default is derived. */
  readonly defaultValue?: string;
  readonly meaning: string;
  /** The name the oldest FRR extension (seed 000) used for the same setting. */
  readonly legacyName?: string;
  /** A secret: never shown (error lines give its length), hidden in every output and file but frr.conf. */
  readonly secret?: boolean;
  /** This variable names a file whose content is that variable's value (Talos configFiles). */
  readonly fileFor?: string;
  /** This variable names a file of FRR config, appended to frr.conf (Talos configFiles). */
  readonly holdsConfig?: boolean;
}

export const variables = [
  {
    name: 'NODE_IP',
    schema: nodeIpSchema,
    required: 'yes',
    defaultText: '-',
    meaning: 'node IPv4 address: BGP router-id and the source address set on BGP routes',
  },
  {
    name: 'ASN_LOCAL',
    schema: asnSchema,
    required: 'yes',
    defaultText: '-',
    meaning: 'local AS number for the fabric (1..4294967295)',
  },
  {
    name: 'FE_MACS',
    schema: macListSchema,
    required: 'fabric',
    defaultText: '-',
    meaning: 'comma-separated MACs of the fabric interfaces',
  },
  {
    name: 'FE_PORT_NAMES',
    schema: portNameListSchema,
    required: 'fabric',
    defaultText: '-',
    meaning: 'comma-separated interface names, instead of FE_MACS',
  },
  {
    name: 'FABRIC_PEERS',
    schema: fabricPeerListSchema,
    required: 'fabric',
    defaultText: '-',
    meaning: 'fabric peers by address, beside or instead of the unnumbered ones: comma-separated `ADDRESS` (remote-as external) or `ADDRESS@ASN`, IPv4 or IPv6, e.g. fd00:101::fffe@4200001000',
  },
  {
    name: 'FABRIC_PEER_MULTIHOP',
    schema: multihopSchema,
    required: 'no',
    defaultText: '- (directly connected)',
    meaning: 'eBGP multihop toward FABRIC_PEERS: the most hops away they are (2..255); BFD then runs multihop too',
  },
  {
    name: 'FABRIC_PEER_SOURCE',
    schema: sourceAddressesSchema,
    required: 'no',
    defaultText: 'the address toward the peer (NODE_IP for IPv4 with FABRIC_PEER_MULTIHOP)',
    meaning: "the node's source address for BGP and BFD toward FABRIC_PEERS (update-source), at most one IPv4 and one IPv6, e.g. 10.0.0.3,fd00::3",
  },
  {
    name: 'ASN_VRF_METALLB',
    schema: asnSchema,
    required: 'no',
    defaultText: '4000099998',
    defaultValue: '4000099998',
    meaning: 'the AS that FRR shows to MetalLB',
    legacyName: 'ASN_METALLB_LOCAL',
  },
  {
    name: 'ASN_METALLB_SPEAKER',
    schema: asnSchema,
    required: 'no',
    defaultText: '4000099999',
    defaultValue: '4000099999',
    meaning: "MetalLB speaker's AS",
    legacyName: 'ASN_METALLB_REMOTE',
  },
  {
    name: 'VRF_METALLB',
    schema: vrfNameSchema,
    required: 'no',
    defaultText: 'metallb',
    defaultValue: 'metallb',
    meaning: 'VRF name (a Linux interface name: at most 15 bytes)',
    legacyName: 'NAMESPACE_METALLB',
  },
  {
    name: 'METALLB_VRF_ROUTE_TABLE_ID',
    schema: tableIdSchema,
    required: 'no',
    defaultText: '88',
    defaultValue: '88',
    meaning: 'routing table of the VRF (not 0, 253, 254 or 255)',
  },
  {
    name: 'PEER_IP_FRR',
    schema: peerIpSchema,
    required: 'no',
    defaultText: 'fda1:b2c3:d4e5:0001::0',
    defaultValue: 'fda1:b2c3:d4e5:0001::0',
    meaning: "FRR's address on the VRF leg of the veth pair",
    legacyName: 'PEER_IP_LOCAL',
  },
  {
    name: 'PEER_IP_METALLB',
    schema: peerIpSchema,
    required: 'no',
    defaultText: 'fda1:b2c3:d4e5:0001::1',
    defaultValue: 'fda1:b2c3:d4e5:0001::1',
    meaning: "MetalLB's address on the host leg of the veth pair",
    legacyName: 'PEER_IP_REMOTE',
  },
  {
    name: 'PEER_IP_PREFIX',
    schema: prefixLengthSchema,
    required: 'no',
    defaultText: '127 (31 when the peer addresses are IPv4)',
    meaning: 'prefix length of the point-to-point link',
  },
  {
    name: 'INTERFACE_MTU',
    schema: mtuSchema,
    required: 'no',
    defaultText: 'MTU of the first fabric interface (1500 with FABRIC_PEERS only)',
    meaning: 'MTU of the veth pair (at least 1280 with IPv6 peer addresses)',
  },
  {
    name: 'ENABLE_BFD',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'true',
    defaultValue: 'true',
    meaning: 'BFD on the fabric sessions, and bfdd in `daemons` (true/false, yes/no, on/off, 1/0)',
  },
  {
    name: 'FE_WAIT_SECONDS',
    schema: waitSecondsSchema,
    required: 'no',
    defaultText: '60',
    defaultValue: '60',
    meaning: 'how long `setup` and `run` wait at start for fabric interfaces that are not there yet (0: no wait)',
  },
  {
    name: 'FRR_PROFILE',
    schema: profileSchema,
    required: 'no',
    defaultText: 'datacenter',
    defaultValue: 'datacenter',
    meaning: '`frr defaults` profile: datacenter or traditional',
  },
  {
    name: 'BGP_GRACEFUL_SHUTDOWN',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'false',
    defaultValue: 'false',
    meaning: 'drain: advertise every route with the GRACEFUL_SHUTDOWN community (RFC 8326), applied at run time, never saved in frr.conf',
  },
  {
    name: 'LOG_FORMAT',
    schema: logFormatSchema,
    required: 'no',
    defaultText: 'text',
    defaultValue: 'text',
    meaning: 'the supervisor\'s output: text (one readable line per event) or json',
  },
  {
    name: 'SESSION_POLL_SECONDS',
    schema: pollSecondsSchema,
    required: 'no',
    defaultText: '5',
    defaultValue: '5',
    meaning: 'how often `run` asks FRR for BGP and BFD session state (1..300)',
  },
  {
    name: 'SPEAKER_ALLOWED_PREFIXES',
    schema: cidrListSchema,
    required: 'no',
    defaultText: 'any prefix the speaker policy allows',
    meaning: 'comma-separated CIDRs (the LoadBalancer pools, /16 or longer for IPv4, /48 for IPv6): the only prefixes the in-cluster speaker may announce; a family with none listed is refused whole',
    legacyName: 'CILIUM_ALLOWED_PREFIXES',
  },
  {
    name: 'SPEAKER_MAX_PREFIXES',
    schema: maxPrefixesSchema,
    required: 'no',
    defaultText: '1000',
    defaultValue: '1000',
    meaning: 'most prefixes the speaker may announce per address family: a warning at 80 %, and past it FRR ends the session and takes it back after 5 minutes (1..1000000)',
  },
  {
    name: 'FABRIC_COMMUNITIES',
    schema: communityListSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'communities added to every route this node advertises to the fabric: standard ASN:VALUE and large A:B:C, comma-separated (not the well-known 65535:x)',
  },
  {
    name: 'FABRIC_LB_COMMUNITIES',
    schema: communityListSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'communities added only to the LoadBalancer routes (those from the speaker), besides FABRIC_COMMUNITIES',
  },
  {
    name: 'FABRIC_AS_PATH_PREPEND',
    schema: prependSchema,
    required: 'no',
    defaultText: '0',
    defaultValue: '0',
    meaning: 'how often ASN_LOCAL is prepended to every route toward the fabric (0..10): the leaves then prefer other nodes for the same prefix',
  },
  {
    name: 'FABRIC_PASSWORD',
    schema: passwordSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'TCP MD5 password of every fabric session (RFC 2385), set the same on the leaves; never shown or logged, frr.conf then readable by root only',
    secret: true,
  },
  {
    name: 'FABRIC_PASSWORD_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'instead of FABRIC_PASSWORD: a file holding it (one line), root\'s and writable by root only, e.g. mounted with the ExtensionServiceConfig\'s configFiles',
    fileFor: 'FABRIC_PASSWORD',
  },
  {
    name: 'SPEAKER_PASSWORD',
    schema: passwordSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'TCP MD5 password of the speaker\'s session (RFC 2385), set the same on the speaker; never shown or logged, frr.conf then readable by root only',
    secret: true,
  },
  {
    name: 'SPEAKER_PASSWORD_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'instead of SPEAKER_PASSWORD: a file holding it (one line), root\'s and writable by root only, e.g. mounted with the ExtensionServiceConfig\'s configFiles',
    fileFor: 'SPEAKER_PASSWORD',
  },
  {
    name: 'SPEAKER_TTL_SECURITY',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'false',
    defaultValue: 'false',
    meaning: 'GTSM on the speaker\'s session (RFC 5082): FRR takes its packets only with TTL 255, i.e. from the veth itself; the speaker must send TTL 255',
  },
  {
    name: 'FRR_EXTRA_CONFIG_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning: "a file of FRR config appended to frr.conf and checked by FRR with it, root's and writable by root only (e.g. from configFiles); a line that changes what the supervisor owns, as FRR reads it, is refused, naming the line",
    holdsConfig: true,
  },
  {
    name: 'FRR_PATHSPACE',
    schema: interfaceNameSchema,
    required: 'no',
    defaultText: '-',
    meaning: "FRR's -N pathspace: config in FRR_CONFIG_DIR/NAME, sockets in FRR_RUN_DIR/NAME (several FRRs on one host, as in the lab)",
  },
  {
    name: 'FRR_CONFIG_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/etc/frr',
    defaultValue: '/etc/frr',
    meaning: 'where `run` writes frr.conf, daemons, vtysh.conf and daemon-log.conf',
  },
  {
    name: 'FRR_RUN_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/var/run/frr',
    defaultValue: '/var/run/frr',
    meaning: "FRR's pid files and sockets; also the daemons' log file and the status file",
  },
  {
    name: 'FRR_BIN_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/usr/lib/frr',
    defaultValue: '/usr/lib/frr',
    meaning: "where FRR's daemons, watchfrr and frrcommon.sh are",
  },
  {
    name: 'FRR_START_COMMAND',
    schema: startCommandSchema,
    required: 'no',
    defaultText: "this project's start script: each enabled daemon once (FRR_BIN_DIR/frrcommon.sh), frr.conf applied with vtysh -b, then watchfrr",
    meaning: 'the command that starts FRR, words separated by spaces (no shell)',
  },
] as const satisfies readonly VariableSpec[];

export type VariableName = (typeof variables)[number]['name'];

/** Each variable's typed value, as its schema gives it. */
export type VariableValues = { [V in (typeof variables)[number] as V['name']]: z.output<V['schema']> };

export const variableNames: readonly VariableName[] = variables.map((v) => v.name);

/** Old name -> current name, from the oldest seed's variable names. */
export const legacyAliases: ReadonlyMap<string, VariableName> = new Map(
  variables.flatMap((v: VariableSpec) =>
    v.legacyName ? [[v.legacyName, v.name as VariableName] as const] : [],
  ),
);
