/**
 * The validated settings: what every later stage reads, typed and canonical. Loaded by
 * load-settings.ts from the environment; the variables themselves are in variables.ts.
 */
import type { Family, IpAddress } from './ip.js';
import type { Cidr, Communities, FabricPeer } from './schema-routing.js';
import type { ListenAddress } from './schema.js';

export type Profile = 'datacenter' | 'traditional';

export type FabricSelector = { readonly by: 'mac'; readonly macs: readonly string[] } | { readonly by: 'name'; readonly names: readonly string[] };

/** The fabric peers by address (FABRIC_PEERS) and how the node reaches them. */
export interface NumberedPeers {
  readonly peers: readonly FabricPeer[];
  /** eBGP multihop hop count; undefined: directly connected. */
  readonly multihop: number | undefined;
  /** update-source per family; undefined: the kernel's choice, the address toward the peer. */
  readonly source: { readonly ipv4: IpAddress | undefined; readonly ipv6: IpAddress | undefined };
}

export interface PeerLink {
  readonly family: Family;
  /** FRR's address, on the VRF leg. */
  readonly frr: IpAddress;
  /** MetalLB's address, on the host leg. */
  readonly metallb: IpAddress;
  readonly prefixLength: number;
}

/** The validated settings: everything later stages need, already typed and canonical. */
export interface Settings {
  readonly nodeIp: IpAddress;
  readonly asnLocal: number;
  /** The unnumbered fabric ports; no MACs or names when the fabric is FABRIC_PEERS only. */
  readonly fabric: FabricSelector;
  /** Undefined: no FABRIC_PEERS. */
  readonly numberedPeers: NumberedPeers | undefined;
  readonly asnVrfMetallb: number;
  readonly asnMetallbSpeaker: number;
  readonly vrfName: string;
  readonly vrfTableId: number;
  readonly peer: PeerLink;
  /** Unset means: take the first fabric interface's MTU (1500 when there is none). */
  readonly interfaceMtu: number | undefined;
  readonly bfd: boolean;
  /** What is added to the routes toward the fabric (export policy). */
  readonly fabricExport: FabricExport;
  /** TCP MD5 password of the fabric sessions; a secret (Settings.secrets). */
  readonly fabricPassword: string | undefined;
  /** How long to wait at start for fabric interfaces that are not there yet. */
  readonly fabricWaitSeconds: number;
  readonly profile: Profile;
  /** Drain: RFC 8326 graceful shutdown, applied at run time. */
  readonly gracefulShutdown: boolean;
  readonly logFormat: 'text' | 'json';
  readonly sessionPollSeconds: number;
  /** Where `run` serves its metrics (supervise/metrics-server.ts); undefined: nowhere. */
  readonly metrics: ListenAddress | undefined;
  /** What the in-cluster speaker may announce (render/speaker-policy.ts). */
  readonly speaker: SpeakerLimits;
  readonly frr: FrrLocation;
  /** FRR_EXTRA_CONFIG_FILE's text, appended to frr.conf (render/extra-config.ts). */
  readonly extraConfig: ExtraConfig | undefined;
  /** The values of the secret variables that are set: to be hidden from every output. */
  readonly secrets: readonly string[];
}

export interface FabricExport {
  /** On every route advertised to the fabric. */
  readonly communities: Communities;
  /** On the LoadBalancer routes only, besides `communities`. */
  readonly lbCommunities: Communities;
  /** How often ASN_LOCAL is prepended to every route. */
  readonly prepend: number;
}

export interface SpeakerLimits {
  /** Undefined: any prefix the safe default allows; else only prefixes inside these. */
  readonly allowedPrefixes: readonly Cidr[] | undefined;
  readonly maxPrefixes: number;
  /** TCP MD5 password of the session; a secret (Settings.secrets). */
  readonly password: string | undefined;
  /** GTSM: only packets with TTL 255 (RFC 5082). */
  readonly ttlSecurity: boolean;
}

/** Where FRR is and how it starts; the pathspace is already applied to the directories. */
export interface FrrLocation {
  readonly pathspace: string | undefined;
  readonly configDir: string;
  readonly runDir: string;
  readonly binDir: string;
  /** Undefined: the start script (frr/start-script.ts): every daemon, frr.conf applied, then watchfrr. */
  readonly startCommand: readonly string[] | undefined;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Non-fatal remarks (old variable names), one line each. */
  readonly warnings: readonly string[];
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A file named by a variable such as SPEAKER_PASSWORD_FILE, as the caller read it. */
export type NamedFile =
  { readonly text: string } | { readonly problem: string; /** What would be right, when not the usual file. */ readonly expected?: string };

/** FRR_EXTRA_CONFIG_FILE: where it is, and what it holds. */
export interface ExtraConfig {
  readonly path: string;
  readonly text: string;
}
