/**
 * The only module that imports `netlink`. It turns the package's messages into the product's
 * types, encodes what the package leaves as raw bytes (link info of vrf and veth devices, the
 * veth peer), and turns its failures into SystemError naming the operation, the object and the
 * errno: "could not create VRF metallb: EEXIST".
 */
// The package's parts that are used, not its index: that also loads nl80211, WireGuard and
// generic netlink, half of the bundle, evaluated at every start for nothing. Its typed rtnetlink
// socket (rt.js, whose generated tables are most of the package) is loaded at the first call that
// changes or lists more than links: `render` and `check` only dump the links, decoded here.
import { FlagsGet, FlagsNew, Protocol } from 'netlink/dist/constants.js';
import { createNetlink, type NetlinkSocket } from 'netlink/dist/netlink.js';
import type { RtNetlinkSocket } from 'netlink/dist/rt/rt.js';
import { SystemError } from '../errors.js';
import { parseIp } from '../config/ip.js';
import { ruleText, type AddressFamily, type HostAddress, type HostLink, type HostRule } from './links.js';
import { encodeAttribute, linkKind, parseAttributes, vethLinkInfo, vrfLinkInfo, vrfTable } from './rtattr.js';

export interface Rtnl {
  /** All links of this network namespace, from a single RTM_GETLINK dump. */
  listLinks(): Promise<HostLink[]>;
  listAddresses(): Promise<HostAddress[]>;
  listRules(family: AddressFamily): Promise<HostRule[]>;
  /** Routes of protocol bgp (what zebra installs for bgpd) in routing table `table`, both families. */
  countBgpRoutes(table: number): Promise<number>;
  createVrf(name: string, table: number): Promise<void>;
  createVethPair(name: string, peerName: string): Promise<void>;
  deleteLink(link: LinkRef): Promise<void>;
  setMaster(link: LinkRef, master: LinkRef): Promise<void>;
  setMtu(link: LinkRef, mtu: number): Promise<void>;
  setUp(link: LinkRef): Promise<void>;
  addAddress(link: LinkRef, address: string, prefixLength: number): Promise<void>;
  deleteAddress(link: LinkRef, address: string, prefixLength: number): Promise<void>;
  addRule(rule: HostRule): Promise<void>;
  deleteRule(rule: HostRule): Promise<void>;
  /** Calls `onChange` whenever a link is added, changed or removed (RTNLGRP_LINK); returns the stop. */
  watchLinks(onChange: () => void): () => void;
  close(): void;
}

/** A link by index, with its name for error messages. */
export interface LinkRef {
  readonly index: number;
  readonly name: string;
}

const AF_INET = 2;
const AF_INET6 = 10;
const familyNumber: Record<AddressFamily, number> = { ipv4: AF_INET, ipv6: AF_INET6 };
const RT_SCOPE_UNIVERSE = 0;
const RTPROT_BGP = 186;
/**
 * IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS: the kernel leaves the per-link counters out of the
 * dump. They are half of each message and the most costly part to decode; nothing here needs them.
 */
const skipStats = Buffer.from(Uint32Array.of(1 << 3).buffer);

const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
/** The multicast group of link notifications (RTNLGRP_LINK). */
const linkGroup = 1;
const RTM_GETLINK = 18;
const IFLA = { address: 1, ifname: 3, mtu: 4, link: 5, master: 10, linkinfo: 18, extMask: 29 } as const;
const IFF_UP = 1;

/**
 * One RTM_GETLINK dump, decoded here rather than by the package: it turns every attribute of
 * every link into objects (per-family configuration arrays included), which costs more than the
 * dump itself with a thousand links. Only the seven fields the product uses are read.
 */
async function dumpLinks(socket: NetlinkSocket): Promise<HostLink[]> {
  const request = Buffer.concat([Buffer.alloc(16), encodeAttribute(IFLA.extMask, skipStats)]);
  const [messages] = await socket.request(RTM_GETLINK, request, { flags: FlagsGet.DUMP });
  return messages
    .filter((message) => message.type === RTM_NEWLINK)
    .map((message) => {
      const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
      const index = data.readInt32LE(4);
      const attrs = parseAttributes(data.subarray(16));
      const u32 = (type: number) => attrs.get(type)?.readUInt32LE(0);
      const linkinfo = attrs.get(IFLA.linkinfo);
      return {
        index,
        name: attrs.get(IFLA.ifname)?.toString('utf8').replace(/\0+$/, '') ?? `#${index}`,
        mac: formatMac(attrs.get(IFLA.address)),
        mtu: u32(IFLA.mtu) ?? 0,
        kind: linkKind(linkinfo),
        masterIndex: u32(IFLA.master),
        up: (data.readUInt32LE(8) & IFF_UP) !== 0,
        linkIndex: u32(IFLA.link),
        vrfTable: vrfTable(linkinfo),
      };
    });
}
const RT_SCOPE_LINK = 253;

const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;
const RTA_TABLE = 15;
/**
 * Each route's protocol and table in one family, every table, from one RTM_GETROUTE dump.
 * Decoded here: the package's decoder throws on RTA_VIA ("Unexpected length for RouteVia"), which
 * every IPv4 route over an IPv6 next hop has (RFC 8950, what unnumbered BGP installs).
 */
async function dumpRoutes(socket: NetlinkSocket, family: number): Promise<{ protocol: number; table: number }[]> {
  const request = Buffer.alloc(12);
  request.writeUInt8(family, 0);
  const [messages] = await socket.request(RTM_GETROUTE, request, { flags: FlagsGet.DUMP });
  return messages
    .filter((message) => message.type === RTM_NEWROUTE && message.data.byteLength >= 12)
    .map((message) => {
      // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags; a table
      // past 255 only in RTA_TABLE.
      const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
      return { protocol: data[5] ?? 0, table: parseAttributes(data.subarray(12)).get(RTA_TABLE)?.readUInt32LE(0) ?? data[4] ?? 0 };
    });
}

function openRouteSocket(): NetlinkSocket {
  try {
    return createNetlink(Protocol.ROUTE);
  } catch (error) {
    throw kernelError('open an rtnetlink socket', 'NETLINK_ROUTE', error);
  }
}

export function openRtnl(): Rtnl {
  const socket = openRouteSocket();
  // The typed socket over the same one, made at its first use. rt.js is CommonJS: its exports are
  // the import's default in the bundle and in Node, its named exports under tsx (`npx tsx src/main.ts`).
  let typedSocket: Promise<RtNetlinkSocket> | undefined;
  const typed = () =>
    (typedSocket ??= import('netlink/dist/rt/rt.js').then((module) => {
      const Socket = (module as Partial<typeof module>).RtNetlinkSocket ?? module.default.RtNetlinkSocket;
      return new Socket(socket);
    }));
  const create = { flags: FlagsNew.CREATE | FlagsNew.EXCL };
  const attempt = async <T>(operation: string, object: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw kernelError(operation, object, error);
    }
  };
  /** `attempt` with the typed socket. */
  const attemptTyped = <T>(operation: string, object: string, run: (rt: RtNetlinkSocket) => Promise<T>): Promise<T> =>
    attempt(operation, object, async () => run(await typed()));

  return {
    listLinks: () => attempt('list', 'links', () => dumpLinks(socket)),
    watchLinks: (onChange) => {
      // A socket of its own: notifications never mix with the replies to the dumps above.
      let watcher: NetlinkSocket;
      try {
        watcher = createNetlink(Protocol.ROUTE);
        watcher.addMembership(linkGroup);
      } catch (error) {
        throw kernelError('watch', 'links (RTNLGRP_LINK)', error);
      }
      watcher.on('message', (messages) => {
        if ([messages].flat().some((message) => message.type === RTM_NEWLINK || message.type === RTM_DELLINK)) onChange();
      });
      watcher.unref();
      return () => watcher.close();
    },
    listAddresses: () =>
      attemptTyped('list', 'addresses', async (rt) =>
        (await rt.getAddresses()).flatMap((message) => {
          const family = message.data.family === AF_INET ? 'ipv4' : message.data.family === AF_INET6 ? 'ipv6' : undefined;
          const raw = message.attrs.local ?? message.attrs.address;
          if (!family || !raw) return [];
          const address = formatIp(raw);
          if (!address) return [];
          return [
            {
              linkIndex: message.data.index ?? 0,
              family,
              address,
              prefixLength: message.data.prefixlen ?? 0,
              linkLocal: message.data.scope === RT_SCOPE_LINK,
            } satisfies HostAddress,
          ];
        }),
      ),
    listRules: (family) =>
      attemptTyped('list', `${family} rules`, async (rt) =>
        (await rt.getRules({ family: familyNumber[family] })).map((message) => ({
          family,
          priority: message.attrs.priority ?? 0,
          l3mdev: (message.attrs.l3Mdev ?? 0) !== 0,
          table: message.attrs.table ?? message.data.table ?? 0,
        })),
      ),
    countBgpRoutes: (table) =>
      attempt(
        'count',
        `BGP routes in table ${table}`,
        async () =>
          [...(await dumpRoutes(socket, AF_INET)), ...(await dumpRoutes(socket, AF_INET6))].filter(
            (route) => route.protocol === RTPROT_BGP && route.table === table,
          ).length,
      ),
    createVrf: (name, table) =>
      attemptTyped('create VRF', name, async (rt) => {
        await rt.newLink({}, { ifname: name, linkinfo: vrfLinkInfo(table) }, create);
      }),
    createVethPair: (name, peerName) =>
      attemptTyped('create veth pair', `${name}/${peerName}`, async (rt) => {
        await rt.newLink({}, { ifname: name, linkinfo: vethLinkInfo(peerName) }, create);
      }),
    deleteLink: (link) =>
      attemptTyped('delete link', link.name, async (rt) => {
        await rt.delLink({ index: link.index });
      }),
    setMaster: (link, master) =>
      attemptTyped(`enslave link to ${master.name}`, link.name, async (rt) => {
        await rt.setLink({ index: link.index }, { master: master.index });
      }),
    setMtu: (link, mtu) =>
      attemptTyped(`set MTU ${mtu} on`, link.name, async (rt) => {
        await rt.setLink({ index: link.index }, { mtu });
      }),
    setUp: (link) =>
      attemptTyped('set up', link.name, async (rt) => {
        await rt.setLink({ index: link.index, flags: { up: true }, change: { up: true } });
      }),
    addAddress: (link, address, prefixLength) =>
      attemptTyped(`add address ${address}/${prefixLength} to`, link.name, async (rt) => {
        const ip = ipBytes(address);
        // IFA_F_NODAD: the address is usable at once; without it FRR could not bind to it for
        // about a second (duplicate address detection) on a link only this host uses.
        await rt.newAddress(
          { family: ip.family, prefixlen: prefixLength, index: link.index, scope: RT_SCOPE_UNIVERSE },
          { local: ip.bytes, address: ip.bytes, ...(ip.family === AF_INET6 ? { flags: { nodad: true } } : {}) },
          create,
        );
      }),
    deleteAddress: (link, address, prefixLength) =>
      attemptTyped(`delete address ${address}/${prefixLength} from`, link.name, async (rt) => {
        const ip = ipBytes(address);
        await rt.delAddress({ family: ip.family, prefixlen: prefixLength, index: link.index }, { local: ip.bytes, address: ip.bytes });
      }),
    addRule: (rule) =>
      attemptTyped('add rule', ruleText(rule), async (rt) => {
        await rt.newRule(ruleHeader(rule), ruleAttrs(rule), create);
      }),
    deleteRule: (rule) =>
      attemptTyped('delete rule', ruleText(rule), async (rt) => {
        await rt.delRule(ruleHeader(rule), ruleAttrs(rule));
      }),
    close() {
      socket.close();
    },
  };
}

function ruleHeader(rule: HostRule) {
  return { family: familyNumber[rule.family], action: 'toTbl' as const, table: rule.l3mdev ? 0 : rule.table };
}

function ruleAttrs(rule: HostRule) {
  return { priority: rule.priority, ...(rule.l3mdev ? { l3Mdev: 1 } : { table: rule.table }) };
}

function formatMac(address: Uint8Array | undefined): string | undefined {
  if (!address || address.length !== 6 || address.every((byte) => byte === 0)) return undefined;
  return Array.from(address, (byte) => byte.toString(16).padStart(2, '0')).join(':');
}

function formatIp(raw: Uint8Array): string | undefined {
  if (raw.length === 4) return Array.from(raw).join('.');
  if (raw.length !== 16) return undefined;
  const groups = Array.from({ length: 8 }, (_, i) => ((raw[2 * i] ?? 0) * 256 + (raw[2 * i + 1] ?? 0)).toString(16));
  return parseIp(groups.join(':'))?.text;
}

function ipBytes(text: string): { family: number; bytes: Buffer } {
  const ip = parseIp(text);
  if (!ip) throw new Error(`not an IP address: ${text}`);
  const length = ip.family === 'ipv4' ? 4 : 16;
  const bytes = Buffer.alloc(length);
  let value = ip.value;
  for (let i = length - 1; i >= 0; i -= 1) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return { family: familyNumber[ip.family], bytes };
}

/** The errno name from the netlink package's "Request rejected: EEXIST", or the message. */
export function errnoOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /Request rejected: (\w+)/.exec(message)?.[1] ?? message;
}

export function kernelError(operation: string, object: string, error: unknown): SystemError {
  return new SystemError(`could not ${operation} ${object}: ${errnoOf(error)}`, [], { cause: error });
}
