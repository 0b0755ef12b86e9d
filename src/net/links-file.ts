// zod's mini API, as for the settings (config/schema-kit.ts says why), with its English messages: the
// mini API loads no locale of its own, and a links file's problems are zod's to word.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InputFileError } from '../errors.js';
import type { HostLink } from './links.js';

/**
 * A links file stands in for the host's interfaces, so that `render` and `check` work on any
 * machine: [{"name":"eth0","mac":"02:00:00:00:00:01","mtu":9000}]. Optional fields describe
 * stacked or enslaved links: "kind" ("vlan", "bond", ...), "master" (a link name), "index".
 */
const linkEntry = z.strictObject({
  name: z.string().check(z.minLength(1)),
  mac: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'expected a MAC like 02:00:00:00:00:01'))),
  mtu: z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1)),
  kind: z.optional(z.string().check(z.minLength(1))),
  master: z.optional(z.string().check(z.minLength(1))),
  index: z.optional(z.int().check(z.positive())),
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
  const result = linksFile.safeParse(json, { error: en().localeError });
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
