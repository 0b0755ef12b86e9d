import * as z from 'zod/mini';
import { parseIp, parseIpv4, unusableReason, type IpAddress } from './ip.js';
import { checked, duplicatesIn, listItems, listLimits, oneOf, parsed, problem, wholeNumberIn, wholeNumberSchema } from './schema-kit.js';
import { shown } from './shown.js';

/** The schemas of the node's own identity and of how the supervisor and FRR run; their building blocks are in schema-kit.ts. */

/** The largest AS number, and the largest of every 32-bit field (communities, routing tables). */
export const maxAsn = 4294967295;

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

/** Range checks against the address family happen with the other variables (cross-checks.ts). */
export const mtuSchema = wholeNumberSchema(0, 99999, 'not a whole number', 'an MTU from 1280 to 65535, e.g. 9000');

export const waitSecondsSchema = wholeNumberSchema(0, 3600, 'not a number of seconds', 'a whole number from 0 to 3600, e.g. 60');

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

/** Where the metrics endpoint listens: one address of the node and a port. */
export interface ListenAddress {
  readonly address: IpAddress;
  readonly port: number;
}

export const listenAddressSchema = parsed((text, report): ListenAddress => {
  const expected = "one address of this node and a port, e.g. 127.0.0.1:9342, the node's own address, or [fd00::11]:9342";
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const address = match ? parseIp(match[1] ?? match[2] ?? '') : undefined;
  const port = match ? wholeNumberIn(match[3] ?? '', 1, 65535) : undefined;
  // An IPv6 address only in brackets: unbracketed, its colons never match the second group.
  if (!address || port === undefined) {
    report(problem('not an address and port', expected));
    return z.NEVER;
  }
  // Every address would take in the fabric ports: the metrics are for the node's own network.
  const loopback = address.family === 'ipv4' ? address.value >> 24n === 127n : address.value === 1n;
  const refused = address.value === 0n ? 'listens on every address, the fabric ports among them' : loopback ? undefined : unusableReason(address);
  if (refused) {
    report(problem(`${address.text} ${refused}`, expected));
    return z.NEVER;
  }
  return { address, port };
});
