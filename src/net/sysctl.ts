import { promises } from 'node:fs';
import { join } from 'node:path';
import { SystemError } from '../errors.js';

export interface Sysctl {
  /** The value, or undefined when the key does not exist (its interface is not there yet). */
  read(key: string): Promise<string | undefined>;
  write(key: string, value: string): Promise<void>;
}

/**
 * Sysctls as files under /proc/sys (keys use `/`, so interface names with dots are safe).
 * node:fs's `promises` is read at the call (the bundle is CommonJS): its module is not loaded for a
 * command that sets nothing.
 */
export function procSysctl(root = '/proc/sys'): Sysctl {
  return {
    async read(key) {
      try {
        return (await promises.readFile(join(root, key), 'utf8')).trim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new SystemError(`could not read sysctl ${key.replaceAll('/', '.')}: ${(error as NodeJS.ErrnoException).code}`, [], { cause: error });
      }
    },
    async write(key, value) {
      try {
        await promises.writeFile(join(root, key), value);
      } catch (error) {
        throw new SystemError(`could not set sysctl ${key.replaceAll('/', '.')}=${value}: ${(error as NodeJS.ErrnoException).code}`, [], { cause: error });
      }
    },
  };
}
