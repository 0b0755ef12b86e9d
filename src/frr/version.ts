import { execa } from 'execa';
import { join } from 'node:path';
import { MissingProgramError } from '../errors.js';

/** The FRR release installed, as its daemons report it ("zebra version 10.3", "8.4.4"). */
export interface FrrVersion {
  readonly major: number;
  readonly minor: number;
  readonly text: string;
}

export function parseFrrVersion(output: string): FrrVersion | undefined {
  const match = /\bversion (\d+)\.(\d+)([\w.+~-]*)/.exec(output);
  if (!match) return undefined;
  const [, major = '', minor = '', rest = ''] = match;
  return { major: Number(major), minor: Number(minor), text: `${major}.${minor}${rest}` };
}

export function atLeast(version: FrrVersion, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * Asks FRR itself: zebra is in every installation and answers `--version` without touching
 * anything. The rest of the product decides from this, never from which files happen to exist.
 */
export async function readFrrVersion(binDir: string): Promise<FrrVersion> {
  const zebra = join(binDir, 'zebra');
  // cleanup: false: execa's signal-exit handlers would re-raise a SIGTERM meant for the supervisor.
  const result = await execa(zebra, ['--version'], { reject: false, all: true, timeout: 30_000, cleanup: false });
  const version = parseFrrVersion(result.all ?? '');
  if (result.failed && (result.code === 'ENOENT' || result.code === 'EACCES')) {
    throw new MissingProgramError(`cannot find FRR: ${zebra} ${result.code === 'ENOENT' ? 'not found' : 'not executable'}; install FRR (Debian: apt-get install frr) or set FRR_BIN_DIR`);
  }
  if (!version) throw new MissingProgramError(`cannot tell which FRR is installed: ${zebra} --version printed ${JSON.stringify((result.all ?? '').slice(0, 120))}`);
  return version;
}
