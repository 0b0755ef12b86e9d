import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles, srcDir } from '../helpers/source-files.js';

/**
 * The layers of src/, from the roots down: a file imports from its own layer and those below,
 * never from one above. docs/development.md draws the same picture.
 */
const layers: readonly (readonly string[])[] = [
  ['main.ts', 'launcher.ts', 'process-main.ts', 'cli.ts'],
  ['commands'],
  ['supervise'],
  ['render', 'talos'],
  ['frr'],
  ['net'],
  ['config'],
  [
    'errors.ts',
    'json.ts',
    'log.ts',
    'one-line.ts',
    'output.ts',
    'report.ts',
    'retry-until.ts',
    'safe-files.ts',
    'secrets.ts',
    'code-cache.ts',
    'trusted-path.ts',
  ],
];

const src = srcDir;

/** The layer of a file of src/: that of its top-level directory, or its own name's at the top. */
function layerOf(path: string): number {
  const top = relative(src, path).split('/')[0] ?? '';
  const layer = layers.findIndex((names) => names.includes(top));
  if (layer < 0)
    throw new Error(`${relative(src, path)}: in no layer; add ${top} to the layers of test/unit/layers.test.ts (and docs/development.md's picture)`);
  return layer;
}

/** The files of src/ that `path` imports, statically or with import(). */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => resolve(dirname(path), specifier.replace(/\.js$/, '.ts')));
}

describe('the layers of src/', () => {
  const files = sourceFiles(src);

  it('puts every file in a layer', () => {
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import from a lower layer up to a higher one', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((imported) => layerOf(imported) < layerOf(file))
        .map((imported) => `${relative(src, file)} imports ${relative(src, imported)}`),
    );
    expect(upward).toEqual([]);
  });

  it('sees the imports it judges (a file known to import three layers down)', () => {
    const supervise = importsOf(join(src, 'supervise', 'supervise-frr.ts')).map((path) => relative(src, path));
    expect(supervise).toContain('frr/log-file.ts');
    expect(supervise.some((path) => path.startsWith('config/'))).toBe(true);
  });
});
