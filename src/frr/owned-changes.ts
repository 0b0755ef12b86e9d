import { neighborAdditions } from '../config/frr-objects.js';
import { readRunningConfig, type ConfigLine } from './running-config.js';

/**
 * What an operator's extra config may change of FRR's running config, decided on FRR's own
 * reading of it (running-config.ts), never on the words the operator wrote. Everything the
 * supervisor's config holds is the supervisor's: its route-maps, prefix-lists, AS-path and
 * community lists, its interfaces and VRFs, its routers and, within them, its neighbors and peer
 * groups, with their options and listen ranges. Some objects are the supervisor's even where its
 * config leaves them to FRR's defaults: vty access, passwords, the log, the routes zebra installs,
 * agentx, the defaults profile. The operator may add objects of their own (a route-map, a BFD
 * profile, a router in another VRF, a neighbor of their own in the supervisor's router), and a
 * few options on the supervisor's neighbors. Pure.
 */
const alwaysOwned = new Set(['line vty', 'password', 'log', 'ip protocol', 'agentx', 'frr defaults']);

/** The supervisor's objects that `after` changed against `base`, each named once ("route-map fabric-out"). */
export function ownedChanges(base: string, after: string): string[] {
  const before = readRunningConfig(base);
  const now = readRunningConfig(after);
  const baseObjects = new Set(before.map((line) => line.object));
  const baseParts = new Set(before.map(partKey));
  const changed = new Map<string, { added: ConfigLine[]; removed: ConfigLine[] }>();
  for (const [lines, side] of [
    [now, 'added'],
    [before, 'removed'],
  ] as const) {
    const other = new Set((side === 'added' ? before : now).map((line) => line.text));
    for (const line of lines.filter((l) => !other.has(l.text))) {
      const key = partKey(line);
      const entry = changed.get(key) ?? { added: [], removed: [] };
      entry[side].push(line);
      changed.set(key, entry);
    }
  }
  const refused = new Set<string>();
  for (const [key, { added, removed }] of changed) {
    const [line] = [...added, ...removed];
    if (!line) continue;
    const owned = baseObjects.has(line.object) || alwaysOwned.has(line.object);
    if (!owned) continue;
    if (line.part?.startsWith('neighbor ')) {
      // A neighbor of the operator's own in the supervisor's router, or options it may add.
      if (!baseParts.has(key)) continue;
      if ([...added, ...removed].every((l) => mayAdd(l, line.part ?? ''))) continue;
    }
    refused.add(line.part?.startsWith('neighbor ') ? `${line.object}: ${line.part}` : line.object);
  }
  return [...refused];
}

function partKey(line: ConfigLine): string {
  return `${line.object}\0${line.part ?? ''}`;
}

function mayAdd(line: ConfigLine, part: string): boolean {
  const last = line.text.split(' > ').at(-1) ?? '';
  return neighborAdditions.some((option) => last === `${part} ${option}` || last.startsWith(`${part} ${option} `));
}
