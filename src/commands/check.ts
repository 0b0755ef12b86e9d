import { FrrRejectedError } from '../errors.js';
import { checkWithFrr, daemonsFor, type FrrPaths } from '../render/frr-check.js';
import { prepareConfig, type CommandIo, type PrepareOptions } from './prepare-config.js';

export interface CheckOptions extends PrepareOptions {
  readonly frrPaths: FrrPaths;
}

/** Everything `render` does, then FRR's own check of the result; FRR's complaints line by line. */
export async function checkCommand(options: CheckOptions, io: CommandIo): Promise<void> {
  const { files, settings } = await prepareConfig(options, io);
  const daemons = daemonsFor(settings.bfd, options.frrPaths);
  const result = await checkWithFrr(files['frr.conf'], daemons, options.frrPaths);
  if (!result.ok) throw new FrrRejectedError('FRR rejected the rendered frr.conf; nothing was started', result.complaints);
  io.note(`frr.conf accepted by FRR (vtysh --dryrun, ${daemons.map((d) => `${d} -C`).join(', ')})`);
}
