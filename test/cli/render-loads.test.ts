import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/bundle.js';
import { frrInstallations, runNodeIn } from '../helpers/frr-installations.js';

/**
 * Node's own modules a `node` run loaded: process.moduleLoadList, written at its exit by a module
 * run first (--import), each entry "NativeModule <id>". process.getBuiltinModule there, since an
 * ES import of node:fs would itself load what is looked for (and these Nodes all have it).
 */
async function nodeModulesLoaded(installation: (typeof frrInstallations)[number], nodeArgs: readonly string[]): Promise<Set<string>> {
  const files = {
    // fs.writeSync, not process.stdout, which would load the streams it looks for.
    'record.mjs':
      "const fs = process.getBuiltinModule('node:fs');\nprocess.on('exit', () => fs.writeSync(1, `\\n${process.moduleLoadList.join('\\n')}\\n`));\n",
    'empty.cjs': '',
    'node.env': readFileSync(join(repoRoot, 'examples', 'node.env'), 'utf8'),
    'links.json': readFileSync(join(repoRoot, 'examples', 'links.json'), 'utf8'),
  };
  const result = await runNodeIn(installation, ['--import={work}/record.mjs', ...nodeArgs], files);
  if (result.exitCode !== 0) throw new Error(`node ${nodeArgs.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return new Set(result.stdout.split('\n').flatMap((line) => (line.startsWith('NativeModule ') ? [line.slice('NativeModule '.length)] : [])));
}

describe.each(frrInstallations)("render's path in the bundle, on the Node beside $label", (installation) => {
  // What it need not load: each once cost a start a measurable part of its time (docs/benchmarks.md).
  // The ES facades of node:fs and node:util brought the first five on Node 24 (the
  // bundle is CommonJS now), the compiled templates' SHA-256 node:crypto; process.stdout and
  // process.stderr the streams, and node:net when they are pipes, as here (src/output.ts writes
  // without them); the others are `run`'s.
  const unneeded = [
    'internal/fs/promises',
    'internal/readline/interface',
    'worker_threads',
    'internal/util/diff',
    'crypto',
    'stream',
    'net',
    'child_process',
    'dgram',
    'zlib',
    'http',
  ];

  it("loads none of Node's modules it does not use, beyond what any CommonJS module loads", async () => {
    const floor = await nodeModulesLoaded(installation, ['{work}/empty.cjs']);
    const render = await nodeModulesLoaded(installation, ['--', '{bundle}', 'render', '--env-file', '{work}/node.env', '--links', '{work}/links.json']);
    const added = [...render].filter((id) => !floor.has(id));
    // What its argument parsing needs is seen: the list is the one looked at.
    expect(added).toContain('internal/util/parse_args/parse_args');
    expect(added.filter((id) => unneeded.includes(id))).toEqual([]);
  });
});
