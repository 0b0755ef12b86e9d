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

/** One netlink attribute: type and payload, padded to 4 bytes. */
export function encodeAttribute(type: number, payload: Buffer): Buffer {
  const length = 4 + payload.length;
  const padded = Buffer.alloc((length + 3) & ~3);
  padded.writeUInt16LE(length, 0);
  padded.writeUInt16LE(type, 2);
  payload.copy(padded, 4);
  return padded;
}

export function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

export function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

const IFLA_INFO_DATA = 2;
const IFLA_VRF_TABLE = 1;
const VETH_INFO_PEER = 1;
const IFLA_IFNAME = 3;
const ifinfomsgLength = 16;

/** IFLA_LINKINFO for a VRF device: kind "vrf", data { IFLA_VRF_TABLE }. */
export function vrfLinkInfo(table: number): Buffer {
  return Buffer.concat([encodeAttribute(IFLA_INFO_KIND, cString('vrf')), encodeAttribute(IFLA_INFO_DATA, encodeAttribute(IFLA_VRF_TABLE, u32(table)))]);
}

/** IFLA_LINKINFO for a veth pair: kind "veth", data { VETH_INFO_PEER: ifinfomsg + IFLA_IFNAME }. */
export function vethLinkInfo(peerName: string): Buffer {
  const peer = Buffer.concat([Buffer.alloc(ifinfomsgLength), encodeAttribute(IFLA_IFNAME, cString(peerName))]);
  return Buffer.concat([encodeAttribute(IFLA_INFO_KIND, cString('veth')), encodeAttribute(IFLA_INFO_DATA, encodeAttribute(VETH_INFO_PEER, peer))]);
}

/** The routing table of a VRF device, from IFLA_LINKINFO's IFLA_INFO_DATA. */
export function vrfTable(linkinfo: Uint8Array | undefined): number | undefined {
  if (!linkinfo || linkKind(linkinfo) !== 'vrf') return undefined;
  const data = parseAttributes(linkinfo).get(IFLA_INFO_DATA);
  const table = data ? parseAttributes(data).get(IFLA_VRF_TABLE) : undefined;
  return table && table.length >= 4 ? table.readUInt32LE(0) : undefined;
}
