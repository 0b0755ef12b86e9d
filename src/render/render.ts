import { loadTemplates, nunjucksOptions } from './template-loader.js';
import type { ConfigView } from './view.js';
import { hasLineUnsafeCharacter } from '../one-line.js';

export interface RenderedFiles {
  readonly 'frr.conf': string;
  readonly daemons: string;
  readonly 'vtysh.conf': string;
  readonly 'daemon-log.conf': string;
}

export const renderedFileNames = ['frr.conf', 'daemons', 'vtysh.conf', 'daemon-log.conf'] as const;

export type Renderer = (view: ConfigView) => RenderedFiles;

/**
 * A renderer over one template directory. An undefined variable is an error, never an empty
 * string (the jinja2 entrypoint crash-looped on that; this one fails once with the name).
 */
export async function createRenderer(templateDir: string): Promise<Renderer> {
  const { loader, allCompiled } = loadTemplates(templateDir);
  // Compiled templates need only nunjucks' runtime: its slim build, of the same release, made for
  // them. Its compiler, parser and lexer, a third of a start's nunjucks time, are loaded only for
  // a template edited after the build.
  const { Environment } = allCompiled ? (await import('nunjucks/browser/nunjucks-slim.js')).default : (await import('nunjucks')).default;
  const env = new Environment(loader, nunjucksOptions);
  const render = (name: string, view: ConfigView) => {
    assertSingleLineValues(view);
    return env.render(name, view as unknown as object);
  };
  return (view) => ({
    'frr.conf': render('frr.conf.njk', view),
    daemons: render('daemons.njk', view),
    'vtysh.conf': render('vtysh.conf.njk', view),
    'daemon-log.conf': render('daemon-log.conf.njk', view),
  });
}

/**
 * Defence in depth behind the schema: no value may carry a line break or a control character
 * into a config file, whatever path it took to get here.
 */
function assertSingleLineValues(view: ConfigView): void {
  const check = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (hasLineUnsafeCharacter(value)) throw new Error(`render: ${path} contains a control character`);
    } else if (Array.isArray(value)) value.forEach((item, i) => check(item, `${path}[${i}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) check(inner, `${path}.${key}`);
  };
  for (const [key, value] of Object.entries(view)) check(value, key);
}
