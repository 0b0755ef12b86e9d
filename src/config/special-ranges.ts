import type { Family } from './ip.js';

/**
 * Special-purpose ranges (RFC 6890 and its successors) that hold no LoadBalancer IP and no node
 * address: the speaker policy refuses them (render/speaker-policy.ts), and the settings refuse an
 * allowed prefix or a NODE_IP inside one. [CIDR, what it is].
 */
export const specialRanges: Readonly<Record<Family, readonly (readonly [string, string])[]>> = {
  ipv4: [
    ['0.0.0.0/8', '"this network" (RFC 791)'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['224.0.0.0/4', 'multicast'],
    ['240.0.0.0/4', 'reserved, and the limited broadcast address'],
  ],
  ipv6: [
    ['::/8', 'unspecified, loopback, IPv4-mapped and IPv4-compatible addresses'],
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
  ],
};
