// Builds the self-contained program the extension image runs with a plain `node`:
//   dist/bundle/frr-supervisor.mjs   every JavaScript dependency in one file
//   dist/bundle/netlink.node         the netlink native addon for this platform and libc
//   dist/bundle/templates/           the nunjucks templates
// The netlink package finds its addon through node-gyp-build relative to its own directory,
// which no longer exists after bundling; the bundle loads the copy beside itself instead.
import { build } from 'esbuild';
import { cp, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bundle');
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
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile: join(out, 'frr-supervisor.mjs'),
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
await copyFile(addon, join(out, 'netlink.node'));
await cp(join(root, 'templates'), join(out, 'templates'), { recursive: true });
console.log(`bundle: ${join(out, 'frr-supervisor.mjs')} (+ netlink.node from ${addon}, templates/)`);
