import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { repoRoot, runBundle } from '../helpers/bundle.js';
import { useNetns } from '../helpers/netns.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

describe('waiting for the fabric interfaces (host kernel, fresh namespace)', () => {
  const netns = useNetns();
  const tempDir = useTempDir();
  const envFile = (text: string) => writeFiles(tempDir(), { 'node.env': text })['node.env'] ?? '';

  it('a MAC that appears while setup waits is found; setup goes on (to the VRF, which this kernel lacks)', async () => {
    const ns = await netns();
    const run = runBundle(['setup', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01\nFE_WAIT_SECONDS=20\n')], {
      prefix: ns.exec,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ns.ip('link', 'add', 'late0', 'address', '02:00:00:00:10:01', 'type', 'veth', 'peer', 'name', 'leaf0');
    const result = await run;
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('no link has the MAC 02:00:00:00:10:01 of FE_MACS: waiting up to 20 s');
    expect(lines[1]).toBe('fabric interfaces: late0');
    // The host kernel has no VRF: the error names the operation, the object and the errno.
    expect(lines[2]).toBe('error: could not create VRF metallb: ENOTSUP');
    expect(result.exitCode).toBe(ExitCode.system);
  });

  it('gives up after FE_WAIT_SECONDS with the missing MACs and the links there are, having changed nothing', async () => {
    const ns = await netns();
    await ns.ip('link', 'add', 'fab0', 'address', '02:00:00:00:10:01', 'type', 'veth', 'peer', 'name', 'leaf0', 'address', '02:00:00:00:20:01');
    const started = Date.now();
    const result = await runBundle(
      ['setup', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01,02:00:00:00:10:02\nFE_WAIT_SECONDS=2\n')],
      {
        prefix: ns.exec,
      },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(result.exitCode).toBe(ExitCode.unavailable);
    expect(result.stderr).toContain('error: no link has the MAC 02:00:00:00:10:02 of FE_MACS');
    expect(result.stderr).toContain('  link "fab0": 02:00:00:00:10:01 (veth)');
    const links = await execa('ip', ['-n', ns.name, '-o', 'link']);
    expect(links.stdout.split('\n')).toHaveLength(3); // lo, fab0, leaf0: nothing created
  });
});

describe('a start that could only fail after the kernel changed (host kernel, real FRR check)', () => {
  const netns = useNetns();
  const tempDir = useTempDir();

  it('a start command that is not there is refused before the first kernel step', async () => {
    const ns = await netns();
    await ns.ip('link', 'add', 'fab0', 'address', '02:00:00:00:10:01', 'type', 'veth', 'peer', 'name', 'leaf0');
    const dir = tempDir();
    const env =
      writeFiles(dir, {
        'node.env': `NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01\nFRR_CONFIG_DIR=${dir}/etc\nFRR_RUN_DIR=${dir}/run\nFRR_START_COMMAND=/nonexistent/frr-start\n`,
      })['node.env'] ?? '';
    const result = await runBundle(['run', '--env-file', env], { prefix: ns.exec });
    expect(result.stdout + result.stderr).toContain('cannot start FRR: /nonexistent/frr-start not found; fix FRR_START_COMMAND; nothing was changed');
    expect(result.exitCode).toBe(ExitCode.unavailable);
    const links = await execa('ip', ['-n', ns.name, '-o', 'link']);
    expect(links.stdout.split('\n')).toHaveLength(3); // lo, fab0, leaf0: no VRF, no veth
  });
});

describe('resolution among 1,000 links (host kernel)', () => {
  const netns = useNetns();
  const tempDir = useTempDir();

  it('finds the fabric links with one dump of all links', async () => {
    const ns = await netns();
    const commands = Array.from({ length: 500 }, (_, i) => `link add l${i}a type veth peer name l${i}b`);
    commands.push('link add fab0 address 02:00:00:00:10:01 type veth peer name fab0-peer', 'link set l42a address 02:00:00:00:10:02');
    await ns.batch(commands);
    const env = writeFiles(tempDir(), { 'node.env': 'NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:02,02:00:00:00:10:01\n' })['node.env'] ?? '';
    const result = await execa(
      'ip',
      ['netns', 'exec', ns.name, process.execPath, '--import', 'tsx', join(repoRoot, 'test', 'fixtures', 'resolve-in-netns.ts'), env],
      { cwd: repoRoot },
    );
    const outcome = JSON.parse(result.stdout) as { fabric: string[]; linkDumps: number; links: number };
    expect(outcome.links).toBe(1003);
    expect(outcome.fabric).toEqual(['l42a', 'fab0']);
    expect(outcome.linkDumps).toBe(1);
  });
});
