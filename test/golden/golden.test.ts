import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/settings.js';
import { parseLinksFile } from '../../src/net/links-file.js';
import { resolveFabricInterfaces } from '../../src/net/resolve-interfaces.js';
import { checkWithFrr, daemonsFor } from '../../src/render/frr-check.js';
import { createRenderer, renderedFileNames, type RenderedFiles } from '../../src/render/render.js';
import { findTemplateDir } from '../../src/render/template-dir.js';
import { buildView } from '../../src/render/view.js';
import { scenarios } from './scenarios.js';

const expectedDir = join(import.meta.dirname, 'expected');
const update = process.env.UPDATE_GOLDEN === '1';
const render = createRenderer(findTemplateDir());

function renderScenario(scenario: (typeof scenarios)[number]): { files: RenderedFiles; bfd: boolean } {
  const { settings } = loadSettings(scenario.env);
  const links = parseLinksFile(JSON.stringify(scenario.links), `${scenario.name}/links.json`);
  const fabric = resolveFabricInterfaces(settings.fabric, links);
  return { files: render(buildView(settings, fabric)), bfd: settings.bfd };
}

describe.each(scenarios)('golden scenario $name', (scenario) => {
  const { files, bfd } = renderScenario(scenario);

  it.each(renderedFileNames)('renders %s exactly as the golden file', (fileName) => {
    const path = join(expectedDir, scenario.name, fileName);
    if (update) {
      mkdirSync(join(expectedDir, scenario.name), { recursive: true });
      writeFileSync(path, files[fileName]);
    }
    expect(existsSync(path), `${path} is missing: run npm run golden:update and review the diff`).toBe(true);
    expect(files[fileName]).toBe(readFileSync(path, 'utf8'));
  });

  it("passes FRR's own check (vtysh --dryrun and each enabled daemon's -C)", async () => {
    const golden = readFileSync(join(expectedDir, scenario.name, 'frr.conf'), 'utf8');
    const result = await checkWithFrr(golden, daemonsFor(bfd));
    expect(result.complaints).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
