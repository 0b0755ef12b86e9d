import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';

/**
 * The options of every nunjucks environment, for rendering and for precompiling alike: the
 * compiled code bakes some of them in (throwOnUndefined, the whitespace control).
 */
export const nunjucksOptions = { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true } as const;

export const templateNames = ['frr.conf.njk', 'daemons.njk', 'vtysh.conf.njk', 'daemon-log.conf.njk'] as const;

/**
 * Compiling the templates is a fifth of a start's JavaScript time (nunjucks parses and generates
 * code on a cold engine), so the build compiles them ahead of time into this file beside them.
 * Each entry carries the source it came from, compared whole (the templates are a few kB, and a
 * hash would load node:crypto, a tenth of `render`'s own time on Node 24): a template edited
 * afterwards (an operator's --templates copy, say) is compiled from its source as usual.
 */
export const compiledFileName = 'compiled.json';

export type CompiledTemplates = Record<string, { readonly source: string; readonly code: string }>;

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

/** A nunjucks loader over `dir` that takes a template's compiled code when it matches its source. */
export function templateLoader(dir: string): nunjucks.ILoader {
  let compiled: CompiledTemplates = {};
  try {
    compiled = JSON.parse(readFileSync(join(dir, compiledFileName), 'utf8')) as CompiledTemplates;
  } catch {
    // None (running from the source tree) or unreadable: compile from the sources.
  }
  return {
    getSource(name: string) {
      const path = join(dir, name);
      const source = readFileSync(path, 'utf8');
      const entry = compiled[name];
      if (entry?.source !== source) return { src: source, path, noCache: false };
      // The code nunjucks itself generated at build time from this very source.
      const obj = new Function(entry.code)() as unknown;
      return { src: { type: 'code', obj }, path, noCache: false } as unknown as nunjucks.LoaderSource;
    },
  };
}
