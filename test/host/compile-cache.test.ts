import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirProblem, compileCacheDir } from '../../src/start/compile-cache.js';
import { frrInstallations, runBundleIn } from '../helpers/frr-installations.js';
import { useTempDir } from '../helpers/temp.js';

const tempDir = useTempDir();
function installation(version: string) {
  const found = frrInstallations.find((i) => i.version === version);
  if (!found) throw new Error(`no FRR installation ${version}`);
  return found;
}
const trixie = installation('10.3');
const forky = installation('10.7.1');
const links = JSON.stringify([{ name: 'lo', mtu: 65536 }, { name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 }]);
const files = { 'node.env': 'NODE_IP=10.10.10.10\nASN_LOCAL=4200001001\nFE_MACS=02:00:00:00:00:01\n', 'links.json': links };
const render = ['render', '--env-file', '{work}/node.env', '--links', '{work}/links.json'];

describe("the compile cache's directory: code root runs, so root's alone (real files)", () => {
  it('is made 0700 where missing, and used', () => {
    const dir = join(tempDir(), 'cache', 'node');
    expect(cacheDirProblem(dir)).toBeUndefined();
    expect(existsSync(dir)).toBe(true);
  });

  it('is refused under a directory others may write to, or belonging to another user', () => {
    const open = tempDir();
    chmodSync(open, 0o777);
    expect(cacheDirProblem(join(open, 'cache'))).toMatch(/is writeable by its group or by others; root runs what is cached there/);
    const foreign = tempDir();
    mkdirSync(join(foreign, 'cache'));
    chownSync(join(foreign, 'cache'), 65534, 65534);
    expect(cacheDirProblem(join(foreign, 'cache'))).toMatch(/belongs to uid 65534/);
  });

  it('is refused when a link leads it somewhere another user can write', () => {
    const base = tempDir();
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o777 });
    chmodSync(elsewhere, 0o777);
    symlinkSync(elsewhere, join(base, 'cache'));
    expect(cacheDirProblem(join(base, 'cache'))).toMatch(/elsewhere is writeable by its group or by others/);
  });
});

describe("Node's compile cache in the image's Nodes (the FRR roots' own Node, real)", () => {
  it("Node 24 (forky): the first start fills the cache, a restart's start takes V8's code from it", async () => {
    const root = forky.root ?? '';
    rmSync(join(root, compileCacheDir), { recursive: true, force: true });
    const debug = { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    const first = await runBundleIn(forky, render, files, debug);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/writing cache for ESM file:\/\/\/opt\/frr-supervisor\/frr-supervisor-main\.mjs .*success/);
    expect(readdirSync(join(root, compileCacheDir)).length).toBe(1);
    const again = await runBundleIn(forky, render, files, debug);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/V8 code cache for ESM file:\/\/\/opt\/frr-supervisor\/frr-supervisor-main\.mjs was accepted/);
    expect(again.stdout).toBe(first.stdout);
  });

  it('Node 20 (trixie) has none: the start goes on without one, saying nothing', async () => {
    const root = trixie.root ?? '';
    rmSync(join(root, compileCacheDir), { recursive: true, force: true });
    const result = await runBundleIn(trixie, render, files);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/compile cache/);
    expect(existsSync(join(root, compileCacheDir))).toBe(false);
  });
});
