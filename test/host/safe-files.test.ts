import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { writeRenderedFiles, writeSplitConfigStubs } from '../../src/render/write-files.js';
import { writeFileAtomic } from '../../src/safe-files.js';
import { tailFrrLog } from '../../src/supervise/frr-log-tail.js';
import { frrIds, prepareRunDir } from '../../src/supervise/run-dir.js';

/**
 * Root's writes in directories the frr user owns, against what that user can plant there: real
 * files, links and FIFOs on the host's file system.
 */
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frr-safe-files-'));
  chmodSync(dir, 0o755);
  return dir;
};
/** A root-only file a link may point at. */
const rootOnly = (dir: string) => {
  const path = join(dir, 'shadow');
  writeFileSync(path, 'root:secret-hash:\n', { mode: 0o600 });
  return path;
};

describe('writing files where the frr user could plant links', () => {
  it('replaces a link at the path rather than writing through it, with the mode asked whatever the umask', async () => {
    const dir = scratch();
    const secret = rootOnly(dir);
    symlinkSync(secret, join(dir, 'frr.conf'));
    const umask = process.umask(0o000);
    try {
      await writeFileAtomic(join(dir, 'frr.conf'), 'frr defaults datacenter\n', 0o640);
    } finally {
      process.umask(umask);
    }
    expect(readFileSync(secret, 'utf8')).toBe('root:secret-hash:\n');
    expect(lstatSync(join(dir, 'frr.conf')).isFile()).toBe(true);
    expect(statSync(join(dir, 'frr.conf')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['frr.conf', 'shadow']);
  });

  it('replaces a hard link at the path: the file it shares its inode with is untouched', async () => {
    const dir = scratch();
    const secret = rootOnly(dir);
    linkSync(secret, join(dir, 'status.json'));
    await writeFileAtomic(join(dir, 'status.json'), '{}\n', 0o644);
    expect(readFileSync(secret, 'utf8')).toBe('root:secret-hash:\n');
    expect(statSync(secret).nlink).toBe(1);
  });

  it('every file the supervisor renders into /etc/frr goes past links planted under each name', async () => {
    const dir = scratch();
    const secret = rootOnly(dir);
    const names = ['frr.conf', 'daemons', 'vtysh.conf', 'daemon-log.conf', 'zebra.conf', 'mgmtd.conf'];
    for (const name of names) symlinkSync(secret, join(dir, name));
    await writeRenderedFiles(
      dir,
      { 'frr.conf': 'a\n', daemons: 'b\n', 'vtysh.conf': 'c\n', 'daemon-log.conf': 'd\n' },
      { secrets: [], extraConfig: undefined },
    );
    await writeSplitConfigStubs(dir, ['zebra', 'mgmtd']);
    expect(readFileSync(secret, 'utf8')).toBe('root:secret-hash:\n');
    for (const name of names) expect(lstatSync(join(dir, name)).isFile()).toBe(true);
  });

  it('leaves nothing behind when the write fails', async () => {
    const dir = scratch();
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'frr.conf'), 'x', 0o644)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.runIf(process.getuid?.() === 0)("the run directory's log file, as root", () => {
  it('a link planted as frr.log changes nothing it points at; frr.log becomes a file of its own', async () => {
    const dir = scratch();
    const secret = rootOnly(dir);
    const runDir = join(dir, 'run');
    execFileSync('mkdir', [runDir]);
    symlinkSync(secret, join(runDir, 'frr.log'));
    await prepareRunDir(runDir, join(runDir, 'frr.log'));
    expect(statSync(secret).uid).toBe(0);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(runDir, 'frr.log')).isFile()).toBe(true);
    const ids = await frrIds();
    if (ids) expect(statSync(join(runDir, 'frr.log')).uid).toBe(ids.uid);
  });

  it('a FIFO planted as frr.log does not hang the start', async () => {
    const dir = scratch();
    execFileSync('mkfifo', [join(dir, 'frr.log')]);
    await prepareRunDir(dir, join(dir, 'frr.log'));
    expect(lstatSync(join(dir, 'frr.log')).isFile()).toBe(true);
  });

  it("the log tail never reads or truncates through a link: a root-only file's text is not logged", async () => {
    const dir = scratch();
    const secret = rootOnly(dir);
    const log = join(dir, 'frr.log');
    writeFileSync(log, '');
    const lines: string[] = [];
    const tail = tailFrrLog(
      log,
      createLogger('json', (line) => lines.push(line)),
      { intervalMs: 10, maxBytes: 10 },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(log, '2026/12/01 22:37:56 warnings: BGP: [ZW1GY-R46JE] real line\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    execFileSync('rm', [log]);
    symlinkSync(secret, log);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await tail.stop();
    expect(lines.join('')).toContain('real line');
    expect(lines.join('')).not.toContain('secret-hash');
    // Said once, not at every poll.
    expect(lines.filter((line) => line.includes("cannot read FRR's log"))).toHaveLength(1);
    expect(readFileSync(secret, 'utf8')).toBe('root:secret-hash:\n');
  });

  it('wakes at a line the daemons write, not at a poll (an idle node polls every few seconds)', async () => {
    const dir = scratch();
    const log = join(dir, 'frr.log');
    writeFileSync(log, "2026/12/01 22:37:50 BGP: [AAAAA-AAAAA] an earlier run's line\n");
    const lines: string[] = [];
    const tail = tailFrrLog(
      log,
      createLogger('json', (line) => lines.push(line)),
      { idleIntervalMs: 600_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendFileSync(log, "2026/12/01 22:37:56 BGP: [ZW1GY-R46JE] this run's line\n");
    const deadline = Date.now() + 5_000;
    while (!lines.join('').includes("this run's line") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await tail.stop();
    expect(lines.join('')).toContain("this run's line");
    expect(lines.join('')).not.toContain('an earlier run');
  });
});
