import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError } from '../errors.js';
import type { Settings } from '../config/settings.js';
import { writeFileAtomic } from '../safe-files.js';
import { renderedFileNames, type RenderedFiles } from './render.js';

/**
 * Writes the rendered files into `dir`, each through a temporary file and a rename, so a reader
 * (FRR, an operator) sees either the old file or the new one, never half of one; nothing the frr
 * user planted in the directory (FRR's packages make /etc/frr theirs) is written through.
 */
export async function writeRenderedFiles(dir: string, files: RenderedFiles, settings: Pick<Settings, 'secrets' | 'extraConfig'>): Promise<string[]> {
  // A password in frr.conf, or the operator's extra config (which may hold one): readable by root
  // alone (vtysh -b and FRR's check run as root; the daemons get the config from vtysh, never
  // from the file).
  const privateConfig = settings.extraConfig !== undefined || settings.secrets.some((secret) => files['frr.conf'].includes(secret));
  return writeFiles(
    dir,
    renderedFileNames.map((name) => [name, files[name], name === 'frr.conf' && privateConfig ? 0o600 : 0o644]),
  );
}

/**
 * FRR 9 and later: mgmtd reads the old per-daemon files (zebra.conf, staticd.conf, ...) and its
 * own mgmtd.conf at every start, whatever frr.conf says, and logs an error for each one missing.
 * The supervisor writes them with nothing in them, so that mgmtd reads nothing but what vtysh -b
 * gives it from frr.conf: neither a stale split config nor ten complaints at every start.
 */
export async function writeSplitConfigStubs(dir: string, daemons: readonly string[]): Promise<string[]> {
  const text = '! Empty on purpose, written by frr-supervisor at every start: FRR runs frr.conf only.\n';
  return writeFiles(
    dir,
    daemons.map((daemon) => [`${daemon}.conf`, text, 0o644]),
  );
}

async function writeFiles(dir: string, files: readonly (readonly [name: string, text: string, mode: number])[]): Promise<string[]> {
  try {
    // Readable by FRR and the operator, writeable by root alone, whatever the umask.
    await mkdir(dir, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new OutputError(`could not create output directory ${dir}: ${(error as Error).message}`, [], { cause: error });
  }
  const written: string[] = [];
  for (const [name, text, mode] of files) {
    const path = join(dir, name);
    try {
      await writeFileAtomic(path, text, mode);
      written.push(path);
    } catch (error) {
      throw new OutputError(`could not write ${path}: ${(error as Error).message}`, [], { cause: error });
    }
  }
  return written;
}
