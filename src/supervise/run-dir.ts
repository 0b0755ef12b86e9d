import { chown, mkdir, open } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';

/**
 * FRR's daemons drop root for the frr user: the run directory (pid files, vty sockets) and the
 * log file must be theirs, as FRR's own scripts make them.
 */
export async function prepareRunDir(runDir: string, logFile: string): Promise<void> {
  await mkdir(runDir, { recursive: true, mode: 0o755 });
  const handle = await open(logFile, 'a');
  await handle.close();
  const ids = await frrIds();
  if (ids) for (const path of [runDir, logFile]) await chown(path, ids.uid, ids.gid);
}

/** The frr user's ids, where FRR is installed. */
export async function frrIds(): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const entry = passwd.split('\n').find((line) => line.startsWith('frr:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}
