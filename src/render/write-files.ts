import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError } from '../errors.js';
import { renderedFileNames, type RenderedFiles } from './render.js';

/**
 * Writes the rendered files into `dir`, each through a temporary file and a rename, so a reader
 * (FRR, an operator) sees either the old file or the new one, never half of one.
 */
export async function writeRenderedFiles(dir: string, files: RenderedFiles): Promise<string[]> {
  return writeFiles(dir, renderedFileNames.map((name) => [name, files[name]]));
}

/**
 * FRR 9 and later: mgmtd reads the old per-daemon files (zebra.conf, staticd.conf, ...) and its
 * own mgmtd.conf at every start, whatever frr.conf says, and logs an error for each one missing.
 * The supervisor writes them with nothing in them, so that mgmtd reads nothing but what vtysh -b
 * gives it from frr.conf: neither a stale split config nor ten complaints at every start.
 */
export async function writeSplitConfigStubs(dir: string, daemons: readonly string[]): Promise<string[]> {
  const text = '! Empty on purpose, written by frr-supervisor at every start: FRR runs frr.conf only.\n';
  return writeFiles(dir, daemons.map((daemon) => [`${daemon}.conf`, text]));
}

async function writeFiles(dir: string, files: readonly (readonly [string, string])[]): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(`could not create output directory ${dir}: ${(error as Error).message}`, [], { cause: error });
  }
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    const temporary = `${path}.tmp-${process.pid}`;
    try {
      await writeFile(temporary, text, { mode: 0o644 });
      await rename(temporary, path);
      written.push(path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new OutputError(`could not write ${path}: ${(error as Error).message}`, [], { cause: error });
    }
  }
  return written;
}
