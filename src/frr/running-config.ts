import { objectNamed } from '../config/frr-objects.js';

/**
 * FRR's `show running-config` read as objects: each line with the object it belongs to (a
 * route-map, a prefix-list, a router bgp and, within it, a neighbor or peer group). The running
 * config is FRR's own spelling of what it applied, whatever the input's abbreviations, case or
 * blanks, so comparing two of them compares what FRR made of two configs. Pure.
 */
export interface ConfigLine {
  /** "route-map fabric-out", "router bgp vrf default", "line vty", "log". */
  readonly object: string;
  /** Within a router bgp: "neighbor fabric" (its options in every address family, and the listen ranges that join it). */
  readonly part: string | undefined;
  /** The line with its context, as FRR wrote it: "router bgp 65001 > address-family ipv4 unicast > neighbor fabric route-map fabric-out out". */
  readonly text: string;
}

/** Lines that are FRR's framing, not configuration. */
const framing = /^(Building configuration\.\.\.|Current configuration:|!|end|exit|exit-address-family|exit-vrf|frr version .*)$/;

export function readRunningConfig(text: string): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const context: { indent: number; line: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed === '' || framing.test(trimmed)) continue;
    const indent = line.length - line.trimStart().length;
    while (context.length > 0 && (context.at(-1)?.indent ?? 0) >= indent) context.pop();
    const path = context.map((c) => c.line);
    lines.push({ ...objectOf(path, trimmed), text: [...path, trimmed].join(' > ') });
    context.push({ indent, line: trimmed });
  }
  return lines;
}

function objectOf(path: readonly string[], line: string): { object: string; part: string | undefined } {
  const [top = line] = path;
  const object = topObject(top);
  if (object.startsWith('router bgp ')) return { object, part: path.length === 0 ? undefined : routerPart(line) };
  if (object === 'bfd' && path.length > 0) return { object: `bfd ${bfdObject(path[1] ?? line)}`, part: undefined };
  return { object, part: undefined };
}

/** The object a top-level line opens or is. */
function topObject(line: string): string {
  const words = line.split(' ');
  const named = objectNamed(words);
  if (named) return named;
  const [first = '', second = ''] = words;
  if ((first === 'ip' || first === 'ipv6') && second === 'protocol') return 'ip protocol';
  if (first === 'router' && second === 'bgp') return `router bgp vrf ${words[4] && words[3] === 'vrf' ? words[4] : 'default'}`;
  if (first === 'interface' || first === 'vrf') return `${first} ${second}`;
  if (first === 'line') return `line ${second}`;
  if (first === 'log') return 'log';
  if (first === 'password' || (first === 'enable' && second === 'password')) return 'password';
  if (first === 'bfd' || first === 'agentx') return first;
  if (first === 'frr' && second === 'defaults') return 'frr defaults';
  return line;
}

/** Within a router bgp: the neighbor or peer group a line configures, else the line itself. */
function routerPart(line: string): string {
  const words = line.split(' ');
  if (words[0] === 'neighbor' && words[1]) return `neighbor ${words[1]}`;
  // A listen range admits sessions into its peer group: it is that group's.
  const group = words[0] === 'bgp' && words[1] === 'listen' && words[2] === 'range' ? words[words.indexOf('peer-group') + 1] : undefined;
  if (group) return `neighbor ${group}`;
  return line;
}

function bfdObject(line: string): string {
  const words = line.split(' ');
  return words[0] === 'profile' ? `profile ${words[1] ?? ''}` : line;
}
