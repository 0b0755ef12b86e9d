import { constants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { ensureOwnedFile } from '../safe-files.js';

/**
 * FRR's daemons drop root for the frr user: the run directory (pid files, vty sockets) and the
 * log file must be theirs, as FRR's own scripts make them. Both are changed through an open file
 * that is what it should be (a directory, a regular file), never through a link the frr user
 * left there: a link planted as frr.log once made root chown a root-only file to frr.
 */
export async function prepareRunDir(runDir: string, logFile: string): Promise<void> {
  await mkdir(runDir, { recursive: true, mode: 0o755 });
  const ids = await frrIds();
  const dir = await open(runDir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    if (ids) await dir.chown(ids.uid, ids.gid);
  } finally {
    await dir.close();
  }
  await ensureOwnedFile(logFile, 0o640, ids);
}

/** The frr user's ids, where FRR is installed. */
export async function frrIds(): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const entry = passwd.split('\n').find((line) => line.startsWith('frr:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}
