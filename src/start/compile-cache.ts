import { mkdirSync } from 'node:fs';
import nodeModule from 'node:module';
import { untrustedReason } from './trusted-path.js';

/**
 * Node's compile cache (Node 22.1 and later): V8's compiled code of the bundle kept on disk, so a
 * restart skips most of parsing and compiling the 1.5 MB bundle. Talos restarts the service on
 * every settings change and every 5 s after a failure, and the container's rootfs overlay is kept
 * across those restarts, so a directory in it serves every start but the first after a reboot or
 * an upgrade (Node keys each entry on the source's hash, so a new bundle is compiled afresh).
 *
 * The cache is code that root runs: its directory, and every one above it, must be root's and
 * writeable by root alone. It is not the run mount (/var/run/frr belongs to the frr user).
 */
export const compileCacheDir = '/var/cache/frr-supervisor/node-compile-cache';

/** What Node 22+ offers (`@types/node` is Node 20's: typed here). */
interface CompileCacheApi {
  enableCompileCache?: (dir: string) => { status: number; message?: string; directory?: string };
  flushCompileCache?: () => void;
  getCompileCacheDir?: () => string | undefined;
  constants?: { compileCacheStatus?: Record<string, number> };
}
const api = nodeModule as unknown as CompileCacheApi;

export type CompileCacheState =
  | { readonly on: true; readonly directory: string }
  /** `why` is undefined where this Node has no compile cache (Node 20): nothing to fix, nothing to say. */
  | { readonly on: false; readonly why: string | undefined };

/**
 * Turns the cache on in `dir` when this Node has it and the directory is safe, else says why
 * not. NODE_COMPILE_CACHE (Node's own) wins; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
export function enableCompileCache(dir = compileCacheDir): CompileCacheState {
  const already = api.getCompileCacheDir?.();
  if (already) return { on: true, directory: already };
  if (!api.enableCompileCache) return { on: false, why: undefined };
  const problem = cacheDirProblem(dir);
  if (problem) return { on: false, why: problem };
  const result = api.enableCompileCache(dir);
  const status = api.constants?.compileCacheStatus ?? {};
  if (result.status === status.ENABLED || result.status === status.ALREADY_ENABLED) return { on: true, directory: result.directory ?? dir };
  return { on: false, why: result.message ?? (result.status === status.DISABLED ? 'NODE_DISABLE_COMPILE_CACHE is set' : `Node refused ${dir}`) };
}

/** The directory Node caches compiled code in for this process, if any (for the start's log line). */
export function compileCacheInUse(): string | undefined {
  return api.getCompileCacheDir?.();
}

/** Makes `dir` (0700) where missing; says why root may not use it, or undefined. */
export function cacheDirProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return `cannot make ${dir}: ${(error as Error).message}`;
  }
  const unsafe = untrustedReason(dir);
  return unsafe ? `not using ${dir}: ${unsafe}; root runs what is cached there, so expected root's and writeable by root alone` : undefined;
}

/**
 * Writes what was compiled so far to the cache now: Node writes it at exit, but `run` lives for
 * days and may end by a signal it does not outlive, so it flushes once the start is done.
 */
export function flushCompileCache(): void {
  api.flushCompileCache?.();
}
