import type { FabricSelector } from '../config/settings.js';
import { HostMismatchError } from '../errors.js';
import type { HostLink } from './links.js';
import { resolveFabricInterfaces, type FabricInterface } from './resolve-interfaces.js';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called once when the interfaces are not all there yet and waiting begins. */
  readonly onWait?: (reason: string) => void;
}

/**
 * Resolves the fabric interfaces, waiting up to `timeoutMs` for missing ones: at boot, NICs can
 * appear or be renamed after the service starts. Each attempt is one link dump. When time is up
 * the error of the last attempt (missing MACs and the links there are) is thrown.
 */
export async function waitForFabric(selector: FabricSelector, listLinks: () => Promise<HostLink[]>, options: WaitOptions): Promise<FabricInterface[]> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    try {
      return resolveFabricInterfaces(selector, await listLinks());
    } catch (error) {
      if (!(error instanceof HostMismatchError) || now() >= deadline) throw error;
      if (!waiting) options.onWait?.(`${error.message.split(';')[0]}: waiting up to ${Math.round(options.timeoutMs / 1000)} s`);
      waiting = true;
      await sleep(Math.min(options.intervalMs ?? 500, Math.max(0, deadline - now())));
    }
  }
}
