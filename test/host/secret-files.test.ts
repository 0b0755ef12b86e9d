import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { frrIds } from '../../src/supervise/run-dir.js';
import { statusKeeper } from '../../src/supervise/status-file.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

/**
 * SPEAKER_PASSWORD_FILE as root reads it: real files on the host's file system, planted the way
 * someone other than root could, and where the password goes (and where it never does).
 */
const password = 'k3/Zq+9xW2vL=8p_mT.c';
const node = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_MACS: '02:00:00:00:00:01' };
const links = JSON.stringify([{ name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 }]);

const frr = await (async () => {
  const ids = await frrIds();
  if (!ids) throw new Error('test: needs the frr user (scripts/setup.sh installs FRR)');
  return ids;
})();

describe('a password from SPEAKER_PASSWORD_FILE', () => {
  const tempDir = useTempDir();
  const setUp = (mode: number) => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const paths = writeFiles(dir, { 'links.json': links });
    const file = join(dir, 'speaker-password');
    writeFileSync(file, `${password}\n`, { mode });
    chmodSync(file, mode);
    return { dir, file, linksFile: paths['links.json'] ?? '' };
  };
  const render = (env: Record<string, string>, linksFile: string, out?: string) =>
    runCliInProcess(['render', '--links', linksFile, ...(out ? ['--out', out] : [])], { env: { ...node, ...env } });

  it('goes into frr.conf, which is then readable by root alone, and nowhere into the output', async () => {
    const { dir, file, linksFile } = setUp(0o600);
    const out = join(dir, 'out');
    const written = await render({ SPEAKER_PASSWORD_FILE: file }, linksFile, out);
    expect(written.exitCode).toBe(0);
    expect(readFileSync(join(out, 'frr.conf'), 'utf8')).toContain(` password ${password}\n`);
    expect(statSync(join(out, 'frr.conf')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'daemons')).mode & 0o777).toBe(0o644);
    expect(written.stderr).not.toContain(password);

    const printed = await render({ SPEAKER_PASSWORD_FILE: file }, linksFile);
    expect(printed.stdout).toContain(' password (hidden)\n');
    expect(printed.stdout).not.toContain(password);
  });

  it('is read from a file others may read, as Talos writes configFiles (0644)', async () => {
    const { file, linksFile } = setUp(0o644);
    const outcome = await render({ SPEAKER_PASSWORD_FILE: file }, linksFile);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(' password (hidden)\n');
  });

  it.each([
    [
      'a link to a root-only file',
      'is a symbolic link',
      (dir: string, file: string) => {
        const link = join(dir, 'link');
        symlinkSync(file, link);
        return link;
      },
    ],
    [
      'a file the frr user owns',
      'not root',
      (_dir: string, file: string) => {
        chownSync(file, frr.uid, frr.gid);
        return file;
      },
    ],
    [
      'a file others can write',
      'others can write it',
      (_dir: string, file: string) => {
        chmodSync(file, 0o666);
        return file;
      },
    ],
    [
      'a FIFO (which must not hang the read)',
      'is not a regular file',
      (dir: string) => {
        const fifo = join(dir, 'fifo');
        execFileSync('mkfifo', [fifo]);
        return fifo;
      },
    ],
    ['a device', 'is not a regular file', () => '/dev/zero'],
    ['a procfs file that reports no size (smaps would pass a size check)', "is on procfs, the kernel's", () => '/proc/self/smaps'],
    ['a procfs file that reads without end', "is on procfs, the kernel's", () => '/proc/self/pagemap'],
    ['a sysfs file', "is on sysfs, the kernel's", () => '/sys/kernel/mm/transparent_hugepage/enabled'],
  ])('is refused from %s, before anything is written, the content never shown', async (_what, reason, plant) => {
    const { dir, file, linksFile } = setUp(0o600);
    const path = plant(dir, file);
    const out = join(dir, 'out');
    const outcome = await render({ SPEAKER_PASSWORD_FILE: path }, linksFile, out);
    expect(outcome.exitCode).toBe(ExitCode.config);
    expect(outcome.stderr).toContain(`SPEAKER_PASSWORD_FILE="${path}": `);
    expect(outcome.stderr).toContain(reason);
    expect(outcome.stderr).not.toContain(password);
    expect(() => statSync(out)).toThrow();
  });

  it('hides a password set directly in every error line, the settings refused for another reason', async () => {
    const { linksFile } = setUp(0o600);
    const outcome = await render({ SPEAKER_PASSWORD: password, ASN_LOCAL: 'AS65001' }, linksFile);
    expect(outcome.exitCode).toBe(ExitCode.config);
    expect(outcome.stderr).toContain('ASN_LOCAL="AS65001"');
    expect(outcome.stderr).not.toContain(password);
  });
});

describe('the status file, which anyone on the host may read', () => {
  const tempDir = useTempDir();

  it('hides the password wherever FRR put it, and hashes frr.conf with it hidden', async () => {
    const dir = tempDir();
    const frrConf = `router bgp 65001 vrf metallb\n neighbor fda1:b2c3:d4e5:1::1 password ${password}\nexit\n`;
    const status = statusKeeper(dir, frrConf, new Date().toISOString(), [`line 2: % Unknown command: neighbor x password ${password}`], [password]);
    await status.update({ configApply: { state: 'failed', at: new Date().toISOString(), problems: [`bgpd: neighbor x password ${password}`], repairs: 0 } });
    const text = readFileSync(join(dir, 'frr-supervisor-status.json'), 'utf8');
    expect(text).not.toContain(password);
    expect(text).toContain('password (hidden)');
    const hidden = createHash('sha256').update(frrConf.replace(password, '(hidden)')).digest('hex');
    expect(JSON.parse(text).configSha256).toBe(hidden);
  });
});
