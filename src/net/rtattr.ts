/**
 * Decoding of the netlink attributes the `netlink` package leaves as raw bytes. Layout of one
 * attribute (struct rtattr): u16 length (header included), u16 type, payload, padding to 4.
 */
export function parseAttributes(buffer: Uint8Array): Map<number, Buffer> {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const attributes = new Map<number, Buffer>();
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const length = bytes.readUInt16LE(offset);
    const type = bytes.readUInt16LE(offset + 2) & 0x3fff; // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
    if (length < 4 || offset + length > bytes.length) break;
    attributes.set(type, bytes.subarray(offset + 4, offset + length));
    offset += (length + 3) & ~3;
  }
  return attributes;
}

const IFLA_INFO_KIND = 1;

/** The link kind from IFLA_LINKINFO ("veth", "vrf", "bond", ...). */
export function linkKind(linkinfo: Uint8Array | undefined): string | undefined {
  if (!linkinfo) return undefined;
  const kind = parseAttributes(linkinfo).get(IFLA_INFO_KIND);
  return kind ? kind.toString('latin1').replace(/\0+$/, '') : undefined;
}
