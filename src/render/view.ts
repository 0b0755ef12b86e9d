import { frrLogFile } from '../frr/log-file.js';
import type { Communities } from '../config/schema-routing.js';
import type { Settings } from '../config/settings.js';
import type { FabricInterface } from '../net/resolve-interfaces.js';
import { speakerEndOfRibWaitSeconds } from '../frr/graceful-restart.js';
import { speakerPrefixRules, wellKnownActionCommunities, type PrefixRule } from './speaker-policy.js';

/**
 * Everything the templates print, already in its final text form. Pure: a function of the
 * validated settings and the resolved fabric interfaces. Every string here passed the schema's
 * character rules, so none can break a line of frr.conf.
 */
export interface ConfigView {
  readonly profile: 'datacenter' | 'traditional';
  readonly routerId: string;
  readonly asnLocal: number;
  readonly asnVrfMetallb: number;
  readonly asnMetallbSpeaker: number;
  readonly vrf: string;
  readonly fabricInterfaces: readonly string[];
  readonly bfd: boolean;
  readonly metallbPeer: string;
  /** The MetalLB session runs over IPv6: IPv4 routes then need an IPv6 next hop (RFC 8950). */
  readonly metallbPeerIsIpv6: boolean;
  /** bgpd starts with -K: a graceful restart (frr/graceful-restart.ts). */
  readonly bgpdRestartsGracefully: boolean;
  /** How long the fabric's End-of-RIB waits for the speaker's, in the speaker's VRF instance. */
  readonly speakerEndOfRibWaitSeconds: number;
  /** Where the daemons log (they fork into the background); frr-supervisor follows it. */
  readonly logFile: string;
  /** The file each daemon reads its log settings from as it starts (daemon-log.conf). */
  readonly daemonLogConfig: string;
  /** Interfaces whose connected addresses are the node's own, advertised to the fabric. */
  readonly ownAddressInterfaces: readonly string[];
  readonly fabricPassword: string | undefined;
  /** The peer groups toward the fabric: `fabric` (unnumbered), and `fabric-numbered` with FABRIC_PEERS. */
  readonly fabricPeerGroups: readonly string[];
  /** The fabric peers by address (FABRIC_PEERS), in their own peer group. */
  readonly numbered: {
    readonly peers: readonly NumberedPeerView[];
    /** The ebgp-multihop hop count; undefined: directly connected. */
    readonly multihop: number | undefined;
  };
  /** Added toward the fabric: to the LoadBalancer routes, and to the node's own addresses. */
  readonly fabricExport: {
    readonly lbRoutes: Communities;
    readonly ownRoutes: Communities;
    /** ASN_LOCAL as often as it is prepended, space-separated; empty for none. */
    readonly prepend: string;
  };
  /** What the in-cluster speaker may announce (speaker-policy.ts). */
  readonly speaker: {
    readonly v4: readonly PrefixRule[];
    readonly v6: readonly PrefixRule[];
    readonly actionCommunities: readonly string[];
    readonly maxPrefixes: number;
    readonly password: string | undefined;
    readonly ttlSecurity: boolean;
  };
}

export interface NumberedPeerView {
  readonly address: string;
  /** An AS number, or `external`. */
  readonly remoteAs: string;
  readonly updateSource: string | undefined;
  /** An IPv6 session carrying IPv4 routes needs IPv6 next hops for them (RFC 8950). */
  readonly extendedNexthop: boolean;
}

export const ownAddressInterfaces = ['lo', 'dummy0', 'dummy1'] as const;

/** What this start is: `render` and `check` show a first start; `run` asks the kernel (graceful-restart.ts). */
export interface StartKind {
  readonly bgpdRestartsGracefully: boolean;
}

export const firstStart: StartKind = { bgpdRestartsGracefully: false };

export function buildView(settings: Settings, fabric: readonly FabricInterface[], start: StartKind = firstStart): ConfigView {
  return {
    bgpdRestartsGracefully: start.bgpdRestartsGracefully,
    speakerEndOfRibWaitSeconds,
    profile: settings.profile,
    routerId: settings.nodeIp.text,
    asnLocal: settings.asnLocal,
    asnVrfMetallb: settings.asnVrfMetallb,
    asnMetallbSpeaker: settings.asnMetallbSpeaker,
    vrf: settings.vrfName,
    fabricInterfaces: fabric.map((i) => i.name),
    bfd: settings.bfd,
    fabricPassword: settings.fabricPassword,
    fabricPeerGroups: settings.numberedPeers ? ['fabric', 'fabric-numbered'] : ['fabric'],
    numbered: numberedView(settings),
    fabricExport: {
      lbRoutes: joined(settings.fabricExport.communities, settings.fabricExport.lbCommunities),
      ownRoutes: settings.fabricExport.communities,
      prepend: Array.from({ length: settings.fabricExport.prepend }, () => String(settings.asnLocal)).join(' '),
    },
    metallbPeer: settings.peer.metallb.text,
    metallbPeerIsIpv6: settings.peer.family === 'ipv6',
    logFile: frrLogFile(settings),
    daemonLogConfig: `${settings.frr.configDir}/daemon-log.conf`,
    ownAddressInterfaces,
    speaker: {
      v4: speakerPrefixRules(settings, 'ipv4'),
      v6: speakerPrefixRules(settings, 'ipv6'),
      actionCommunities: wellKnownActionCommunities,
      maxPrefixes: settings.speaker.maxPrefixes,
      password: settings.speaker.password,
      ttlSecurity: settings.speaker.ttlSecurity,
    },
  };
}

function numberedView({ numberedPeers }: Settings): ConfigView['numbered'] {
  return {
    peers: (numberedPeers?.peers ?? []).map(({ address, asn }) => ({
      address: address.text,
      remoteAs: asn === undefined ? 'external' : String(asn),
      updateSource: numberedPeers?.source[address.family]?.text,
      extendedNexthop: address.family === 'ipv6',
    })),
    multihop: numberedPeers?.multihop,
  };
}

/** Both lists of communities, each community once. */
function joined(a: Communities, b: Communities): Communities {
  return { standard: [...new Set([...a.standard, ...b.standard])], large: [...new Set([...a.large, ...b.large])] };
}
