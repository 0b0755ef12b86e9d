import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError } from '../errors.js';
import { renderedFileNames, type RenderedFiles } from './render.js';

/**
 * Writes the rendered files into `dir`, each through a temporary file and a rename, so a reader
 * (FRR, an operator) sees either the old file or the new one, never half of one.
 */
export async function writeRenderedFiles(dir: string, files: RenderedFiles): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(`could not create output directory ${dir}: ${(error as Error).message}`, [], { cause: error });
  }
  const written: string[] = [];
  for (const name of renderedFileNames) {
    const path = join(dir, name);
    const temporary = `${path}.tmp-${process.pid}`;
    try {
      await writeFile(temporary, files[name], { mode: 0o644 });
      await rename(temporary, path);
      written.push(path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new OutputError(`could not write ${path}: ${(error as Error).message}`, [], { cause: error });
    }
  }
  return written;
}
