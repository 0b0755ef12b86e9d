import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../log.js';
import { openRegularFile } from '../safe-files.js';
import { every } from './every.js';
import { loggedText, parseFrrLine } from './frr-line.js';

export interface LogTail {
  stop(): Promise<void>;
}

/** A watch on `dir` that calls `changed` when `name` in it changes, or undefined where there is none (no inotify). */
function watchDirectory(dir: string, name: string, changed: () => void): FSWatcher | undefined {
  try {
    const watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file === null || file === name) changed();
    });
    watcher.on('error', () => undefined);
    return watcher;
  } catch {
    return undefined;
  }
}

/**
 * FRR's daemons fork into the background and lose their stdout, so they log to one file (set in
 * daemon-log.conf, which each reads as it starts) and the supervisor follows it: from its current
 * end, each line under its daemon's name and at FRR's severity. The file is
 * truncated once it passes `maxBytes` after being read to the end, so the run directory does not
 * fill up; daemons write with O_APPEND and carry on at the new end.
 */
export function tailFrrLog(
  path: string,
  logger: Logger,
  options: { intervalMs?: number; idleIntervalMs?: number; maxBytes?: number; onLine?: (daemon: string, message: string) => void } = {},
): LogTail {
  let offset = -1;
  let partial = '';
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  // The file is in the frr user's run directory: opened only as the regular file it must be, never
  // through a link (which could point root's reads at /etc/shadow, or its truncation anywhere).
  const readMore = async () => {
    const handle = await openRegularFile(path, 'read');
    if (!handle) return;
    let size: number;
    try {
      size = (await handle.stat()).size;
      if (offset < 0) offset = size; // earlier runs' lines were logged by earlier runs
      if (size < offset) offset = 0; // truncated by someone else
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const parsed = parseFrrLine(line);
        const daemon = parsed.daemon ?? 'frr';
        logger.child({ component: daemon })[parsed.level](loggedText(parsed));
        options.onLine?.(daemon, parsed.message);
      }
    } finally {
      await handle.close();
    }
    if (offset > maxBytes) {
      const writable = await openRegularFile(path, 'write');
      await writable?.truncate(0);
      await writable?.close();
      offset = 0;
    }
  };
  // Each problem once, not at every poll: a link left as frr.log stays until FRR's next start.
  let lastProblem = '';
  const onError = (error: unknown) => {
    const problem = (error as Error).message;
    if (problem !== lastProblem) logger.warn({ component: 'supervisor' }, `cannot read FRR's log ${path}: ${problem}`);
    lastProblem = problem;
  };
  // inotify on the log's directory wakes the tail as the daemons write (their lines show at once)
  // and lets an idle node's supervisor, which lives for days, poll only every few seconds; the
  // events only wake it: what it reads still goes through openRegularFile. Without inotify, it polls.
  const watcher = watchDirectory(dirname(path), basename(path), () => poller.now());
  // The first read at once: it sets where this run's lines begin.
  const poller = every(watcher ? (options.idleIntervalMs ?? 2000) : (options.intervalMs ?? 200), readMore, onError, { immediately: true });
  return {
    async stop() {
      watcher?.close();
      await poller.stop();
      // What the daemons wrote while they stopped.
      await readMore().catch(() => undefined);
    },
  };
}
