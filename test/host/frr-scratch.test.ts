import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearStaleScratchDirs } from '../../src/supervise/frr-processes.js';
import { frrIds } from '../../src/supervise/run-dir.js';

/**
 * FRR's per-process scratch directories, cleared for real: real files owned by the frr user, a
 * live process named zebra, `cat` and `rm` really run as the frr user (root needed, as in CI).
 */
const ids = await frrIds();
const root = mkdtempSync(join(tmpdir(), 'frr-scratch-'));
chmodSync(root, 0o755);
const dead = 4_194_000; // above any pid this machine hands out in a test run
const live = (() => {
  // A process whose command line names zebra, as a running FRR daemon's does.
  copyFileSync('/bin/sleep', join(root, 'zebra'));
  chmodSync(join(root, 'zebra'), 0o755);
  return spawn(join(root, 'zebra'), ['60'], { stdio: 'ignore' });
})();
afterAll(() => live.kill());

describe.runIf(ids)("FRR's scratch directories of processes that are gone", () => {
  const { uid, gid } = ids ?? { uid: 0, gid: 0 };
  const scratch = join(root, 'var-tmp-frr');
  const frrDir = (name: string) => {
    mkdirSync(join(scratch, name), { recursive: true });
    chownSync(join(scratch, name), uid, gid);
    return join(scratch, name);
  };

  it('removes the dead ones, keeps the live and the foreign, and hands back a crash log as one clean line', async () => {
    mkdirSync(scratch);
    chownSync(scratch, uid, gid);
    frrDir(`zebra.${live.pid}`);
    frrDir(`bgpd.${dead}`);
    writeFileSync(join(frrDir(`bfdd-2.${dead}`), 'crashlog'), 'Received signal 11\nBacktrace:\x1b[31m\u2028 frame 1\n');
    chownSync(join(scratch, `bfdd-2.${dead}`, 'crashlog'), uid, gid);
    frrDir(`notfrr.${dead}`);
    const stale = await clearStaleScratchDirs({ uid, gid }, scratch);
    expect(stale.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: `bfdd-2.${dead}`, crashLog: 'Received signal 11 | Backtrace:?[31m? frame 1' },
      { name: `bgpd.${dead}`, crashLog: undefined },
    ]);
    expect(readdirSync(scratch).sort()).toEqual([`notfrr.${dead}`, `zebra.${live.pid}`]);
  });

  it("reads and removes nothing of root's through a link the frr user planted", async () => {
    const secret = join(root, 'root-only');
    mkdirSync(secret, { mode: 0o700 });
    writeFileSync(join(secret, 'crashlog'), 'root secret\n', { mode: 0o600 });
    symlinkSync(secret, join(scratch, `staticd.${dead}`));
    mkdirSync(join(root, 'root-files'));
    writeFileSync(join(root, 'root-files', 'keep'), 'keep');
    const inside = frrDir(`mgmtd.${dead}`);
    symlinkSync(join(root, 'root-files'), join(inside, 'link'));
    symlinkSync(join(secret, 'crashlog'), join(frrDir(`watchfrr.${dead}`), 'crashlog'));
    const stale = await clearStaleScratchDirs({ uid, gid }, scratch);
    expect(stale.map((d) => d.crashLog)).toEqual([undefined, undefined, undefined]);
    expect(existsSync(join(secret, 'crashlog'))).toBe(true);
    expect(existsSync(join(root, 'root-files', 'keep'))).toBe(true);
    expect(readdirSync(scratch).sort()).toEqual([`notfrr.${dead}`, `zebra.${live.pid}`]);
  });
});
