import { execa } from 'execa';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { frrProcessNames } from '../frr/facts.js';
import { asOneLine } from '../one-line.js';

/** A running FRR process found through its pid file in the run directory. */
export interface FrrProcess {
  readonly name: string;
  readonly pid: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The FRR processes whose pid files name a live process (zebra.pid, bgpd.pid, watchfrr.pid, ...). */
export async function runningFrrProcesses(runDir: string): Promise<FrrProcess[]> {
  const names = await filesIn(runDir);
  const found: FrrProcess[] = [];
  for (const file of names.filter((name) => name.endsWith('.pid'))) {
    const running = await runningFrrProcess(runDir, file.slice(0, -4));
    if (running) found.push(running);
  }
  return found;
}

/** The FRR process `name` (bfdd, ...) when its pid file names a live one; one file, for a poll. */
export async function runningFrrProcess(runDir: string, name: string): Promise<FrrProcess | undefined> {
  const pid = Number((await readFile(join(runDir, `${name}.pid`), 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 1 && isAlive(pid) && (await isFrrProcess(pid)) ? { name, pid } : undefined;
}

const frrCommandLine = new RegExp(`(^|/)(${frrProcessNames.join('|')})\\0`);

/** A pid file left by an earlier container may name a pid now used by something else. */
async function isFrrProcess(pid: number): Promise<boolean> {
  return frrCommandLine.test(await commandLine(pid));
}

async function commandLine(pid: number | string): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
}

/** The run directory's entries; none when it does not exist yet (first start). */
async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * Removes pid files and vty sockets that no live FRR process owns: the Talos rootfs overlay
 * keeps them across container restarts, and a stale pid file makes FRR's scripts believe a
 * daemon is running.
 */
export async function clearStaleRunFiles(runDir: string): Promise<string[]> {
  const names = await filesIn(runDir);
  const live = new Set((await runningFrrProcesses(runDir)).map((p) => p.name));
  const stale = names.filter((name) => /\.(pid|vty)$/.test(name) && !live.has(name.replace(/\.(pid|vty)$/, '')));
  for (const name of stale) await rm(join(runDir, name), { force: true });
  return stale;
}

/** Where each FRR process keeps its crash log and log buffers: lib/zlog.c's TMPBASEDIR, built in. */
export const frrScratchDir = '/var/tmp/frr';

export interface StaleScratchDir {
  readonly name: string;
  /**
   * The crash log FRR wrote there when that process crashed, as the frr user could read it: as
   * one line (" | " between its lines), without control characters, cut to 4,000 characters,
   * because the frr user can write it too.
   */
  readonly crashLog: string | undefined;
}

function crashLogLine(text: string): string {
  const flat = asOneLine(text);
  return flat.length > 4000 ? `${flat.slice(0, 4000)}...` : flat;
}

/**
 * Removes the per-process directories (`zebra.57`, `bgpd-2.61`) of FRR processes that are gone,
 * handing back the crash log any of them holds so that it is logged, not lost. The Talos rootfs
 * overlay keeps them across container restarts, where the PID namespace hands out the same pids
 * again: FRR then finds its directory taken ("failed to mkdir ... File exists") and runs without
 * a crash log. The directories are the frr user's, in a directory the frr user can change, so
 * `cat` and `rm` run as that user: root never reads or walks a path that user controls.
 */
export async function clearStaleScratchDirs(ids: { uid: number; gid: number }, dir = frrScratchDir): Promise<StaleScratchDir[]> {
  const asFrr = { uid: ids.uid, gid: ids.gid, reject: false, stripFinalNewline: true } as const;
  const stale: StaleScratchDir[] = [];
  for (const name of await filesIn(dir)) {
    const m = /^([a-z]+)(?:-\d+)?\.(\d+)$/.exec(name);
    if (!m || !frrProcessNames.includes(m[1] ?? '')) continue;
    const pid = Number(m[2]);
    if (isAlive(pid) && (await isFrrProcess(pid))) continue;
    const crashLogPath = join(dir, name, 'crashlog');
    // lstat reads no content: only a real, non-empty file is worth a cat.
    const hasCrashLog = await lstat(crashLogPath).then(
      (st) => st.isFile() && st.size > 0,
      () => false,
    );
    const text = hasCrashLog ? (await execa('cat', ['--', crashLogPath], { ...asFrr, maxBuffer: 64 * 1024 })).stdout : '';
    const crashLog = typeof text === 'string' && text ? crashLogLine(text) : undefined;
    stale.push({ name, crashLog });
  }
  if (stale.length > 0) await execa('rm', ['-rf', '--', ...stale.map((d) => join(dir, d.name))], asFrr);
  return stale;
}
