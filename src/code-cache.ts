import { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { untrustedReason } from './trusted-path.js';

/**
 * V8's compiled code of the bundle, kept on disk for the next start. Talos restarts the service on
 * every settings change and every 5 s after a failure, and the container's rootfs overlay is kept
 * across those restarts, so a directory in it serves every start but the first after a reboot or
 * an upgrade.
 *
 * The code is taken after a start ran, not when the bundle was compiled: V8 compiles a function
 * at its first call, so a cache made at compile time holds little more than each module's top
 * level (Node's own compile cache is made then), and every start would compile again what it
 * runs. One entry per command, since each runs different code, and only from a command that
 * succeeded: a start that failed early would leave a cache without the rest. It works on every
 * Node (vm.Script's cachedData), Node 20 too.
 *
 * The cache is code that root runs: its directory, and every one above it, must be root's and
 * writeable by root alone, and each entry a regular file of root's. It is not the run mount
 * (/var/run/frr belongs to the frr user).
 */
export const codeCacheDir = '/var/cache/frr-supervisor/v8-code-cache';

/**
 * root's directory for root, and another user's own cache directory for them (an operator
 * running `talos-config` or `render` on a workstation): $XDG_CACHE_HOME, else ~/.cache. None when
 * neither is set.
 */
export function defaultCodeCacheDir(env: Readonly<Record<string, string | undefined>>, uid = process.getuid?.() ?? 0): string | undefined {
  if (uid === 0) return codeCacheDir;
  const cacheHome = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return cacheHome ? join(cacheHome, 'frr-supervisor', 'v8-code-cache') : undefined;
}

/** What the program gets from its entry: how this start went, and the keeping of its code. */
export interface CodeCache {
  /** For the start's log line: "used", "none yet", or "off: why". */
  readonly state: string;
  /** Keeps what V8 has compiled so far for the next start of the same command; once, and not when this start had a cache V8 took. */
  keep(): void;
}

export const noCodeCache = (why: string): CodeCache => ({ state: `off: ${why}`, keep: () => undefined });

/** Where the bundle is, and what the build knows of it (scripts/bundle.mjs). */
export interface BundleFile {
  readonly path: string;
  /** Its text: a function expression of CommonJS's module wrapper's parameters. */
  readonly source: string;
  /** The build's hash of `source`: each entry is named by it, so a new bundle never takes an old bundle's code. */
  readonly hash: string;
}

/**
 * Compiles the bundle (CommonJS) with the cache for `command` in `dir`, and returns its module
 * function and the CodeCache to hand it. `note` says once why there is no cache when something is
 * wrong with the directory (a cache V8 refused is simply made anew); a user without a cache
 * directory (`dir` undefined) just runs without one.
 */
export function compileWithCodeCache(
  bundle: BundleFile,
  command: string,
  note: (line: string) => void,
  dir: string | undefined,
): { run: (...args: unknown[]) => unknown; codeCache: CodeCache } {
  const uncached = (why: string) => ({ run: new Script(bundle.source, { filename: bundle.path }).runInThisContext() as never, codeCache: noCodeCache(why) });
  if (!dir) return uncached('no cache directory for this user (neither XDG_CACHE_HOME nor HOME is set)');
  const problem = cacheDirProblem(dir);
  if (problem) {
    note(`frr-supervisor: code cache off: ${problem}`);
    return uncached(problem);
  }
  const name = entryFileName(bundle.hash, command);
  const cached = readEntry(join(dir, name));
  const script = new Script(bundle.source, { filename: bundle.path, cachedData: cached });
  const used = cached !== undefined && !script.cachedDataRejected;
  let kept = used;
  const codeCache: CodeCache = {
    state: used ? 'used' : 'none yet',
    keep() {
      if (kept) return;
      kept = true;
      try {
        writeEntry(dir, name, script.createCachedData(), bundle.hash);
      } catch (error) {
        note(`frr-supervisor: code cache not kept: ${(error as Error).message}`);
      }
    },
  };
  return { run: script.runInThisContext() as never, codeCache };
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

/** The entry's bytes, when it is a regular file of this user's that nobody else may write (a link is not followed). */
function readEntry(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== (process.getuid?.() ?? 0) || (st.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the entry whole or not at all (a new file renamed over it), and drops other bundles' entries. */
function writeEntry(dir: string, name: string, data: Buffer, hash: string): void {
  const temporary = join(dir, `.${name}.${process.pid}`);
  rmSync(temporary, { force: true });
  writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(temporary, join(dir, name));
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  // Only what is named as an entry: FRR_SUPERVISOR_CODE_CACHE_DIR may name a directory that
  // holds other files too.
  for (const other of readdirSync(dir)) if (entryName.test(other) && !other.startsWith(hash)) unlinkSync(join(dir, other));
}

/** An entry's name, as entryFileName makes it (the build's hashes are 32 hex digits). */
const entryName = /^[0-9a-f]{32}-.+\.v8$/;

function entryFileName(hash: string, command: string): string {
  return `${hash}-${command}-${process.version}-${process.arch}.v8`;
}
