import { Address4, Address6 } from 'ip-address';

export type Family = 'ipv4' | 'ipv6';

export interface IpAddress {
  readonly family: Family;
  /** Canonical text: dotted quad, or RFC 5952 for IPv6. Comparisons always use this form. */
  readonly text: string;
  /** The address as a number, for subnet arithmetic. */
  readonly value: bigint;
}

const dottedQuad = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// Hex groups, colons and an optional trailing dotted quad: no zone (%eth0), no prefix (/64).
const ipv6Text = /^[0-9A-Fa-f:.]+$/;

export function parseIpv4(text: string): IpAddress | undefined {
  if (!dottedQuad.test(text)) return undefined;
  const address = new Address4(text);
  return { family: 'ipv4', text: address.correctForm(), value: address.bigInt() };
}

export function parseIpv6(text: string): IpAddress | undefined {
  if (!ipv6Text.test(text) || !text.includes(':') || !Address6.isValid(text)) return undefined;
  const address = new Address6(text);
  return { family: 'ipv6', text: address.correctForm(), value: address.bigInt() };
}

export function parseIp(text: string): IpAddress | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

export const addressBits: Record<Family, number> = { ipv4: 32, ipv6: 128 };

export function networkOf(address: IpAddress, prefixLength: number): bigint {
  const hostBits = BigInt(addressBits[address.family] - prefixLength);
  return (address.value >> hostBits) << hostBits;
}

export function hostPart(address: IpAddress, prefixLength: number): bigint {
  const hostBits = BigInt(addressBits[address.family] - prefixLength);
  return address.value & ((1n << hostBits) - 1n);
}

/** fe80::/10 or 169.254/16: meaningful only together with an interface. */
export function isLinkLocal(address: IpAddress): boolean {
  return address.family === 'ipv6' ? new Address6(address.text).isLinkLocal() : address.value >> 16n === 0xa9fen;
}

/** Why an address cannot be a unicast address on the veth link, or undefined when it can. */
export function unusableReason(address: IpAddress): string | undefined {
  if (address.family === 'ipv4') {
    const first = Number(address.value >> 24n);
    if (address.value === 0n) return 'is the unspecified address';
    if (first === 0) return 'is in 0.0.0.0/8, "this network" (RFC 791)';
    if (first === 127) return 'is a loopback address';
    if (first >= 224) return 'is a multicast or reserved address';
    if (isLinkLocal(address)) return 'is link-local';
    return undefined;
  }
  const a = new Address6(address.text);
  if (a.isUnspecified()) return 'is the unspecified address';
  if (a.isLoopback()) return 'is the loopback address';
  if (a.isMulticast()) return 'is a multicast address';
  if (isLinkLocal(address)) return 'is link-local (MetalLB cannot peer with a zone-scoped address)';
  if (a.isMapped4()) return 'is an IPv4-mapped IPv6 address';
  return undefined;
}

/** The network of `address`/`prefixLength` as CIDR text, canonical ("fda1:b2c3:d4e5:1::/127"). */
export function networkText(address: IpAddress, prefixLength: number): string {
  const network = networkOf(address, prefixLength);
  const text = address.family === 'ipv4' ? Address4.fromBigInt(network).correctForm() : Address6.fromBigInt(network).correctForm();
  return `${text}/${prefixLength}`;
}

/**
 * The MTUs a veth leg carrying this family takes: 68 is IPv4's minimum (RFC 791), 1280 IPv6's
 * (RFC 8200), 65535 the most a veth takes.
 */
export function mtuRange(family: Family): { readonly min: number; readonly max: number } {
  return { min: family === 'ipv6' ? 1280 : 68, max: 65535 };
}
