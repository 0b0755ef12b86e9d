import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { nunjucksOptions, templateNames, type CompiledTemplates } from './template-loader.js';

// For the build, which writes the file this module's output goes into.
export { compiledFileName } from './template-loader.js';

/** The templates of `dir` compiled by nunjucks (the build's compiled.json), each with its source. */
export function precompileTemplates(dir: string): CompiledTemplates {
  const env = new nunjucks.Environment(null, nunjucksOptions);
  // The wrapper gets the list of compiled templates (typed as one): keep the bare code.
  const wrapper = (templates: unknown) => (templates as { template: string }[])[0]?.template ?? '';
  const compiled: CompiledTemplates = {};
  for (const name of templateNames) {
    const source = readFileSync(join(dir, name), 'utf8');
    const code = nunjucks.precompileString(source, { name, env, wrapper });
    compiled[name] = { source, code };
  }
  return compiled;
}
