import { addressBits, networkText, type Family } from '../config/ip.js';
import { shortestSpeakerPrefix } from '../config/schema-routing.js';
import { specialRanges } from '../config/special-ranges.js';
import type { Settings } from '../config/settings.js';

/**
 * What the in-cluster speaker (MetalLB, Cilium) may announce: the same for every node, with no
 * setting needed, because the speaker is a pod and a pod is not trusted with the fabric. Refused
 * first (FRR takes a prefix-list's first match): the special-purpose ranges no LoadBalancer IP is
 * in, the node's own address, the numbered fabric peers' addresses, the veth link itself, and anything shorter than a LoadBalancer
 * pool could be (a default route and its halves, whole private ranges); then permitted:
 * anything else, or only what SPEAKER_ALLOWED_PREFIXES lists. Pure: settings in, rules out.
 */
export interface PrefixRule {
  readonly action: 'permit' | 'deny';
  /** "127.0.0.0/8 le 32": the prefix and, where longer ones match too, their bound. */
  readonly match: string;
  /** For the comment above it in frr.conf. */
  readonly why: string;
}

/** A prefix and every longer one inside it; FRR refuses `le` equal to the prefix's own length. */
function within(prefix: string, family: Family): string {
  const length = Number(prefix.split('/')[1]);
  return length < addressBits[family] ? `${prefix} le ${addressBits[family]}` : prefix;
}

export function speakerPrefixRules(settings: Pick<Settings, 'nodeIp' | 'peer' | 'speaker' | 'numberedPeers'>, family: Family): PrefixRule[] {
  const any = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
  const shortest = shortestSpeakerPrefix[family];
  const rules: PrefixRule[] = specialRanges[family].map(([prefix, why]) => ({ action: 'deny', match: within(prefix, family), why }));
  if (settings.nodeIp.family === family)
    rules.push({ action: 'deny', match: `${settings.nodeIp.text}/${addressBits[family]}`, why: "the node's own address (NODE_IP)" });
  for (const peer of settings.numberedPeers?.peers ?? []) {
    if (peer.address.family !== family) continue;
    rules.push({
      action: 'deny',
      match: `${peer.address.text}/${addressBits[family]}`,
      why: 'a fabric peer (FABRIC_PEERS): a route to it from the speaker would take its session',
    });
  }
  if (settings.peer.family === family) {
    rules.push({
      action: 'deny',
      match: within(networkText(settings.peer.frr, settings.peer.prefixLength), family),
      why: 'the veth link between FRR and the speaker',
    });
  }
  rules.push({ action: 'deny', match: `${any} le ${shortest - 1}`, why: `shorter than /${shortest}: a default route, its halves, whole ranges` });
  const allowed = settings.speaker.allowedPrefixes;
  if (allowed === undefined) rules.push({ action: 'permit', match: within(any, family), why: 'anything else' });
  else
    for (const cidr of allowed.filter((c) => c.address.family === family))
      rules.push({ action: 'permit', match: within(cidr.text, family), why: 'SPEAKER_ALLOWED_PREFIXES' });
  return rules;
}

/**
 * BGP's well-known action communities (RFC 1997, 7999, 8326, 7611, 9494...), all in 65535:x: a
 * speaker could blackhole, drain or hide a route at the leaves with one. Deleted from whatever it
 * announces; its other communities pass, for the fabric's own policy.
 */
export const wellKnownActionCommunities: readonly string[] = [
  '65535:0', // GRACEFUL_SHUTDOWN
  '65535:1', // ACCEPT_OWN
  '65535:2', // ROUTE_FILTER_TRANSLATED_v4
  '65535:3', // ROUTE_FILTER_v4
  '65535:4', // ROUTE_FILTER_TRANSLATED_v6
  '65535:5', // ROUTE_FILTER_v6
  '65535:6', // LLGR_STALE
  '65535:7', // NO_LLGR
  '65535:8', // ACCEPT_OWN_NEXTHOP
  '65535:666', // BLACKHOLE
  '65535:65281', // NO_EXPORT
  '65535:65282', // NO_ADVERTISE
  '65535:65283', // NO_EXPORT_SUBCONFED
  '65535:65284', // NOPEER
];
