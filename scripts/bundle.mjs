// Builds the self-contained program the extension image runs with a plain `node`:
//   dist/bundle/frr-supervisor.mjs   the entry: Node's compile cache on, then the bundle
//   dist/bundle/frr-supervisor-main.mjs   every JavaScript dependency in one file
//   dist/bundle/netlink.node         the netlink native addon for this platform and libc
//   dist/bundle/templates/           the nunjucks templates, and compiled.json: them compiled
// The netlink package finds its addon through node-gyp-build relative to its own directory,
// which no longer exists after bundling; the bundle loads the copy beside itself instead.
import { build } from 'esbuild';
import { cp, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node scripts/bundle.mjs [DIR [ENTRY]]`: into DIR instead of dist/bundle (e.g. to build while
// a lab runs that one), from ENTRY instead of src/main.ts (the benchmark's host variant).
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist', 'bundle');
const entry = process.argv[3] ? resolve(process.argv[3]) : join(root, 'src', 'main.ts');
const require = createRequire(import.meta.url);

const netlinkDir = dirname(require.resolve('netlink/package.json'));
// node-gyp-build's own lookup: build/Release when compiled here (musl), else the prebuild.
const addon = require('node-gyp-build').path(netlinkDir);

const netlinkAddonBesideBundle = {
  name: 'netlink-addon-beside-bundle',
  setup(b) {
    b.onLoad({ filter: /netlink[\\/]dist[\\/]raw\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = "require('node-gyp-build')(__dirname + '/..')";
      if (!source.includes(call)) throw new Error(`netlink changed how it loads its addon: ${args.path}`);
      return { contents: source.replace(call, "require(require('node:path').join(__bundleDir, 'netlink.node'))"), loader: 'js' };
    });
  },
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { 'frr-supervisor-main': entry },
  outdir: out,
  // The commands are loaded when asked for (src/cli.ts): each, and what only it needs, a chunk.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minifySyntax: true,
  legalComments: 'linked',
  plugins: [netlinkAddonBesideBundle],
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirname_ } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __bundleDir = __dirname_(__fileURLToPath(import.meta.url));',
    ].join('\n'),
  },
});
// The entry Node runs: it turns on Node's compile cache, then imports the bundle above, which it
// must not contain (src/start/entry.ts says why). Named as the image's frr.yaml runs it.
await build({ entryPoints: [join(root, 'src', 'start', 'entry.ts')], outfile: join(out, 'frr-supervisor.mjs'), bundle: true, platform: 'node', target: 'node20', format: 'esm' });
await copyFile(addon, join(out, 'netlink.node'));
await cp(join(root, 'templates'), join(out, 'templates'), { recursive: true });

// The templates compiled ahead of time (src/render/template-loader.ts says why), by the
// product's own precompiler, built for this one call.
const precompiler = join(root, 'dist', `.precompile-${process.pid}.mjs`);
await build({ entryPoints: [join(root, 'src', 'render', 'template-loader.ts')], outfile: precompiler, bundle: true, platform: 'node', format: 'esm', packages: 'external' });
try {
  const { precompileTemplates, compiledFileName } = await import(pathToFileURL(precompiler).href);
  await writeFile(join(out, 'templates', compiledFileName), `${JSON.stringify(precompileTemplates(join(out, 'templates')))}\n`);
} finally {
  await rm(precompiler, { force: true });
}
console.log(`bundle: ${join(out, 'frr-supervisor.mjs')} (+ netlink.node from ${addon}, templates/)`);
