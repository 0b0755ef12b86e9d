import { parseEnvFile } from '../config/env-file.js';
import { shortestPassword } from '../config/schema.js';
import { loadSettings } from '../config/load-settings.js';
import { filesNamed, valueInFile } from '../config/raw-values.js';
import type { Environment, NamedFile, Settings } from '../config/settings.js';
import { InputFileError } from '../errors.js';
import type { HostLink } from '../net/links.js';
import { resolveFabricInterfaces, type FabricInterface } from '../net/resolve-interfaces.js';
import type { Rtnl } from '../net/rtnl.js';
import type { Sysctl } from '../net/sysctl.js';
import { appendExtraConfig, splitExtraConfig } from '../render/extra-config.js';
import type { ExtraConfigToJudge } from '../frr/extra-config-judge.js';
import { createRenderer, type RenderedFiles } from '../render/render.js';
import { findTemplateDir } from '../render/template-dir.js';
import { buildView, type StartKind } from '../render/view.js';

/** What the commands get from the outside world; main.ts passes the real ones. */
export interface CommandIo {
  readonly env: Environment;
  readFile(path: string): Promise<string>;
  /** A file the settings name, of root's alone (safe-files.ts, readRootOwnedFile): throws with what is wrong. */
  readRootFile(path: string, largest: number): Promise<string>;
  /** From now on, `secret` never appears in what the program prints. */
  hideInOutput(secret: string): void;
  openRtnl(): Rtnl;
  readonly sysctl: Sysctl;
  stdout(text: string): void;
  /**
   * A document for the operator that must carry the secrets as they are (talos-config's
   * ExtensionServiceConfig) to stdout: the one output never redacted.
   */
  document(text: string): void;
  /** One line of diagnostics (warnings, progress) for the operator. */
  note(line: string): void;
}

export interface SettingsOptions {
  readonly envFile?: string;
}

export interface PrepareOptions extends SettingsOptions {
  readonly linksFile?: string;
  readonly templateDir?: string;
}

export interface PreparedConfig {
  readonly settings: Settings;
  readonly fabric: readonly FabricInterface[];
  readonly files: RenderedFiles;
}

/**
 * The settings from --env-file or the environment, and the files they name (secrets, extra config);
 * warnings go to `warn`. Touches nothing else. Their secrets are hidden in all output from here on.
 */
export async function loadCommandSettings(
  options: SettingsOptions,
  io: CommandIo,
  warn: (warning: string) => void = (w) => io.note(`warning: ${w}`),
): Promise<Settings> {
  const env = options.envFile ? await readEnvFile(options.envFile, io, warn) : io.env;
  const files = new Map<string, NamedFile>();
  for (const { variable, path, secret, largest } of filesNamed(env)) {
    try {
      const text = await io.readRootFile(path, largest);
      // Any secret read is hidden at once, even one the settings then refuse (but not one too short
      // to be a password: that would blank out ordinary words, and its error shows no value).
      const value = valueInFile(text);
      if (secret && value.length >= shortestPassword) io.hideInOutput(value);
      files.set(variable, { text });
    } catch (error) {
      files.set(variable, { problem: (error as Error).message });
    }
  }
  const { settings, warnings } = loadSettings(env, files);
  for (const secret of settings.secrets) io.hideInOutput(secret);
  for (const warning of warnings) warn(warning);
  return settings;
}

/**
 * Settings -> fabric interfaces -> rendered files, changing nothing on the system. The settings
 * are validated before the host is looked at, so a bad setting never reaches the kernel.
 */
export async function prepareConfig(options: PrepareOptions, io: CommandIo): Promise<PreparedConfig> {
  const settings = await loadCommandSettings(options, io);
  const links = options.linksFile ? await readLinksFile(options.linksFile, io) : await readHostLinks(io);
  const fabric = resolveFabricInterfaces(settings.fabric, links);
  return { settings, fabric, files: await renderConfig(settings, fabric, options.templateDir, io) };
}

/**
 * The files for these settings and fabric interfaces, from the templates of --templates, else
 * FRR_SUPERVISOR_TEMPLATES, else the ones built into the program, with FRR_EXTRA_CONFIG_FILE
 * appended: what `render`, `check` and `run` write or check.
 */
export async function renderConfig(
  settings: Settings,
  fabric: readonly FabricInterface[],
  templateDir: string | undefined,
  io: CommandIo,
  start?: StartKind,
): Promise<RenderedFiles> {
  const dir = findTemplateDir(templateDir ?? io.env.FRR_SUPERVISOR_TEMPLATES, templateDir ? '--templates' : 'FRR_SUPERVISOR_TEMPLATES');
  const files = (await createRenderer(dir))(buildView(settings, fabric, start));
  return settings.extraConfig ? { ...files, 'frr.conf': appendExtraConfig(files['frr.conf'], settings.extraConfig) } : files;
}

/** The operator's extra config in `frrConf`, for FRR to judge (check, run); undefined without one. */
export function extraConfigIn(frrConf: string, settings: Settings): ExtraConfigToJudge | undefined {
  const parts = settings.extraConfig && splitExtraConfig(frrConf, settings.extraConfig);
  return parts && settings.extraConfig ? { ...parts, path: settings.extraConfig.path, secrets: settings.secrets } : undefined;
}

async function readEnvFile(path: string, io: CommandIo, warn: (warning: string) => void): Promise<Environment> {
  const { values, warnings } = parseEnvFile(await readInput(path, 'env', io), path);
  for (const warning of warnings) warn(warning);
  return values;
}

export async function readInput(path: string, what: string, io: CommandIo): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new InputFileError(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [], {
      cause: error,
    });
  }
}

/**
 * The links of a --links file. Its parser (a zod schema and zod's English messages) is loaded
 * only here: the container's start, and a `render` on the host, read the host's links instead.
 */
export async function readLinksFile(path: string, io: CommandIo): Promise<HostLink[]> {
  const { parseLinksFile } = await import('../net/links-file.js');
  return parseLinksFile(await readInput(path, 'links', io), path);
}

async function readHostLinks(io: CommandIo): Promise<HostLink[]> {
  const rtnl = io.openRtnl();
  try {
    return await rtnl.listLinks();
  } finally {
    rtnl.close();
  }
}
