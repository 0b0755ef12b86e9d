import { addressBits, networkOf, networkText, parseIp, type IpAddress } from './ip.js';
import type { Cidr } from './schema-routing.js';
import { specialRanges } from './special-ranges.js';

/**
 * Why the speaker policy (render/speaker-policy.ts) refuses every address of an allowed prefix
 * before its permit: inside a special-purpose range, NODE_IP or a numbered fabric peer alone, or
 * inside the veth link. undefined when some address of it can be announced. Pure.
 */
export function whyRefusedWhole(
  cidr: Cidr,
  node: { nodeIp: IpAddress | undefined; fabricPeers: readonly IpAddress[]; peer: { frr: IpAddress; prefixLength: number } | undefined },
): string | undefined {
  const family = cidr.address.family;
  const inside = (network: IpAddress, length: number) =>
    network.family === family && cidr.length >= length && networkOf(cidr.address, length) === networkOf(network, length);
  for (const [range, what] of specialRanges[family]) {
    const [text = '', length = ''] = range.split('/');
    const network = parseIp(text);
    if (network && inside(network, Number(length))) return `is inside ${range} (${what}), which the speaker policy refuses`;
  }
  const alone = (address: IpAddress | undefined) => address !== undefined && cidr.length === addressBits[family] && address.text === cidr.address.text;
  if (alone(node.nodeIp)) return "is NODE_IP alone, the node's own address, which the speaker policy refuses";
  if (node.fabricPeers.some(alone)) return 'is a fabric peer alone (FABRIC_PEERS), which the speaker policy refuses';
  if (node.peer && inside(node.peer.frr, node.peer.prefixLength))
    return `is inside the veth link ${networkText(node.peer.frr, node.peer.prefixLength)}, which the speaker policy refuses`;
  return undefined;
}
