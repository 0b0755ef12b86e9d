import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, rm, statfs, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * File access for a root process in directories the frr user owns (/etc/frr and /var/run/frr,
 * as FRR's packages make them): whatever that user planted there, a link or a FIFO, is never
 * followed, opened or changed through. Every write and chown goes through an open file, never
 * through a path looked up again.
 */

// O_NOFOLLOW refuses a link; O_NONBLOCK keeps a FIFO from blocking the open (a FIFO is then
// refused as not a regular file).
const noFollow = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Writes `path` whole or not at all: a new temporary file beside it, with a random name and
 * created exclusively (so nothing planted in advance is followed or reused), its mode set on the
 * open file whatever the umask, then renamed over `path`. The rename replaces a link at `path`
 * itself rather than writing through it.
 */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | noFollow, mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(text);
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Opens a regular file that must be one (not a link, FIFO or device): undefined when there is none. */
export async function openRegularFile(path: string, flags: 'read' | 'write'): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, (flags === 'read' ? constants.O_RDONLY : constants.O_WRONLY) | noFollow);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
  }
  return handle;
}

/**
 * Makes `path` a regular file owned by `ids` (created empty when missing), appending to what is
 * there. Anything else found at `path` (a link, a FIFO) is removed first: the directory is the
 * frr user's, and only a hostile or broken one leaves such a thing where a log file belongs.
 */
export async function ensureOwnedFile(path: string, mode: number, ids: { uid: number; gid: number } | undefined): Promise<void> {
  const found = await lstat(path).catch(() => undefined);
  if (found && !found.isFile()) await rm(path, { force: true, recursive: false });
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | noFollow, mode);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    if (ids) await handle.chown(ids.uid, ids.gid);
  } finally {
    await handle.close();
  }
}

/**
 * File systems whose files are the kernel's, not an operator's: their sizes say nothing (procfs
 * reports 0 for a file that reads without end, /proc/self/pagemap), reading some of them has
 * effects, and none holds a setting. statfs(2)'s f_type of each.
 */
const kernelFileSystems: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x63677270, 'cgroup2'],
  [0x27e0eb, 'cgroup'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x1cd1, 'devpts'],
]);

/**
 * The text of a file root reads a secret or config from (a path the settings name): a regular file, not
 * a link, owned by root and writable by root only, so nobody else can make root read something
 * else into frr.conf; on a file system of files, not the kernel's; and read with its limit held
 * as it is read, not by the size it reports. Throws an Error whose message says what is wrong
 * (no path in it).
 */
export async function readRootOwnedFile(path: string, largest = 4096): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await openRegularFile(path, 'read');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ELOOP' ? 'is a symbolic link' : code === 'ENOTREG' ? 'is not a regular file' : `cannot be read (${code ?? (error as Error).message})`,
      { cause: error },
    );
  }
  if (!handle) throw new Error('does not exist');
  try {
    const info = await handle.stat();
    if (info.uid !== 0) throw new Error(`belongs to uid ${info.uid}, not root`);
    if (info.mode & 0o022) throw new Error(`has mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}: others can write it`);
    // The open file's own file system, through its descriptor: the path may have changed since.
    const kernel = kernelFileSystems.get(Number((await statfs(`/proc/self/fd/${handle.fd}`)).type));
    if (kernel) throw new Error(`is on ${kernel}, the kernel's: expected a file of your own`);
    if (info.size > largest) throw new Error(`is ${info.size} bytes, more than it may hold (${largest})`);
    // Readable by others is no reason to refuse: Talos writes configFiles 0644, on a host where
    // no one else logs in.
    return await readAtMost(handle, largest);
  } finally {
    await handle.close();
  }
}

/** The file's text, or an error once it holds more than `largest` bytes, however large it says it is. */
async function readAtMost(handle: FileHandle, largest: number): Promise<string> {
  const buffer = Buffer.alloc(largest + 1);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.toString('utf8', 0, length);
    length += bytesRead;
    if (length > largest) throw new Error(`holds more than it may hold (${largest} bytes)`);
  }
}
