import { listLimits } from '../../src/config/schema-kit.js';

/**
 * A node's settings with every list at its most and its longest items (listLimits), and the
 * links its ports need: what test/golden/list-limits.test.ts has FRR check on each version and
 * bench/check-at-limits.ts times.
 */
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
export const portsAtLimits = range(listLimits.ports).map((i) => `fabricport${i}`);
export const settingsAtLimits: Readonly<Record<string, string>> = {
  NODE_IP: '10.10.10.10',
  ASN_LOCAL: '4294967294',
  FE_PORT_NAMES: portsAtLimits.join(','),
  FABRIC_PEERS: range(listLimits.fabricPeers)
    .map((i) => `fd00:4242:4242:4242:4242:4242:4242:${(i + 1).toString(16)}@4294967290`)
    .join(','),
  FABRIC_PEER_SOURCE: '10.10.10.10,fd00:4242:4242:4242:4242:4242:4242:ffff',
  FABRIC_PEER_MULTIHOP: '2',
  SPEAKER_ALLOWED_PREFIXES: [
    ...range(listLimits.allowedPrefixes / 2).map((i) => `10.${128 + i}.0.0/16`),
    ...range(listLimits.allowedPrefixes / 2).map((i) => `2001:db8:${i.toString(16)}::/48`),
  ].join(','),
  FABRIC_COMMUNITIES: range(listLimits.communities)
    .map((i) => `4294967295:4294967295:${4294967295 - i}`)
    .join(','),
  FABRIC_LB_COMMUNITIES: range(listLimits.communities)
    .map((i) => `4294967294:4294967294:${4294967295 - i}`)
    .join(','),
};
export const linksAtLimits = portsAtLimits.map((name) => ({ name, mtu: 9000 }));

export function envFileOf(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}
