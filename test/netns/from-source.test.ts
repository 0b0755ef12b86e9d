import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePath, repoRoot } from '../helpers/bundle.js';
import { useNetns } from '../helpers/netns.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

/**
 * The development command line (docs/operator-guide.md, "Command line"), `npx tsx src/main.ts`, on a real kernel: `plan` reads
 * the links, addresses and rules with the typed rtnetlink socket (loaded lazily, whose CommonJS
 * exports tsx and the bundle present differently) and prints the same plan as the bundle.
 */
describe('from source with tsx (a network namespace)', () => {
  const netns = useNetns();
  const tempDir = useTempDir();

  it('`plan` reads the kernel and prints what the bundle prints', async () => {
    const ns = await netns();
    await ns.batch(['link set lo up', 'link add fab0 address 02:00:00:00:30:01 type veth peer name leaf0', 'addr add 10.0.0.1/32 dev lo']);
    const env = writeFiles(tempDir(), { 'node.env': 'NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:30:01\n' })['node.env'] ?? '';
    const run = (program: string[]) =>
      execa(ns.exec[0] ?? 'ip', [...ns.exec.slice(1), ...program, 'plan', '--env-file', env], { cwd: repoRoot, reject: false });
    const fromSource = await run(['npx', 'tsx', join(repoRoot, 'src', 'main.ts')]);
    expect(fromSource.stderr).toBe('');
    expect(fromSource.exitCode).toBe(0);
    expect(fromSource.stdout).toContain('would create VRF metallb');
    const bundled = await run([process.execPath, bundlePath]);
    expect(fromSource.stdout).toBe(bundled.stdout);
  });
});
