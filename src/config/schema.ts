// zod's mini API, not its classic one: every schema of the classic API gets some fifty methods
// as closures when it is made, which was a tenth of `render`'s time on Node 24. A namespace
// import lets esbuild leave out the parts never used.
import * as z from 'zod/mini';
import { isLinkLocal, parseIpv4, unusableReason, type IpAddress, parseIp } from './ip.js';
import { shown } from './shown.js';

/**
 * One zod schema per variable, each taking the raw string (already trimmed, never empty) and
 * producing the typed value. Messages read "<what is wrong>; expected <what would be right>":
 * the error formatter puts the variable's name and value in front.
 */

const problem = (wrong: string, expected: string) => `${wrong}; expected ${expected}`;

/** What a variable's parser reports a problem with: the message, "<what is wrong>; expected ...". */
type Report = (message: string) => void;

/**
 * A variable's schema: its raw string through `parse`, which reports each problem (and may go on
 * to find more) and returns the typed value, or z.NEVER once it cannot.
 */
function parsed<T>(parse: (text: string, report: Report) => T) {
  return z.pipe(
    z.string(),
    z.transform((text: string, ctx) => parse(text, (message) => ctx.issues.push({ code: 'custom', message, input: text }))),
  );
}

/** A string schema that only checks: `check` reports each problem. */
function checked(check: (text: string, report: Report) => void) {
  return z.string().check(z.superRefine((text: string, ctx) => check(text, (message) => ctx.addIssue({ code: 'custom', message }))));
}

const maxAsn = 4294967295;

/**
 * `text` as a whole number from min to max, or undefined: decimal digits only (no sign, no
 * exponent, no blanks), and never more digits than max has, so a million zeros is not a 0.
 */
function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text) || text.length > String(max).length) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** A whole number from min to max; anything else is `wrong` and wants `expected`. */
const wholeNumberSchema = (min: number, max: number, wrong: string, expected: string) =>
  parsed((text, report) => {
    const value = wholeNumberIn(text, min, max);
    if (value === undefined) {
      report(problem(wrong, expected));
      return z.NEVER;
    }
    return value;
  });
const linuxNameBytes = 15; // IFNAMSIZ - 1

/** AS numbers no BGP speaker may use as its own (IANA's special-purpose AS registry). */
const reservedAsns: ReadonlyMap<number, string> = new Map([
  [23456, 'AS_TRANS, RFC 6793'],
  [65535, 'RFC 7300'],
  [4294967295, 'RFC 7300'],
]);

/** AS numbers for documentation (RFC 5398): they work, but are meant for examples. */
export function isDocumentationAsn(asn: number): boolean {
  return (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551);
}

export const asnSchema = parsed((text, report) => {
  if (!/^\d+$/.test(text)) {
    const hint = /^\d+\.\d+$/.test(text) ? ' (asdot notation is not accepted by FRR 8)' : '';
    report(problem(`not a whole number${hint}`, 'an AS number from 1 to 4294967295, e.g. 4200001001'));
    return z.NEVER;
  }
  const asn = wholeNumberIn(text, 1, maxAsn);
  if (asn === undefined) {
    report(problem('out of range', 'an AS number from 1 to 4294967295'));
    return z.NEVER;
  }
  const reserved = reservedAsns.get(asn);
  if (reserved) {
    report(problem(`${asn} is reserved (${reserved})`, 'a private AS, e.g. 4200001001 (RFC 6996: 64512-65534, 4200000000-4294967294)'));
    return z.NEVER;
  }
  return asn;
});

/**
 * Linux accepts almost any byte in an interface name; FRR's config parser does not (a space
 * splits the word, `!` or `#` can start a comment). Accept the characters real interface names
 * use, so a name can never change the shape of an frr.conf line.
 */
const linuxNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function linuxNameProblem(text: string): string | undefined {
  const expected = 'a Linux interface name of at most 15 bytes, of letters, digits, _ . -, e.g. eth0';
  if (Buffer.byteLength(text) > linuxNameBytes) return problem(`${Buffer.byteLength(text)} bytes long`, expected);
  if (!linuxNamePattern.test(text)) return problem('not a valid interface name', expected);
  return undefined;
}

export const interfaceNameSchema = checked((text, report) => {
  const issue = linuxNameProblem(text);
  if (issue) report(issue);
});

export const vrfNameSchema = checked((text, report) => {
  const issue = linuxNameProblem(text);
  if (issue) report(issue);
  // FRR reserves "default" for the default VRF; lo is the loopback device.
  else if (text === 'default' || text === 'lo') report(problem(`"${text}" is reserved`, 'another name, e.g. metallb'));
});

/**
 * The most items each list may hold: within what FRR checks and starts in the start budget, and
 * short enough that every line rendered from a list stays far inside the 4,095 bytes FRR reads
 * a config line in (test/golden/list-limits.test.ts renders and checks each list at its most).
 * Real nodes have a handful of each.
 */
export const listLimits = { ports: 64, fabricPeers: 64, sourceAddresses: 2, allowedPrefixes: 256, communities: 32 } as const;

/**
 * Splits a comma-separated list; blanks around commas are forgiven, empty items are not. A list
 * longer than `most` is reported, and none of its items looked at.
 */
function listItems(text: string, most: number, report: Report): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.length <= most) return items;
  report(problem(`${items.length} items`, `at most ${most}`));
  return [];
}

function duplicatesIn(items: readonly string[]): string[] {
  return [...new Set(items.filter((item, i) => items.indexOf(item) !== i))];
}

const macPattern = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

export const macListSchema = parsed((text, report) => {
  const expected = 'comma-separated MACs of six hex pairs, e.g. 02:00:00:00:00:01,02:00:00:00:00:02';
  const macs: string[] = [];
  for (const item of listItems(text, listLimits.ports, report)) {
    if (!macPattern.test(item)) {
      report(problem(`${shown(item)} is not a MAC address`, expected));
      continue;
    }
    const mac = item.toLowerCase().replaceAll('-', ':');
    const firstOctet = parseInt(mac.slice(0, 2), 16);
    if (mac === '00:00:00:00:00:00') {
      report(problem(`${mac} is the all-zero MAC`, 'the MAC of a fabric NIC'));
    } else if (firstOctet & 1) {
      // ff:ff:ff:ff:ff:ff is the broadcast address: the old regex lookup matched every link with it.
      report(problem(`${mac} is a broadcast or multicast MAC, which no NIC has`, 'the MAC of a fabric NIC'));
    } else {
      macs.push(mac);
    }
  }
  const repeated = duplicatesIn(macs);
  if (repeated.length > 0) {
    report(problem(`${repeated.join(', ')} listed twice`, 'each MAC once'));
  }
  return macs;
});

export const portNameListSchema = parsed((text, report) => {
  const names = listItems(text, listLimits.ports, report);
  for (const name of names) {
    const issue = linuxNameProblem(name);
    if (issue) report(`${shown(name)}: ${issue}`);
  }
  const repeated = duplicatesIn(names);
  if (repeated.length > 0) {
    report(problem(`${repeated.join(', ')} listed twice`, 'each interface once'));
  }
  return names;
});

export const nodeIpSchema = parsed((text, report) => {
  const expected = "the node's IPv4 address as a dotted quad, e.g. 10.10.10.10";
  const address = parseIpv4(text);
  if (!address) {
    const wrong = parseIp(text) ? 'an IPv6 address (the BGP router-id must be IPv4)' : 'not an IPv4 address';
    report(problem(wrong, expected));
    return z.NEVER;
  }
  const unusable = unusableReason(address);
  if (unusable || address.text === '255.255.255.255') {
    report(problem(unusable ?? 'is the broadcast address', expected));
    return z.NEVER;
  }
  return address;
});

export const peerIpSchema = parsed((text, report): IpAddress => {
  const address = parseIp(text);
  if (!address) {
    report(problem('not an IP address', 'an IPv6 address such as fda1:b2c3:d4e5:1::1, or IPv4 such as 192.168.250.255'));
    return z.NEVER;
  }
  const unusable = unusableReason(address);
  if (unusable) {
    report(problem(unusable, 'a unicast address, e.g. from fd00::/8'));
    return z.NEVER;
  }
  return address;
});

export const prefixLengthSchema = wholeNumberSchema(0, 128, 'not a prefix length', '127 for IPv6 or 31 for IPv4');

const reservedTables = new Map([
  [0, 'the unspecified table'],
  [253, 'the default table'],
  [254, 'the main table'],
  [255, 'the local table'],
]);

export const tableIdSchema = parsed((text, report) => {
  const expected = 'a routing table id from 1 to 4294967295 other than 253, 254, 255, e.g. 88';
  const id = wholeNumberIn(text, 0, maxAsn);
  if (id === undefined) {
    report(problem('not a table id', expected));
    return z.NEVER;
  }
  const reserved = reservedTables.get(id);
  if (reserved) {
    report(problem(`${id} is ${reserved}`, expected));
    return z.NEVER;
  }
  return id;
});

/** Range checks against the address family happen with the other variables in settings.ts. */
export const mtuSchema = wholeNumberSchema(0, 99999, 'not a whole number', 'an MTU from 1280 to 65535, e.g. 9000');

export const waitSecondsSchema = wholeNumberSchema(0, 3600, 'not a number of seconds', 'a whole number from 0 to 3600, e.g. 60');

/** One of `values`, in any case, as written there; anything else is `wrong` and wants `expected`. */
function oneOf<const T extends string>(values: readonly T[], wrong: string, expected: string) {
  return parsed((text, report): T => {
    const value = values.find((candidate) => candidate === text.toLowerCase());
    if (value === undefined) {
      report(problem(wrong, expected));
      return z.NEVER;
    }
    return value;
  });
}

const truthy = ['true', 'yes', 'on', '1', 'enabled', 'enable'];
const falsy = ['false', 'no', 'off', '0', 'disabled', 'disable'];

export const booleanSchema = parsed((text, report) => {
  const value = text.toLowerCase();
  if (truthy.includes(value)) return true;
  if (falsy.includes(value)) return false;
  report(problem('not a boolean', 'true or false (also yes/no, on/off, 1/0)'));
  return z.NEVER;
});

export const profileSchema = oneOf(['datacenter', 'traditional'], 'not an FRR defaults profile', 'datacenter or traditional');

export const logFormatSchema = oneOf(['text', 'json'], 'not a log format', 'text or json');

export const pollSecondsSchema = wholeNumberSchema(1, 300, 'not a number of seconds', 'a whole number from 1 to 300, e.g. 5');

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
      report(problem(`${shown(item)} has host bits set`, `the network address with that length, e.g. ${address.family === 'ipv4' ? '10.96.0.0/16' : '2001:db8:96::/48'}`));
      continue;
    }
    const shortest = shortestSpeakerPrefix[address.family];
    if (length < shortest) {
      report(problem(`${shown(item)} is shorter than /${shortest}, the shortest prefix the speaker may announce`, `the LoadBalancer pools themselves, /${shortest} or longer`));
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
  const expected = 'comma-separated communities, standard ASN:VALUE (0..65535 each) or large GLOBAL:DATA1:DATA2 (0..4294967295 each), e.g. 64512:100,4200001001:1:2';
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
      report(problem(`${shown(item)} is a reserved or well-known community (BLACKHOLE, NO_EXPORT, GRACEFUL_SHUTDOWN: use BGP_GRACEFUL_SHUTDOWN for the drain)`, 'a community of your own AS, e.g. 64512:100'));
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
      report(problem(`${shown(item)} is link-local, which needs its interface`, 'a global or unique-local address; a peer on a fabric port by its link-local address is an unnumbered one: FE_MACS or FE_PORT_NAMES'));
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

/** TCP MD5's key is at most 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
const longestPassword = 80;
/**
 * Fewer characters guess too easily, and a secret is hidden wherever it appears in the output:
 * a short one would blank out ordinary words.
 */
export const shortestPassword = 8;
/**
 * The characters a session password may have: one word on its frr.conf line whatever FRR's
 * parser makes of quotes, comments or help characters, and as it is in JSON and in a shell. A
 * base64 or hex secret fits; the value is never shown, only its length.
 */
const passwordPattern = /^[A-Za-z0-9+/=._:,@%^*~-]+$/;

export const passwordSchema = checked((text, report) => {
  const expected = `${shortestPassword} to ${longestPassword} letters, digits and + / = . _ : , @ % ^ * ~ -, e.g. from openssl rand -base64 32`;
  if (text.length > longestPassword || text.length < shortestPassword) report(problem(`${text.length} characters long`, expected));
  else if (!passwordPattern.test(text)) report(problem('has a character FRR or its config file could take apart (a blank, a quote, !, #, ...)', expected));
});

/** Absolute paths of plain characters: they end up on FRR's command lines. */
export const absolutePathSchema = checked((text, report) => {
  if (!/^\/[A-Za-z0-9_./-]*$/.test(text) || text.includes('..')) {
    report(problem('not an absolute path of letters, digits, _ . - /', 'e.g. /etc/frr'));
  }
});

export const startCommandSchema = parsed((text, report) => {
  const words = text.split(' ').filter(Boolean);
  if (!words[0]?.startsWith('/')) {
    report(problem('does not start with an absolute program path', 'e.g. /usr/lib/frr/docker-start'));
    return z.NEVER;
  }
  return words;
});
