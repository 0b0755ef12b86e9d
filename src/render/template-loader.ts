import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type nunjucks from 'nunjucks';

/**
 * The options of every nunjucks environment, for rendering and for precompiling alike: the
 * compiled code bakes some of them in (throwOnUndefined, the whitespace control).
 */
export const nunjucksOptions = { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true } as const;

export const templateNames = ['frr.conf.njk', 'daemons.njk', 'vtysh.conf.njk', 'daemon-log.conf.njk'] as const;

/**
 * Compiling the templates is a fifth of a start's JavaScript time (nunjucks parses and generates
 * code on a cold engine), so the build compiles them ahead of time into this file beside them
 * (precompile.ts). Each entry carries the source it came from, compared whole (the templates are
 * a few kB, and a hash would load node:crypto, a tenth of `render`'s own time on Node 24): a
 * template edited afterwards (an operator's --templates copy, say) is compiled from its source.
 */
export const compiledFileName = 'compiled.json';

export type CompiledTemplates = Record<string, { readonly source: string; readonly code: string }>;

export interface Templates {
  readonly loader: nunjucks.ILoader;
  /** Every template has its code compiled from its very source: nunjucks' compiler is not needed. */
  readonly allCompiled: boolean;
}

/** The templates of `dir`, each as its compiled code when that matches its source, else its source. */
export function loadTemplates(dir: string): Templates {
  let compiled: CompiledTemplates = {};
  try {
    compiled = JSON.parse(readFileSync(join(dir, compiledFileName), 'utf8')) as CompiledTemplates;
  } catch {
    // None (running from the source tree) or unreadable: compile from the sources.
  }
  const sources = new Map(templateNames.map((name) => [name as string, readFileSync(join(dir, name), 'utf8')]));
  const loader: nunjucks.ILoader = {
    getSource(name: string) {
      const path = join(dir, name);
      const source = sources.get(name) ?? readFileSync(path, 'utf8');
      const entry = compiled[name];
      if (entry?.source !== source) return { src: source, path, noCache: false };
      // The code nunjucks itself generated at build time from this very source.
      const obj = new Function(entry.code)() as unknown;
      return { src: { type: 'code', obj }, path, noCache: false } as unknown as nunjucks.LoaderSource;
    },
  };
  return { loader, allCompiled: [...sources].every(([name, source]) => compiled[name]?.source === source) };
}
