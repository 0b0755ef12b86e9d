import { parseEnvFile } from '../config/env-file.js';
import { loadSettings } from '../config/load-settings.js';
import { filesNamed } from '../config/raw-values.js';
import type { NamedFile, Settings } from '../config/settings.js';
import { shown } from '../config/shown.js';
import { legacyAliases, variableNames } from '../config/variables.js';
import { UsageError } from '../errors.js';
import type { HostLink } from '../net/links.js';
import { resolveFabricInterfaces, type FabricInterface } from '../net/resolve-interfaces.js';
import { machineConfigPatch, nodeAddresses, parseLinkAddress } from '../talos/machine-config.js';
import { readInput, readLinksFile, renderConfig, type CommandIo } from './prepare-config.js';
import { ethernetMtu } from '../net/desired-state.js';

export interface TalosConfigOptions {
  readonly envFile: string | undefined;
  readonly linksFile?: string;
  readonly templateDir?: string;
  /** `LINK=CIDR`: more of the node's own addresses, on lo, dummy0 or dummy1. */
  readonly addresses: readonly string[];
  /** `MOUNTPATH=LOCALFILE`: the content of each file the settings name (passwords, extra config). */
  readonly files: readonly string[];
}

/**
 * Prints a node's machine-config patch (its addresses, the ExtensionServiceConfig with the
 * settings and the files they name) from a settings file, after validating everything as `render`
 * does on the node: the settings, the files' contents, the rendered config with the extra config.
 * Runs anywhere (an operator's workstation): it reads only the files it is given.
 */
export async function talosConfigCommand(options: TalosConfigOptions, io: CommandIo): Promise<void> {
  if (!options.envFile) throw new UsageError("talos-config needs --env-file: the node's settings as KEY=VALUE lines");
  const listed = options.addresses.map(parseLinkAddress);
  const { values: env, warnings } = parseEnvFile(await readInput(options.envFile, 'env', io), options.envFile);
  for (const warning of warnings) io.note(`warning: ${warning}`);

  const given = new Map<string, string>();
  for (const option of options.files) {
    const [mountPath = '', local = ''] = splitOnce(option);
    if (!mountPath.startsWith('/') || local === '')
      throw new UsageError(`--file ${shown(option)}: expected MOUNTPATH=LOCALFILE, e.g. /usr/local/etc/frr-supervisor/fabric-password=./fabric-password`);
    if (given.has(mountPath)) throw new UsageError(`--file: ${mountPath} is given twice; expected each file once`);
    given.set(mountPath, await readInput(local, `${mountPath} (--file)`, io));
  }
  const named = filesNamed(env);
  const files = new Map<string, NamedFile>(
    named.map(({ variable, path }) => {
      const text = given.get(path);
      return [variable, text === undefined ? { problem: 'names a file whose content is not given', expected: `--file ${path}=LOCALFILE with it` } : { text }];
    }),
  );
  const unused = [...given.keys()].find((path) => !named.some((file) => file.path === path));
  if (unused) throw new UsageError(`--file ${unused}: no setting names this file; expected one of the *_FILE paths the settings give`);

  const { settings, warnings: settingWarnings } = loadSettings(env, files);
  // Hidden from every line printed but the document itself, which must carry them.
  for (const secret of settings.secrets) io.hideInOutput(secret);
  for (const warning of settingWarnings) io.note(`warning: ${warning}`);
  await renderConfig(settings, fabricFor(settings, options.linksFile ? await readLinksFile(options.linksFile, io) : undefined, io), options.templateDir, io);

  const known = (key: string) => (variableNames as readonly string[]).includes(key) || legacyAliases.has(key);
  io.document(
    machineConfigPatch({
      environment: Object.entries(env)
        .filter(([key]) => known(key))
        .map(([key, value]) => `${key}=${value}`),
      configFiles: named.flatMap(({ path }) => {
        const content = given.get(path);
        return content === undefined ? [] : [{ mountPath: path, content }];
      }),
      addresses: nodeAddresses(settings.nodeIp.text, listed),
    }),
  );
}

/**
 * The fabric ports the config is rendered with: from --links as on the node, else by name
 * (FE_PORT_NAMES), else none: with FE_MACS only the node's links say which ports they are.
 */
function fabricFor(settings: Settings, links: readonly HostLink[] | undefined, io: CommandIo): FabricInterface[] {
  if (links) return resolveFabricInterfaces(settings.fabric, links);
  if (settings.fabric.by === 'name') return settings.fabric.names.map((name) => ({ name, mac: undefined, mtu: settings.interfaceMtu ?? ethernetMtu }));
  if (settings.extraConfig && settings.fabric.macs.length > 0)
    io.note('note: without --links the fabric ports of FE_MACS are not known here; the node checks its extra config against them at start');
  return [];
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf('=');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
