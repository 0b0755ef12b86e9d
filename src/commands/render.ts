import { prepareConfig, type CommandIo, type PrepareOptions } from './prepare-config.js';

export interface RenderOptions extends PrepareOptions {
  readonly outDir?: string;
}

/**
 * Validate, resolve, render. Prints frr.conf (its secrets hidden, as in all output), or writes
 * the files into outDir (frr.conf as it is, readable by root alone when it holds a secret).
 */
export async function renderCommand(options: RenderOptions, io: CommandIo): Promise<void> {
  const { files, fabric, settings } = await prepareConfig(options, io);
  io.note(`fabric interfaces: ${fabric.map((i) => i.name).join(', ')}`);
  if (!options.outDir) {
    io.stdout(files['frr.conf']);
    return;
  }
  const { writeRenderedFiles } = await import('../render/write-files.js');
  for (const path of await writeRenderedFiles(options.outDir, files, settings)) io.note(`wrote ${path}`);
}
