import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import type { FrrLocation } from '../config/settings.js';
import { MissingProgramError } from '../errors.js';
import { frrFacts, type FrrFacts } from './facts.js';
import { parseFrrVersion, type FrrVersion } from './version.js';
import { defaultVtysh } from './default-paths.js';

/** The facts of the FRR installed at `location`, its version asked of FRR itself. */
export async function installedFrr(location: FrrLocation, bfd: boolean, vtysh?: string): Promise<FrrFacts> {
  const version = await readFrrVersion(location.binDir);
  const besideDaemons = join(location.binDir, 'vtysh');
  return frrFacts({
    version,
    bfd,
    binDir: location.binDir,
    vtyshProgram: vtysh ?? (existsSync(besideDaemons) ? besideDaemons : defaultVtysh),
    configDir: location.configDir,
    runDir: location.runDir,
    pathspace: location.pathspace,
  });
}

/**
 * Asks FRR itself: zebra is in every installation and answers `--version` without touching
 * anything. The rest of the product decides from this, never from which files happen to exist.
 */
async function readFrrVersion(binDir: string): Promise<FrrVersion> {
  const zebra = join(binDir, 'zebra');
  // cleanup: false: execa's signal-exit handlers would re-raise a SIGTERM meant for the supervisor.
  const result = await execa(zebra, ['--version'], { reject: false, all: true, timeout: 30_000, cleanup: false });
  const version = parseFrrVersion(result.all ?? '');
  if (result.failed && (result.code === 'ENOENT' || result.code === 'EACCES')) {
    throw new MissingProgramError(
      `cannot find FRR: ${zebra} ${result.code === 'ENOENT' ? 'not found' : 'not executable'}; install FRR (Debian: apt-get install frr) or set FRR_BIN_DIR`,
    );
  }
  if (!version)
    throw new MissingProgramError(`cannot tell which FRR is installed: ${zebra} --version printed ${JSON.stringify((result.all ?? '').slice(0, 120))}`);
  return version;
}
