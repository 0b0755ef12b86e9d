import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultNodeSuite, nodeSuites } from '../../lab/trees.js';
import { fillTemplate, resolveVars } from '../../scripts/extension/template-vars.js';
import { packageAddonSource, packageExtension, supervisorDir } from '../../scripts/package.js';
import { imageCheckPlanFileName } from '../../src/frr/check-plan-store.js';
import { repoRoot } from '../helpers/bundle.js';
import { frrInstallations, requireRoot } from '../helpers/frr-installations.js';

/**
 * What builds the image a user builds (Dockerfile, pkg.yaml for bldr), read as those tools read
 * them and held to the tree `npm run package` makes. Neither tool runs here (no container
 * engine); the addon build they share runs in test:source-addon.
 */
const text = (name: string) => readFileSync(join(repoRoot, name), 'utf8');
/** What an operator reads: the README and the guides under docs/, as one text. */
const documentation = () =>
  [
    'README.md',
    ...readdirSync(join(repoRoot, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join('docs', name)),
  ]
    .map(text)
    .join('\n');
const vars = resolveVars(parse(text('vars.yaml')) as Record<string, string>);
const frrVersion = vars.FRR_VERSION ?? '';
const line = (version: string) => /^\d+\.\d+/.exec(version)?.[0];
const dockerfile = text('Dockerfile');
/** Where the bundle looks for the image's check plan (src/frr/check-plan-store.ts). */
const imagePlan = `/${supervisorDir}/${imageCheckPlanFileName}`;

interface Step {
  network?: string;
  prepare?: string[];
  build?: string[];
  install?: string[];
  test?: string[];
}
interface Recipe {
  name: string;
  variant: string;
  shell: string;
  dependencies: { stage?: string; image?: string; to?: string }[];
  steps: Step[];
  finalize: { from: string; to: string }[];
}
// bldr templates pkg.yaml with vars.yaml (and its build arguments) before it parses it.
const recipe = parse(fillTemplate(text('pkg.yaml'), { ...vars, BUILD_ARG_SOURCE_DATE_EPOCH: '0' })) as Recipe;
const scripts = (step: Step) => [...(step.prepare ?? []), ...(step.build ?? []), ...(step.install ?? []), ...(step.test ?? [])].join('\n');

// What `npm run package` makes under dist/, made in a directory of its own (extension.test.ts
// makes dist/extension at the same time).
const context = mkdtempSync(join(tmpdir(), 'frr-supervisor-context-'));
beforeAll(() => {
  packageExtension({ build: false, out: join(context, 'dist', 'extension') });
  packageAddonSource(join(context, 'dist', 'addon-source'));
});
afterAll(() => rmSync(context, { recursive: true, force: true }));
/** A path of the build context (this directory once `npm run package` ran): made by it, or in the checkout. */
const inContext = (path: string) => existsSync(join(context, path)) || (!path.startsWith('dist/') && existsSync(join(repoRoot, path)));

describe("the oldest Talos is one fact: vars.yaml's TALOS_MIN_VERSION", () => {
  const talos = vars.TALOS_MIN_VERSION ?? '';
  const readme = documentation();
  it('is 1.12 or later: talos-config prints LinkConfig and DummyLinkConfig, which Talos 1.12.0 introduced', () => {
    const [major = 0, minor = 0] = /^v(\d+)\.(\d+)\.\d+$/.exec(talos)?.slice(1).map(Number) ?? [];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(112);
  });
  it("is the manifest's compatibility", () => {
    const manifest = parse(fillTemplate(text('manifest.yaml.tmpl'), vars)) as { metadata: { compatibility: { talos: { version: string } } } };
    expect(manifest.metadata.compatibility.talos.version).toBe(`>= ${talos}`);
  });
  it('is the imager the documentation names, and it names no older Talos', () => {
    expect([...readme.matchAll(/siderolabs\/imager:(v[\d.]+)/g)].map((m) => m[1])).toEqual([talos]);
    const older = [...readme.matchAll(/\b(?:Talos|talos) v?1\.(\d+)/g)].filter((m) => Number(m[1]) < Number(talos.split('.')[1]));
    expect(older.map((m) => m[0])).toEqual([]);
  });
});

describe("the image's FRR is one fact: vars.yaml's FRR_VERSION", () => {
  it('is a release of the 10.7 line, the line the lab runs', () => {
    expect(frrVersion).toMatch(/^10\.7\.\d+$/);
  });

  it("is the Dockerfile's default, and the only version it names", () => {
    expect(dockerfile).toContain(`ARG FRR_VERSION=${frrVersion}\n`);
    expect(dockerfile).toMatch(/^FROM quay\.io\/frrouting\/frr:\$\{FRR_VERSION\} AS frr$/m);
    expect(dockerfile.match(/\b\d+\.\d+\.\d+\b/g)).toEqual([frrVersion]);
  });

  it("is pkg.yaml's FRR image, through the template (no version written there)", () => {
    expect(text('pkg.yaml')).not.toMatch(/\b\d+\.\d+\.\d+\b/);
    expect(recipe.dependencies).toContainEqual({ image: `quay.io/frrouting/frr:${frrVersion}`, to: '/rootfs/usr/local/lib/containers/frr' });
  });

  it("is the tag the documentation names, and its versions table's", () => {
    const readme = documentation();
    expect(readme).toContain(`quay.io/frrouting/frr:${frrVersion}`);
    const rows = readme.split('\n').filter((l) => l.startsWith('| FRR | '));
    expect(rows.some((row) => row.startsWith(`| FRR | ${frrVersion} (\`quay.io/frrouting/frr:${frrVersion}\``))).toBe(true);
    for (const other of readme.match(/quay\.io\/frrouting\/frr:[\w.]+/g) ?? []) expect(other).toBe(`quay.io/frrouting/frr:${frrVersion}`);
  });

  it("is the line of the FRR the lab's nodes run by default, as that root's zebra reports it", async () => {
    expect(nodeSuites[defaultNodeSuite]).toBe(`FRR ${frrVersion}`);
    const installation = frrInstallations.find((i) => i.root?.endsWith(`/${defaultNodeSuite}`));
    if (!installation?.root) throw new Error(`no FRR installation for the lab's ${defaultNodeSuite} root`);
    requireRoot(installation);
    const { stdout } = await execa('chroot', [installation.root, '/usr/lib/frr/zebra', '--version']);
    expect(line(/version (\S+)/.exec(stdout)?.[1] ?? '')).toBe(line(frrVersion));
  });
});

describe('the Dockerfile', () => {
  const copies = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) /gm)].map((m) => m[1] ?? '');

  it('copies only what `npm run package` makes', () => {
    expect(copies.length).toBeGreaterThan(0);
    for (const source of copies) expect(inContext(source), source).toBe(true);
  });

  it("builds the addon from source with the shared script, which loads it with the image's Node, before the final stage takes it", () => {
    expect(dockerfile).toMatch(/^COPY dist\/addon-source\/ \/build\/netlink\/$/m);
    expect(dockerfile).toMatch(/^RUN sh \/build\/netlink\/build\.sh \/build\/netlink \/usr\/local\/lib\/frr-supervisor$/m);
    expect(dockerfile).toMatch(
      /^COPY --from=supervisor \/usr\/local\/lib\/frr-supervisor\/netlink\.node \/rootfs\/usr\/local\/lib\/containers\/frr\/usr\/local\/lib\/frr-supervisor\/netlink\.node$/m,
    );
    // Never a file name guessed from the package (node-gyp names it after binding.gyp's target).
    expect(dockerfile).not.toMatch(/build\/Release/);
  });

  it('asks the FRR it ships how it can check a config, after the addon is in place, and ships the answer beside the bundle', () => {
    const lines = dockerfile.split('\n');
    const probe = lines.indexOf(`RUN node /usr/local/lib/frr-supervisor/frr-supervisor.cjs probe --out ${imagePlan}`);
    expect(probe).toBeGreaterThan(lines.indexOf('RUN sh /build/netlink/build.sh /build/netlink /usr/local/lib/frr-supervisor'));
    expect(lines).toContain(`COPY --from=supervisor ${imagePlan} /rootfs/usr/local/lib/containers/frr${imagePlan}`);
  });
});

describe('pkg.yaml, as bldr reads it', () => {
  it("starts from the base stage, as siderolabs/extensions' recipes do", () => {
    expect(recipe).toMatchObject({ name: 'frr', variant: 'scratch' });
    expect(recipe.dependencies[0]).toEqual({ stage: 'base' });
  });

  it('has the network in one step, which only fetches Alpine packages; every other step has none', () => {
    const networked = recipe.steps.filter((step) => step.network === 'default');
    expect(networked).toHaveLength(1);
    const fetching = scripts(networked[0] ?? {})
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const command of fetching)
      expect(command).toMatch(
        /^(frr=\/rootfs\/usr\/local\/lib\/containers\/frr|cp \/etc\/resolv\.conf "\$frr\/etc\/resolv\.conf"|chroot "\$frr" \/sbin\/apk add --no-cache .*|rm "\$frr\/etc\/resolv\.conf")$/,
      );
    for (const step of recipe.steps.filter((s) => s !== networked[0])) {
      expect([undefined, 'none']).toContain(step.network);
      expect(scripts(step)).not.toMatch(/apk add|npm (ci|install)|wget|curl/);
    }
  });

  it("builds the addon with the Dockerfile's script, and validates the tree with /extensions-validator", () => {
    const all = recipe.steps.map(scripts).join('\n');
    expect(all).toContain('chroot "$frr" /bin/sh /tmp/netlink/build.sh /tmp/netlink /usr/local/lib/frr-supervisor');
    // The FRR of the tree asked as the Dockerfile asks it, with the tree's Node before its build tools go.
    expect(all.indexOf(`chroot "$frr" node /usr/local/lib/frr-supervisor/frr-supervisor.cjs probe --out ${imagePlan}`)).toBeGreaterThan(
      all.indexOf('build.sh'),
    );
    expect(all).toMatch(/\/extensions-validator validate --rootfs=\/extensions-validator-rootfs --pkg-name="\$\{PKG_NAME\}"/);
    expect(recipe.finalize).toEqual([
      { from: '/rootfs', to: '/rootfs' },
      { from: '/pkg/manifest.yaml', to: '/' },
    ]);
  });

  it('names under /pkg only what `npm run package` makes, or what bldr makes from a .tmpl', () => {
    const named = [...new Set([...text('pkg.yaml').matchAll(/\/pkg\/([\w./-]+?)(?:\/\.)?(?=["'\s]|$)/gm)].map((m) => (m[1] ?? '').replace(/\/$/, '')))];
    expect(named).toContain('manifest.yaml');
    for (const path of named) expect(inContext(path) || inContext(`${path}.tmpl`), `/pkg/${path}`).toBe(true);
  });
});
