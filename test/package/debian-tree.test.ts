import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDebianRootfs, rootsDir } from '../../scripts/extension/debian-tree.js';

describe("a Debian root as the container's rootfs", () => {
  const tree = mkdtempSync(join(tmpdir(), 'frr-supervisor-tree-'));
  // What a test running FRR inside the root leaves there: a scratch directory of a gone process.
  const leftover = join(rootsDir, 'forky', 'var', 'tmp', 'frr', `bgpd.test-${process.pid}`);
  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
    rmSync(leftover, { recursive: true, force: true });
  });

  it("holds none of the root's FRR scratch directories, and leaves the root as it was", () => {
    mkdirSync(leftover, { recursive: true });
    mkdirSync(join(tree, 'rootfs', 'usr', 'local', 'lib', 'containers', 'frr'), { recursive: true });
    const containerRoot = addDebianRootfs(tree, 'forky');
    expect(existsSync(join(containerRoot, 'usr', 'lib', 'frr', 'bgpd'))).toBe(true);
    expect(readdirSync(join(containerRoot, 'var', 'tmp', 'frr'))).toEqual([]);
    expect(existsSync(leftover)).toBe(true);
  });
});
