import { HostMismatchError } from '../errors.js';
import { drainLinkName, loopbackName, vethNames } from '../config/owned-names.js';
import { linuxNameProblem } from '../config/schema.js';
import type { FabricSelector } from '../config/settings.js';
import { shown } from '../config/shown.js';
import { stackedKinds, type HostLink } from './links.js';

export interface FabricInterface {
  readonly name: string;
  readonly mac: string | undefined;
  readonly mtu: number;
}

/**
 * Picks the fabric interfaces from the host's links. Pure: the links come from one rtnetlink
 * dump (or a links file). Order follows FE_MACS / FE_PORT_NAMES.
 *
 * Several links can share a MAC: a bond and its members, a bridge and its first port, VLANs and
 * macvlans on top of a NIC. The rule, applied in order until one link is left:
 *   1. links enslaved to another (bond members, bridge ports) are skipped: the master carries
 *      the addresses, so the master is where BGP must run;
 *   2. links stacked on another (vlan, macvlan, ipvlan, vxlan) are skipped: the fabric session
 *      runs on the untagged link;
 *   3. the lowest interface index wins (the link that appeared first).
 */
export function resolveFabricInterfaces(selector: FabricSelector, links: readonly HostLink[]): FabricInterface[] {
  return selector.by === 'mac' ? resolveByMac(selector.macs, links) : resolveByName(selector.names, links);
}

function resolveByMac(macs: readonly string[], links: readonly HostLink[]): FabricInterface[] {
  const byMac = new Map<string, HostLink[]>();
  for (const link of links) {
    if (!link.mac) continue;
    const list = byMac.get(link.mac);
    if (list) list.push(link);
    else byMac.set(link.mac, [link]);
  }
  const missing = macs.filter((mac) => !byMac.has(mac));
  if (missing.length > 0) {
    throw new HostMismatchError(
      `no link has the MAC${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of FE_MACS; check FE_MACS against the links below (or use FE_PORT_NAMES)`,
      describeLinks(links),
    );
  }
  const picked = macs.map((mac) => [mac, pickOne(byMac.get(mac) ?? [])] as const);
  // The kernel's names are as untrusted as the settings: they go into frr.conf the same way.
  const unusable = picked.flatMap(([mac, link]) => {
    const problem =
      linuxNameProblem(link.name) ??
      (ownedNames.includes(link.name) ? 'a name the supervisor owns (lo, the veth legs, the drain switch), not a fabric port' : undefined);
    return problem ? [`the link with MAC ${mac} of FE_MACS is named ${shown(link.name)}: ${problem}`] : [];
  });
  if (unusable.length > 0) throw new HostMismatchError(`${unusable.join('; ')}; rename the link, or leave its MAC out of FE_MACS`, describeLinks(links));
  return picked.map(([, link]) => toFabric(link));
}

const ownedNames: readonly string[] = [loopbackName, vethNames.hostLeg, vethNames.vrfLeg, drainLinkName];

export function pickOne(candidates: readonly HostLink[]): HostLink {
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(a.masterIndex !== undefined) - Number(b.masterIndex !== undefined) ||
      Number(stackedKinds.has(a.kind ?? '')) - Number(stackedKinds.has(b.kind ?? '')) ||
      a.index - b.index,
  );
  const best = ranked[0];
  if (!best) throw new Error('pickOne: no candidates');
  return best;
}

function resolveByName(names: readonly string[], links: readonly HostLink[]): FabricInterface[] {
  const byName = new Map(links.map((link) => [link.name, link]));
  const missing = names.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new HostMismatchError(
      `no link is named ${missing.join(', ')} (from FE_PORT_NAMES); check FE_PORT_NAMES against the links below`,
      describeLinks(links),
    );
  }
  return names.map((name) => {
    const link = byName.get(name);
    if (!link) throw new Error('unreachable');
    return toFabric(link);
  });
}

function toFabric(link: HostLink): FabricInterface {
  return { name: link.name, mac: link.mac, mtu: link.mtu };
}

function describeLinks(links: readonly HostLink[]): string[] {
  return links.map((link) => {
    const extras = [link.kind, link.masterIndex !== undefined ? `enslaved to #${link.masterIndex}` : undefined].filter(Boolean);
    return `link ${shown(link.name)}: ${link.mac ?? 'no MAC'}${extras.length ? ` (${extras.join(', ')})` : ''}`;
  });
}
