import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDirProblem, codeCacheDir, defaultCodeCacheDir } from '../../src/code-cache.js';
import { runBundle } from '../helpers/bundle.js';
import { frrInstallations, runBundleIn } from '../helpers/frr-installations.js';
import { useTempDir } from '../helpers/temp.js';

const tempDir = useTempDir();
const links = JSON.stringify([
  { name: 'lo', mtu: 65536 },
  { name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 },
]);
const files = { 'node.env': 'NODE_IP=10.10.10.10\nASN_LOCAL=4200001001\nFE_MACS=02:00:00:00:00:01\n', 'links.json': links };
const render = ['render', '--env-file', '{work}/node.env', '--links', '{work}/links.json'];

describe("the code cache's directory: code root runs, so root's alone (real files)", () => {
  it('is made 0700 where missing, and used', () => {
    const dir = join(tempDir(), 'cache', 'v8');
    expect(cacheDirProblem(dir)).toBeUndefined();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
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

describe('whose cache directory it is', () => {
  it("is root's for root, and another user's own cache home for them", () => {
    expect(defaultCodeCacheDir({ HOME: '/root', XDG_CACHE_HOME: '/elsewhere' }, 0)).toBe(codeCacheDir);
    expect(defaultCodeCacheDir({ HOME: '/home/op', XDG_CACHE_HOME: '/home/op/.xdg' }, 1000)).toBe('/home/op/.xdg/frr-supervisor/v8-code-cache');
    expect(defaultCodeCacheDir({ HOME: '/home/op' }, 1000)).toBe('/home/op/.cache/frr-supervisor/v8-code-cache');
    expect(defaultCodeCacheDir({}, 1000)).toBeUndefined();
  });

  it("an operator's own run (not root) keeps its cache in its home, saying nothing (real, as uid 65534)", async () => {
    const work = tempDir();
    chmodSync(work, 0o755);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), content, { mode: 0o644 });
    const home = join(work, 'home');
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, 65534, 65534);
    const args = ['render', '--env-file', join(work, 'node.env'), '--links', join(work, 'links.json')];
    const asNobody = { env: { HOME: home }, prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] };
    const first = await runBundle(args, asNobody);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toBe('fabric interfaces: eth0');
    const dir = join(home, '.cache', 'frr-supervisor', 'v8-code-cache');
    const [entry] = readdirSync(dir);
    const kept = statSync(join(dir, entry ?? ''));
    expect(kept.uid).toBe(65534);
    const again = await runBundle(args, asNobody);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toBe('fabric interfaces: eth0');
    expect(statSync(join(dir, entry ?? '')).ino).toBe(kept.ino);
  });
});

describe.each(frrInstallations)("V8's code cache of the bundle, on the Node beside $label (real)", (installation) => {
  // A directory of this test's own, the same path on the host and in the root (its /var/tmp).
  const inside = `/var/tmp/frr-supervisor-code-cache-test-${process.pid}`;
  const onHost = join(installation.root ?? '/', inside);
  const env = { FRR_SUPERVISOR_CODE_CACHE_DIR: inside };
  const entries = () => readdirSync(onHost).filter((name) => !name.startsWith('.'));
  afterEach(() => rmSync(onHost, { recursive: true, force: true }));

  it("a first start keeps V8's code once it succeeded; a restart takes it and writes nothing", async () => {
    const first = await runBundleIn(installation, render, files, env);
    expect(first.exitCode, first.stderr).toBe(0);
    const [entry, ...more] = entries();
    expect(more).toEqual([]);
    expect(entry).toMatch(/^[0-9a-f]{32}-render-v\d+\.\d+\.\d+-x64\.v8$/);
    const kept = statSync(join(onHost, entry ?? ''));
    expect(kept.mode & 0o777).toBe(0o600);
    const again = await runBundleIn(installation, render, files, env);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // V8 took it: a cache it refused would have been written anew (a new file renamed over it).
    expect(statSync(join(onHost, entry ?? '')).ino).toBe(kept.ino);
    expect(entries()).toEqual([entry]);
  });

  it('keeps nothing from a command that failed, and one entry per command', async () => {
    const failed = await runBundleIn(installation, render, { ...files, 'node.env': 'NODE_IP=10.10.10.10\n' }, env);
    expect(failed.exitCode).toBe(78);
    expect(entries()).toEqual([]);
    expect((await runBundleIn(installation, render, files, env)).exitCode).toBe(0);
    expect((await runBundleIn(installation, ['talos-config', '--env-file', '{work}/node.env'], files, env)).exitCode).toBe(0);
    expect(
      entries()
        .map((name) => name.split('-')[1])
        .sort(),
    ).toEqual(['render', 'talos']);
  });

  it("a cache V8 refuses (another bundle's, or garbage) is written anew; an old bundle's entry is dropped, nothing else", async () => {
    expect((await runBundleIn(installation, render, files, env)).exitCode).toBe(0);
    const [entry] = entries();
    const path = join(onHost, entry ?? '');
    writeFileSync(path, 'not V8 code', { mode: 0o600 });
    const old = join(onHost, `${'0'.repeat(32)}-render-v1.0.0-x64.v8`);
    writeFileSync(old, 'an older bundle', { mode: 0o600 });
    // FRR_SUPERVISOR_CODE_CACHE_DIR may name a directory that holds other files: never touched.
    const other = join(onHost, 'not-an-entry.v8');
    writeFileSync(other, 'something else', { mode: 0o600 });
    const result = await runBundleIn(installation, render, files, env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toBe('not V8 code');
    expect(existsSync(old)).toBe(false);
    expect(readFileSync(other, 'utf8')).toBe('something else');
  });

  it('follows no link in place of an entry, and takes no entry others may write', async () => {
    expect((await runBundleIn(installation, render, files, env)).exitCode).toBe(0);
    const [entry] = entries();
    const path = join(onHost, entry ?? '');
    const decoy = join(onHost, '.decoy');
    const code = readFileSync(path);
    writeFileSync(decoy, code, { mode: 0o600 });
    rmSync(path);
    symlinkSync(join(inside, '.decoy'), path);
    const linked = await runBundleIn(installation, render, files, env);
    expect(linked.exitCode, linked.stderr).toBe(0);
    // Not taken, so written anew: the link is replaced by a file, what it led to left alone.
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(decoy).equals(code)).toBe(true);
    const writeable = statSync(path).ino;
    chmodSync(path, 0o666);
    const open = await runBundleIn(installation, render, files, env);
    expect(open.exitCode, open.stderr).toBe(0);
    expect(statSync(path).ino).not.toBe(writeable);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('goes on without one, saying why, where the directory is not safe', async () => {
    mkdirSync(onHost, { recursive: true });
    chmodSync(onHost, 0o777);
    const result = await runBundleIn(installation, render, files, env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^frr-supervisor: code cache off: not using ${inside}: ${inside} is writeable by its group or by others`));
    expect(entries()).toEqual([]);
  });
});
