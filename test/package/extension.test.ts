import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestProblems, serviceProblems } from '../../scripts/extension/service-rules.js';
import { layoutProblems, packageBuildContext, supervisorDir } from '../../scripts/package.js';
import { repoRoot } from '../helpers/bundle.js';
import { useTempDir } from '../helpers/temp.js';

const service = parse(readFileSync(join(repoRoot, 'frr.yaml'), 'utf8')) as Record<string, unknown>;
const extension = join(repoRoot, 'dist', 'extension');

// Every test below reads what `npm run package` leaves: make it first (a clean checkout has none).
let files: string[] = [];
beforeAll(() => {
  files = packageBuildContext({ build: false }).files;
});

describe("frr.yaml against Talos's service rules", () => {
  it('passes every rule', () => {
    expect(serviceProblems(service)).toEqual([]);
  });

  const broken = (change: Record<string, unknown>) => ({ ...service, ...change });
  it.each([
    ['a name with capitals', broken({ name: 'FRR' }), 'name "FRR" is invalid'],
    ['an empty name', broken({ name: '' }), 'name "" is invalid'],
    ['no entrypoint', broken({ container: { args: ['run'] } }), 'container.entrypoint is required'],
    ['an empty dependency', broken({ depends: [{}] }), 'depends[0]: no dependency specified'],
    [
      'two fields in one dependency',
      broken({ depends: [{ configuration: true, time: true }] }),
      'depends[0]: more than a single dependency is set (time, configuration)',
    ],
    ['a relative path', broken({ depends: [{ path: 'var/run' }] }), 'depends[0]: path is not absolute: "var/run"'],
    ['an unknown network status', broken({ depends: [{ network: ['online'] }] }), 'depends[0]: invalid network dependency: online'],
    ['network connectivity', broken({ depends: [{ network: ['connectivity'] }] }), 'depends[0]: network connectivity can deadlock'],
    ['an unknown restart kind', broken({ restart: 'sometimes' }), 'restart "sometimes" is invalid'],
    ['no restart', broken({ restart: undefined }), 'restart undefined is invalid'],
    [
      'a misspelt field Talos would ignore',
      broken({ container: { ...(service.container as object), enviroment: ['A=1'] } }),
      'container.enviroment: unknown field',
    ],
  ])('refuses %s', (_what, spec, message) => {
    expect(serviceProblems(spec).join('\n')).toContain(message);
  });
});

describe('the manifest', () => {
  const good = { version: 'v1alpha1', metadata: { name: 'frr', version: '10.5.1-supervisor.0.1.0', compatibility: { talos: { version: '>= v1.11.0' } } } };
  it('as packaged, passes', () => {
    expect(manifestProblems(parse(readFileSync(join(extension, 'manifest.yaml'), 'utf8')), 'frr')).toEqual([]);
  });
  it.each([
    ['another version', { ...good, version: 'v1' }, 'version "v1" is not v1alpha1'],
    ['another name', { ...good, metadata: { ...good.metadata, name: 'bird' } }, "is not the service's name frr"],
    ['an unfilled version', { ...good, metadata: { ...good.metadata, version: '{{ .VERSION }}' } }, 'is not a version'],
    ['no compatibility', { ...good, metadata: { ...good.metadata, compatibility: {} } }, 'compatibility.talos.version undefined'],
  ])('refuses %s', (_what, manifest, message) => {
    expect(manifestProblems(manifest, 'frr').join('\n')).toContain(message);
  });
});

describe('npm run package: the extension tree', () => {
  const tempDir = useTempDir();

  it('holds manifest.yaml, the service definition and the bundle with its templates, and nothing else', () => {
    expect([...files].sort()).toEqual([
      'manifest.yaml',
      'rootfs/usr/local/etc/containers/frr.yaml',
      ...[
        'frr-supervisor-main.cjs',
        'frr-supervisor.cjs',
        'netlink.node',
        'templates/compiled.json',
        'templates/daemon-log.conf.njk',
        'templates/daemons.njk',
        'templates/frr.conf.njk',
        'templates/vtysh.conf.njk',
      ].map((f) => `rootfs/usr/local/lib/containers/frr/${supervisorDir}/${f}`),
    ]);
    expect(layoutProblems(extension)).toEqual([]);
  });

  it("frr.yaml's args name the bundle where the tree puts it", () => {
    const args = (service.container as { args: string[] }).args;
    expect(args).toContain(`/${supervisorDir}/frr-supervisor.cjs`);
  });

  it.each([
    ['a third top-level entry', (dir: string) => writeFileSync(join(dir, 'README.md'), ''), 'only manifest.yaml and rootfs/ are allowed'],
    [
      'a file outside /usr/local',
      (dir: string) => (mkdirSync(join(dir, 'rootfs', 'etc'), { recursive: true }), writeFileSync(join(dir, 'rootfs', 'etc', 'x'), '')),
      '/etc/x is outside /usr/local',
    ],
    ['a symlink', (dir: string) => symlinkSync('/etc/passwd', join(dir, 'rootfs', 'usr', 'local', 'link')), '/usr/local/link is not a regular file'],
  ])('the layout check refuses %s', (_what, spoil, message) => {
    const copy = join(tempDir(), 'tree');
    cpSync(extension, copy, { recursive: true });
    spoil(copy);
    expect(layoutProblems(copy).join('\n')).toContain(message);
  });

  it("the bundle inside the tree runs with a plain node and frr.yaml's Node options, away from the repository and its node_modules", async () => {
    const away = mkdtempSync(join(tmpdir(), 'extension-away-'));
    try {
      cpSync(extension, away, { recursive: true });
      const bundle = join(away, 'rootfs', 'usr', 'local', 'lib', 'containers', 'frr', supervisorDir, 'frr-supervisor.cjs');
      // Node's own options in frr.yaml: between /usr/bin/node and the `--` before the bundle.
      const args = (service.container as { args: string[] }).args;
      const nodeOptions = args.slice(args.indexOf('/usr/bin/node') + 1, args.lastIndexOf('--'));
      expect(nodeOptions).toEqual(['--max-semi-space-size=1']);
      const result = await execa(
        process.execPath,
        [...nodeOptions, '--', bundle, 'render', '--env-file', join(repoRoot, 'examples', 'node.env'), '--links', join(repoRoot, 'examples', 'links.json')],
        {
          cwd: away,
          env: { PATH: '/usr/bin:/bin' },
          extendEnv: false,
          reject: false,
        },
      );
      expect(result.stderr).toBe('fabric interfaces: eth0, eth1');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('router bgp 4200001001 vrf metallb');
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });

  it('every path the Dockerfile copies from the build context exists after npm run package', () => {
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].map((m) => (m[1] ?? '').trim().split(/\s+/).slice(0, -1)).flat();
    expect(copies.length).toBeGreaterThanOrEqual(4);
    for (const source of copies) expect(existsSync(join(repoRoot, source)), source).toBe(true);
    const stages = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]));
    for (const from of dockerfile.matchAll(/^COPY --from=(\S+)/gm)) expect(stages.has(from[1]), `stage ${from[1]}`).toBe(true);
  });
});
