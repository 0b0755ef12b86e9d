import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FrrLocation } from '../config/settings.js';
import { frrFacts, type FrrFacts } from './facts.js';
import { readFrrVersion } from './version.js';
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
