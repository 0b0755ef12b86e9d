import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { parseLinksFile } from '../../src/net/links-file.js';
import { resolveFabricInterfaces } from '../../src/net/resolve-interfaces.js';
import { createRenderer, renderedFileNames, type RenderedFiles } from '../../src/render/render.js';
import { precompileTemplates } from '../../src/render/precompile.js';
import { compiledFileName } from '../../src/render/template-loader.js';
import { findTemplateDir } from '../../src/render/template-dir.js';
import { appendExtraConfig } from '../../src/render/extra-config.js';
import { buildView } from '../../src/render/view.js';
import { frrInstallations, runBundleIn, withForkyAs1051 } from '../helpers/frr-installations.js';
import { scenarios } from './scenarios.js';

const expectedDir = join(import.meta.dirname, 'expected');
const update = process.env.UPDATE_GOLDEN === '1';
const render = await createRenderer(findTemplateDir());

// The same templates compiled ahead of time, as the bundle ships them.
const compiledDir = mkdtempSync(join(tmpdir(), 'frr-supervisor-compiled-'));
cpSync(findTemplateDir(), compiledDir, { recursive: true });
writeFileSync(join(compiledDir, compiledFileName), JSON.stringify(precompileTemplates(compiledDir)));
const renderCompiled = await createRenderer(compiledDir);
afterAll(() => rmSync(compiledDir, { recursive: true, force: true }));

function renderScenario(scenario: (typeof scenarios)[number]): { files: RenderedFiles; compiled: RenderedFiles; bfd: boolean } {
  const files = new Map(scenario.extraConfig === undefined ? [] : [['FRR_EXTRA_CONFIG_FILE', { text: scenario.extraConfig }]]);
  const { settings } = loadSettings(scenario.env, files);
  const links = parseLinksFile(JSON.stringify(scenario.links), `${scenario.name}/links.json`);
  const fabric = resolveFabricInterfaces(settings.fabric, links);
  const view = buildView(settings, fabric);
  const withExtra = (rendered: RenderedFiles): RenderedFiles =>
    settings.extraConfig ? { ...rendered, 'frr.conf': appendExtraConfig(rendered['frr.conf'], settings.extraConfig) } : rendered;
  return { files: withExtra(render(view)), compiled: withExtra(renderCompiled(view)), bfd: settings.bfd };
}

describe.each(scenarios)('golden scenario $name', (scenario) => {
  const { files, compiled, bfd } = renderScenario(scenario);

  it.each(renderedFileNames)('renders %s exactly as the golden file', (fileName) => {
    const path = join(expectedDir, scenario.name, fileName);
    if (update) {
      mkdirSync(join(expectedDir, scenario.name), { recursive: true });
      writeFileSync(path, files[fileName]);
    }
    expect(existsSync(path), `${path} is missing: run npm run golden:update and review the diff`).toBe(true);
    expect(files[fileName]).toBe(readFileSync(path, 'utf8'));
  });

  it.each(renderedFileNames)('renders %s the same from the templates compiled ahead of time', (fileName) => {
    expect(compiled[fileName]).toBe(files[fileName]);
  });

  /** The bundle's `check` of the golden frr.conf with that installation's FRR (or the one in frrDir). */
  const checkGolden = (installation: (typeof frrInstallations)[number], frrDir?: string) => {
    const golden = readFileSync(join(expectedDir, scenario.name, 'frr.conf'), 'utf8');
    // The extra config from the work directory, where the bundle finds it as it would on a node.
    const env = Object.entries(scenario.env)
      .map(([k, v]) => `${k}=${k === 'FRR_EXTRA_CONFIG_FILE' ? '{work}/extra.conf' : v}`)
      .join('\n');
    return runBundleIn(
      installation,
      ['check', '--env-file', '{work}/node.env', '--links', '{work}/links.json', '--config', '{work}/frr.conf', ...(frrDir ? ['--frr-dir', frrDir] : [])],
      {
        'node.env': env,
        'links.json': JSON.stringify(scenario.links),
        'frr.conf': golden,
        ...(scenario.extraConfig === undefined ? {} : { 'extra.conf': scenario.extraConfig }),
      },
    );
  };

  it.each(frrInstallations)("passes FRR's own check on $label", async (installation) => {
    const result = await checkGolden(installation);
    // The daemons the probe found able to judge a config there; bfdd exactly when BFD is on.
    const checks = ['vtysh --dryrun', ...installation.checkers.filter((daemon) => bfd || daemon !== 'bfdd').map((daemon) => `${daemon} -C`)];
    expect(result.stderr).toContain(`frr.conf accepted by FRR ${installation.version} (${checks.join(', ')})`);
    expect(result.exitCode).toBe(0);
  });

  it("passes FRR's own check on forky's 10.7.1 under a zebra that says 10.5.1, whose bgpd -C would abort", async () => {
    const forky = frrInstallations.find((i) => i.root?.endsWith('/forky'));
    if (!forky) throw new Error('no forky installation');
    const result = await withForkyAs1051((frrDir) => checkGolden(forky, frrDir));
    expect(result.stderr).toContain(`frr.conf accepted by FRR 10.5.1 (vtysh --dryrun${bfd ? ', bfdd -C' : ''})`);
    expect(result.exitCode).toBe(0);
  });
});

describe('templates compiled ahead of time', () => {
  it('are used only while their source is unchanged: an edited template renders from its source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-compiled-'));
    try {
      cpSync(findTemplateDir(), dir, { recursive: true });
      writeFileSync(join(dir, compiledFileName), JSON.stringify(precompileTemplates(dir)));
      writeFileSync(join(dir, 'vtysh.conf.njk'), '! edited by an operator\n');
      const scenario = scenarios[0];
      if (!scenario) throw new Error('no scenario');
      const { settings } = loadSettings(scenario.env);
      const fabric = resolveFabricInterfaces(settings.fabric, parseLinksFile(JSON.stringify(scenario.links), 'links.json'));
      const files = (await createRenderer(dir))(buildView(settings, fabric));
      expect(files['vtysh.conf']).toBe('! edited by an operator\n');
      expect(files['frr.conf']).toBe(readFileSync(join(expectedDir, scenario.name, 'frr.conf'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
