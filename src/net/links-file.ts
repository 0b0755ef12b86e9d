// A namespace import, not `{ z }`: esbuild can then leave out the parts of zod never used (its
// locales and most of its API), which keeps the bundle, and every start's parse, small.
import * as z from 'zod';
import { InputFileError } from '../errors.js';
import type { HostLink } from './links.js';

/**
 * A links file stands in for the host's interfaces, so that `render` and `check` work on any
 * machine: [{"name":"eth0","mac":"02:00:00:00:00:01","mtu":9000}]. Optional fields describe
 * stacked or enslaved links: "kind" ("vlan", "bond", ...), "master" (a link name), "index".
 */
const linkEntry = z.strictObject({
  name: z.string().min(1),
  mac: z
    .string()
    .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'expected a MAC like 02:00:00:00:00:01')
    .optional(),
  mtu: z.number().int().min(0).max(2 ** 31 - 1),
  kind: z.string().min(1).optional(),
  master: z.string().min(1).optional(),
  index: z.number().int().positive().optional(),
});

const linksFile = z.array(linkEntry);

export function parseLinksFile(text: string, fileName: string): HostLink[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`cannot read the links file ${fileName}: not JSON (${(error as Error).message})`, [
      'expected e.g. [{"name":"eth0","mac":"02:00:00:00:00:01","mtu":9000}]',
    ]);
  }
  const result = linksFile.safeParse(json);
  if (!result.success) {
    throw new InputFileError(
      `cannot read the links file ${fileName}`,
      result.error.issues.map((issue) => `${fileName}: entry ${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const entries = result.data;
  const indexOf = new Map(entries.map((entry, i) => [entry.name, entry.index ?? i + 1]));
  const unknownMasters = entries.filter((entry) => entry.master !== undefined && !indexOf.has(entry.master));
  if (unknownMasters.length > 0) {
    throw new InputFileError(
      `cannot read the links file ${fileName}`,
      unknownMasters.map((entry) => `${fileName}: ${entry.name}: master ${JSON.stringify(entry.master)} is not a link of the file`),
    );
  }
  return entries.map((entry, i) => ({
    index: entry.index ?? i + 1,
    name: entry.name,
    mac: entry.mac?.toLowerCase(),
    mtu: entry.mtu,
    kind: entry.kind,
    masterIndex: entry.master === undefined ? undefined : indexOf.get(entry.master),
  }));
}
