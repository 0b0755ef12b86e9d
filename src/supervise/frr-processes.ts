import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { frrProcessNames } from '../frr/facts.js';

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
    const pid = Number((await readFile(join(runDir, file), 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 1 && isAlive(pid) && (await isFrrProcess(pid))) found.push({ name: file.slice(0, -4), pid });
  }
  return found;
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
