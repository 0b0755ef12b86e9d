import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleDir, repoRoot } from '../helpers/bundle.js';

/**
 * The oldest Node the image can have is package.json's engines.node: the FRR image's Alpine brings
 * its own (10.5's Alpine 3.20: Node 20.15; 10.7's Alpine 3.22: Node 22), and an operator may
 * build on either. The bundle is lowered to it (scripts/bundle.mjs); here esbuild reads the built
 * files again for that Node and for the newest syntax: were anything newer than the floor left,
 * lowering it would change the text.
 */
const floor = /\d+/.exec((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node)?.[0];

describe(`the bundle parses on Node ${floor}, the floor package.json names`, () => {
  it('names a floor, and Node 20 it is (FRR 10.5.1 images ship Node 20)', () => {
    expect(floor).toBe('20');
  });

  it.each(['frr-supervisor.cjs', 'frr-supervisor-main.cjs'])('%s holds no syntax newer than that Node', async (file) => {
    const text = readFileSync(join(bundleDir, file), 'utf8');
    const read = (target: string) =>
      transform(text, { target, format: 'cjs', loader: 'js', minifyWhitespace: true, legalComments: 'none' }).then((result) => result.code);
    expect(await read(`node${floor}`)).toBe(await read('esnext'));
  });

  it('would see syntax newer than the floor (a check that can fail)', async () => {
    // `using` (explicit resource management) is newer than Node 20: lowering it changes the text.
    const newer = '{ using handle = open(); handle.read(); }';
    const read = (target: string) => transform(newer, { target, loader: 'js', minifyWhitespace: true }).then((result) => result.code);
    expect(await read(`node${floor}`)).not.toBe(await read('esnext'));
  });
});
