import type { FabricSelector } from '../config/settings.js';
import { HostMismatchError } from '../errors.js';
import type { HostLink } from './links.js';
import { retryUntil, type Attempt, type RetryOptions } from '../retry-until.js';
import { resolveFabricInterfaces, type FabricInterface } from './resolve-interfaces.js';

export interface WaitOptions extends Omit<RetryOptions<HostMismatchError>, 'onWait'> {
  /** Called once when the interfaces are not all there yet and waiting begins. */
  readonly onWait?: (reason: string) => void;
}

/**
 * Resolves the fabric interfaces, waiting up to `timeoutMs` for missing ones: at boot, NICs can
 * appear or be renamed after the service starts. Each attempt is one link dump. When time is up
 * the error of the last attempt (missing MACs and the links there are) is thrown.
 */
export async function waitForFabric(selector: FabricSelector, listLinks: () => Promise<HostLink[]>, options: WaitOptions): Promise<FabricInterface[]> {
  const attempt = async (): Promise<Attempt<FabricInterface[], HostMismatchError>> => {
    const links = await listLinks();
    try {
      return { value: resolveFabricInterfaces(selector, links) };
    } catch (error) {
      if (error instanceof HostMismatchError) return { problem: error };
      throw error;
    }
  };
  return retryUntil(attempt, (error) => error, {
    ...options,
    onWait: (error) => options.onWait?.(`${error.message.split(';')[0]}: waiting up to ${Math.round(options.timeoutMs / 1000)} s`),
  });
}
