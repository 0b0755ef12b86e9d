/** The schemas of what the node exchanges routes with and adds to them: prefixes, communities, numbered peers. */
import { isLinkLocal, parseIp, unusableReason, type IpAddress } from './ip.js';
import { asnSchema, maxAsn } from './schema.js';
import { duplicatesIn, listItems, listLimits, parsed, problem, wholeNumberIn, wholeNumberSchema } from './schema-kit.js';
import { shown } from './shown.js';

/** A prefix in CIDR form, its network canonical ("10.96.0.0/16"). */
export interface Cidr {
  readonly address: IpAddress;
  readonly length: number;
  readonly text: string;
}

/**
 * The shortest prefix the in-cluster speaker may announce, per family: a LoadBalancer pool or a
 * part of one, never a default route, its halves or a whole private range (speaker policy).
 */
export const shortestSpeakerPrefix = { ipv4: 16, ipv6: 48 } as const;

export const cidrListSchema = parsed((text, report) => {
  const expected = 'comma-separated prefixes in CIDR form, e.g. 10.96.0.0/16,2001:db8:96::/48';
  const cidrs: Cidr[] = [];
  for (const item of listItems(text, listLimits.allowedPrefixes, report)) {
    const [addressText = '', lengthText = '', ...extra] = item.split('/');
    const address = parseIp(addressText);
    const bits = address?.family === 'ipv4' ? 32 : 128;
    if (!address || extra.length > 0 || !/^\d{1,3}$/.test(lengthText) || Number(lengthText) > bits) {
      report(problem(`${shown(item)} is not a prefix`, expected));
      continue;
    }
    const length = Number(lengthText);
    const hostBits = BigInt(bits - length);
    const network = (address.value >> hostBits) << hostBits;
    if (network !== address.value) {
      report(
        problem(
          `${shown(item)} has host bits set`,
          `the network address with that length, e.g. ${address.family === 'ipv4' ? '10.96.0.0/16' : '2001:db8:96::/48'}`,
        ),
      );
      continue;
    }
    const shortest = shortestSpeakerPrefix[address.family];
    if (length < shortest) {
      report(
        problem(
          `${shown(item)} is shorter than /${shortest}, the shortest prefix the speaker may announce`,
          `the LoadBalancer pools themselves, /${shortest} or longer`,
        ),
      );
      continue;
    }
    cidrs.push({ address, length, text: `${address.text}/${length}` });
  }
  const repeated = duplicatesIn(cidrs.map((c) => c.text));
  if (repeated.length > 0) report(problem(`${repeated.join(', ')} listed twice`, 'each prefix once'));
  return cidrs;
});

export const maxPrefixesSchema = wholeNumberSchema(1, 1_000_000, 'not a number of prefixes', 'a whole number from 1 to 1000000, e.g. 1000');

/** BGP communities to add to what this node advertises: standard (RFC 1997) and large (RFC 8092). */
export interface Communities {
  readonly standard: readonly string[];
  readonly large: readonly string[];
}

export const communityListSchema = parsed((text, report): Communities => {
  const expected =
    'comma-separated communities, standard ASN:VALUE (0..65535 each) or large GLOBAL:DATA1:DATA2 (0..4294967295 each), e.g. 64512:100,4200001001:1:2';
  const standard: string[] = [];
  const large: string[] = [];
  for (const item of listItems(text, listLimits.communities, report)) {
    const parts = item.split(':');
    // Standard: two 16-bit numbers; large: three 32-bit ones.
    const numbers = parts.map((part) => wholeNumberIn(part, 0, parts.length === 2 ? 65535 : maxAsn));
    if ((parts.length !== 2 && parts.length !== 3) || numbers.some((n) => n === undefined)) {
      report(problem(`${shown(item)} is not a community`, expected));
    } else if (parts.length === 3) {
      large.push(numbers.join(':'));
    } else if (numbers[0] === 0 || numbers[0] === 65535) {
      // 0:x and 65535:x are reserved (RFC 1997): the well-known ones change what the leaves do.
      report(
        problem(
          `${shown(item)} is a reserved or well-known community (BLACKHOLE, NO_EXPORT, GRACEFUL_SHUTDOWN: use BGP_GRACEFUL_SHUTDOWN for the drain)`,
          'a community of your own AS, e.g. 64512:100',
        ),
      );
    } else {
      standard.push(numbers.join(':'));
    }
  }
  const repeated = duplicatesIn([...standard, ...large]);
  if (repeated.length > 0) report(problem(`${repeated.join(', ')} listed twice`, 'each community once'));
  return { standard, large };
});

export const prependSchema = wholeNumberSchema(0, 10, 'not a number of times', 'how often to prepend ASN_LOCAL, 0 to 10, e.g. 2');

/** A fabric peer by address: its AS, or undefined for `remote-as external` (any AS but ours). */
export interface FabricPeer {
  readonly address: IpAddress;
  readonly asn: number | undefined;
}

export const fabricPeerListSchema = parsed((text, report): FabricPeer[] => {
  const expected = 'comma-separated peer addresses, each optionally @ its AS, e.g. fd00:101::fffe@4200001000,10.5.0.1';
  const peers: FabricPeer[] = [];
  for (const item of listItems(text, listLimits.fabricPeers, report)) {
    const [addressText = '', asnText, ...extra] = item.split('@');
    const address = parseIp(addressText);
    if (!address || extra.length > 0 || asnText === '') {
      report(problem(`${shown(item)} is not a peer address`, expected));
      continue;
    }
    if (isLinkLocal(address)) {
      report(
        problem(
          `${shown(item)} is link-local, which needs its interface`,
          'a global or unique-local address; a peer on a fabric port by its link-local address is an unnumbered one: FE_MACS or FE_PORT_NAMES',
        ),
      );
      continue;
    }
    const unusable = unusableReason(address);
    if (unusable) {
      report(problem(`${shown(item)} ${unusable}`, 'the unicast address of a router, e.g. fd00:101::fffe'));
      continue;
    }
    let asn: number | undefined;
    if (asnText !== undefined) {
      const parsed = asnSchema.safeParse(asnText);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) report(`${shown(item)}: its AS ${issue.message}`);
        continue;
      }
      asn = parsed.data;
    }
    peers.push({ address, asn });
  }
  const repeated = duplicatesIn(peers.map((peer) => peer.address.text));
  if (repeated.length > 0) report(problem(`${repeated.join(', ')} listed twice`, 'each peer once'));
  return peers;
});

/** eBGP multihop: the most hops away a numbered peer may be (TTL of its packets). */
export const multihopSchema = wholeNumberSchema(2, 255, 'not a hop count', 'the hops to the peers, 2 to 255, e.g. 2 (unset: directly connected)');

/** The node's source address toward numbered peers, at most one per family. */
export interface SourceAddresses {
  readonly ipv4: IpAddress | undefined;
  readonly ipv6: IpAddress | undefined;
}

export const sourceAddressesSchema = parsed((text, report): SourceAddresses => {
  const expected = "the node's own addresses, at most one IPv4 and one IPv6, comma-separated, e.g. 10.0.0.3,fd00::3";
  const found: { ipv4: IpAddress | undefined; ipv6: IpAddress | undefined } = { ipv4: undefined, ipv6: undefined };
  for (const item of listItems(text, listLimits.sourceAddresses, report)) {
    const address = parseIp(item);
    const unusable = address && unusableReason(address);
    if (!address || unusable) {
      report(problem(`${shown(item)} ${unusable ?? 'is not an IP address'}`, expected));
    } else if (found[address.family]) {
      report(problem(`${found[address.family]?.text} and ${address.text} are both ${address.family}`, expected));
    } else {
      found[address.family] = address;
    }
  }
  return found;
});
