import type { ExtraConfig } from '../config/settings.js';
import { neighborAdditions, objectNamed } from '../config/frr-objects.js';
import { shown } from '../config/shown.js';
import { hasLineUnsafeCharacter } from '../one-line.js';
import { ConfigError } from '../errors.js';

/**
 * FRR_EXTRA_CONFIG_FILE appended to the rendered frr.conf, after a check that none of its lines
 * changes what the supervisor owns: the names it defines (route-maps, prefix-lists, AS-path and
 * community lists), its router blocks' identities (AS, router-id), its neighbors' sessions and
 * policy, the drain, the log file it follows, the defaults profile. What the supervisor owns is
 * read from the rendered config itself, so the template stays the one owner of those names.
 * Anything else passes, to be checked by FRR with the rest: a BFD profile, a neighbor's timers, a
 * router of another VRF, a route-map of the operator's. Pure: texts in, text out.
 */
export function appendExtraConfig(frrConf: string, extra: ExtraConfig): string {
  const owned = ownedBy(frrConf);
  const conflicts = extraLines(extra.text).flatMap(({ number, text, router }) => {
    const why = conflictOf(text, router, owned);
    return why ? [`line ${number} ${shown(text.trim(), 100)}: ${why}`] : [];
  });
  if (conflicts.length > 0) {
    throw new ConfigError(
      `FRR_EXTRA_CONFIG_FILE=${shown(extra.path)}: ${conflicts.length} line${conflicts.length > 1 ? 's change' : ' changes'} what the supervisor owns, nothing was changed`,
      [...conflicts.slice(0, 20), ...(conflicts.length > 20 ? [`... and ${conflicts.length - 20} more`] : [])],
    );
  }
  const body = extra.text.endsWith('\n') || extra.text === '' ? extra.text : `${extra.text}\n`;
  return `${frrConf}${marker(extra)}${body}`;
}

function marker(extra: ExtraConfig): string {
  return `! FRR_EXTRA_CONFIG_FILE ${extra.path}: the operator's, appended as it is.\n`;
}

/** The supervisor's part of a frr.conf appendExtraConfig made, and the operator's; undefined when it holds none. */
export function splitExtraConfig(frrConf: string, extra: ExtraConfig): { base: string; text: string } | undefined {
  const at = frrConf.lastIndexOf(marker(extra));
  return at < 0 ? undefined : { base: frrConf.slice(0, at), text: frrConf.slice(at + marker(extra).length) };
}

interface OwnedRouter {
  readonly asn: string;
  readonly neighbors: ReadonlySet<string>;
  /** The block's lines, trimmed, for `no ...` lines that would remove one. */
  readonly lines: readonly string[];
}

interface Owned {
  /** "route-map fabric-out" -> its line number in frr.conf. */
  readonly objects: ReadonlyMap<string, number>;
  /** VRF ("default" for the default VRF) -> the supervisor's router bgp there. */
  readonly routers: ReadonlyMap<string, OwnedRouter>;
  readonly protocolRouteMaps: boolean;
}

interface Line {
  readonly number: number;
  readonly text: string;
  /** The VRF of the router bgp block the line is in, if any. */
  readonly router: string | undefined;
}

function ownedBy(frrConf: string): Owned {
  const objects = new Map<string, number>();
  const routers = new Map<string, { asn: string; neighbors: Set<string>; lines: string[] }>();
  let protocolRouteMaps = false;
  for (const { number, text, router } of extraLines(frrConf)) {
    const words = text.trim().split(/\s+/);
    const object = objectNamed(words);
    if (object && !objects.has(object)) objects.set(object, number);
    if (/^ip(v6)? protocol /.test(text.trim())) protocolRouteMaps = true;
    const opened = routerOpened(words);
    if (opened) routers.set(opened.vrf, { asn: opened.asn, neighbors: new Set(), lines: [] });
    else if (router !== undefined) {
      const block = routers.get(router);
      block?.lines.push(words.join(' '));
      if (words[0] === 'neighbor' && words[1]) block?.neighbors.add(words[1]);
    }
  }
  return { objects, routers, protocolRouteMaps };
}

/** Each line with the router bgp block it is in, as FRR's parser nests them. */
function extraLines(text: string): Line[] {
  let router: string | undefined;
  let inFamily = false;
  return text.split('\n').map((raw, i) => {
    const line = raw.trim();
    const words = line.split(/\s+/);
    const opened = routerOpened(words);
    if (opened) {
      router = opened.vrf;
      inFamily = false;
      return { number: i + 1, text: raw, router: undefined };
    }
    const here = router;
    if (line === 'exit-address-family') inFamily = false;
    else if (line === 'exit') {
      if (inFamily) inFamily = false;
      else router = undefined;
    } else if (words[0] === 'address-family' && router !== undefined) inFamily = true;
    else if (!raw.startsWith(' ') && topLevel.has(words[0] ?? '') && !(words[0] === 'bgp' && !objectNamed(words))) router = undefined;
    return { number: i + 1, text: raw, router: here };
  });
}

/** The first words of lines that leave a router block for the top level. */
const topLevel = new Set([
  'router',
  'interface',
  'route-map',
  'vrf',
  'bfd',
  'ip',
  'ipv6',
  'bgp',
  'line',
  'log',
  'end',
  'segment-routing',
  'mpls',
  'key',
  'agentx',
]);

function routerOpened(words: readonly string[]): { asn: string; vrf: string } | undefined {
  if (words[0] !== 'router' || words[1] !== 'bgp' || !words[2]) return undefined;
  return { asn: words[2], vrf: words[3] === 'vrf' && words[4] ? words[4] : 'default' };
}

/**
 * FRR reads a config file in pieces of at most 4,095 bytes (lib/vty.c's VTY_BUFSIZ with fgets): the
 * rest of a longer line would run as a command of its own, one no check here has seen.
 */
export const longestExtraLine = 4000;

function conflictOf(text: string, router: string | undefined, owned: Owned): string | undefined {
  // The characters that can break or forge a line (one-line.ts), and the blanks other than space and tab.
  const oddBlank = /^[\x20-\x7e\t]*$/.test(text)
    ? undefined
    : [...text].find((c) => c !== '\t' && (hasLineUnsafeCharacter(c) || (c !== ' ' && /\p{Zs}/u.test(c))));
  if (oddBlank)
    return `holds U+${(oddBlank.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}, which looks like a blank or nothing but FRR reads as part of a word; expected ASCII blanks and printable characters`;
  if (Buffer.byteLength(text) > longestExtraLine)
    return `is ${Buffer.byteLength(text)} bytes long: FRR reads a config in pieces of 4,095 bytes, and the rest of the line would run as a command of its own; expected lines of at most ${longestExtraLine} bytes`;
  const line = text.trim();
  if (line === '' || line.startsWith('!') || line.startsWith('#')) return undefined;
  const words = line.split(/\s+/);
  const object = objectNamed(words);
  const objectLine = object ? owned.objects.get(object) : undefined;
  if (object && objectLine !== undefined) return `${object} is the supervisor's (frr.conf line ${objectLine}); expected a name of your own`;
  if (words[0] === 'frr' && words[1] === 'defaults') return 'the defaults profile is FRR_PROFILE; expected it set there';
  if (/^(no )?ip(v6)? protocol /.test(line) && owned.protocolRouteMaps)
    return "the route-map on the routes zebra installs is the supervisor's (the source address NODE_IP); expected it left out";
  if (/^(no )?log file\b/.test(line)) return "the daemons' log file is where the supervisor follows FRR; expected log settings left to it";
  if (/^(no )?(line vty|password|enable password|agentx)\b/.test(line))
    return 'vty access, its passwords and agentx stay closed (the daemons listen in the host network, where every hostNetwork pod runs); expected them left out';
  const removed = words[0] === 'no' ? routerOpened(words.slice(1)) : undefined;
  const opened = routerOpened(words) ?? removed;
  const ownRouter = opened ? owned.routers.get(opened.vrf) : undefined;
  if (opened && ownRouter) {
    if (removed) return `removes the supervisor's router bgp ${ownRouter.asn}${vrfText(opened.vrf)}; expected it left in place`;
    if (opened.asn !== ownRouter.asn)
      return `the supervisor's router bgp${vrfText(opened.vrf)} is AS ${ownRouter.asn} (ASN_LOCAL); expected router bgp ${ownRouter.asn}${vrfText(opened.vrf)} to add to it`;
    return undefined;
  }
  const block = router === undefined ? undefined : owned.routers.get(router);
  return block ? conflictInRouter(words, block) : undefined;
}

function conflictInRouter(words: readonly string[], block: OwnedRouter): string | undefined {
  const negated = words[0] === 'no';
  const rest = negated ? words.slice(1) : words;
  if (rest[0] === 'bgp' && rest[1] === 'router-id') return 'the router-id is NODE_IP; expected it set there';
  if (rest[0] === 'bgp' && rest[1] === 'graceful-shutdown') return 'the drain is BGP_GRACEFUL_SHUTDOWN; expected it set there';
  if (rest[0] === 'neighbor' && rest[1] && block.neighbors.has(rest[1])) {
    const setting = rest.slice(2).join(' ');
    const addition = !negated && neighborAdditions.some((allowed) => setting === allowed || setting.startsWith(`${allowed} `));
    if (!addition)
      return `neighbor ${rest[1]} is the supervisor's: its session and policy come from the settings; expected only ${neighborAdditions.join(', ')} on it, or a neighbor of your own`;
    return undefined;
  }
  if (negated) {
    const target = rest.join(' ');
    const line = block.lines.find((own) => own === target || own.startsWith(`${target} `));
    if (line) return `removes the supervisor's line ${shown(line, 60)}; expected it left in place`;
  }
  return undefined;
}

function vrfText(vrf: string): string {
  return vrf === 'default' ? '' : ` vrf ${vrf}`;
}
