// Builds the self-contained program the extension image runs with a plain `node`:
//   dist/bundle/frr-supervisor.cjs        the entry: compiles the bundle with V8's code cache, runs it
//   dist/bundle/frr-supervisor-main.cjs   every JavaScript dependency in one CommonJS file
//   dist/bundle/netlink.node              the netlink native addon for this platform and libc
//   dist/bundle/templates/                the nunjucks templates, and compiled.json: them compiled
// CommonJS, not ES modules: the entry compiles the bundle itself (vm.Script) to give V8 its code
// cache of the last start (src/code-cache.ts says why), which only a script can take; and a
// CommonJS `require` of a built-in reads only the names used, where an ES import builds the
// module's namespace from every export, lazy ones too (node:fs's ReadStream loads the streams,
// fs/promises and readline; node:util's TextDecoder loads util's diff and worker_threads).
// The netlink package finds its addon through node-gyp-build relative to its own directory,
// which no longer exists after bundling; the bundle loads the copy beside itself instead
// (netlinkEdits).
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { cp, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
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

/** Edits of netlink's own files for the bundle; each fails the build if netlink changed. */
const netlinkEdits = [
  // Its addon, found through node-gyp-build relative to a directory the bundle no longer has.
  { file: 'raw.js', from: "require('node-gyp-build')(__dirname + '/..')", to: "require(require('node:path').join(__dirname, 'netlink.node'))" },
  // It uses util.getSystemErrorName alone; its copy of every property of node:util evaluates the
  // lazy ones (TextDecoder brings util's diff, worker_threads and more).
  { file: 'netlink.js', from: 'const util = __importStar(require("util"));', to: 'const util = require("util");' },
];

const netlinkForTheBundle = {
  name: 'netlink-for-the-bundle',
  setup(b) {
    b.onLoad({ filter: /netlink[\\/]dist[\\/](raw|netlink)\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const edit of netlinkEdits.filter((e) => args.path.endsWith(`dist/${e.file}`))) {
        if (!source.includes(edit.from)) throw new Error(`netlink changed (${edit.from} is not in ${args.path})`);
        source = source.replace(edit.from, edit.to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/** What the CommonJS bundle must not hold: the entry's vm.Script has no ES loader to run these. */
const forbidden = [/\bimport\(/, /\bimport\.meta\b/];

/** Writes esbuild's one output file; fails on anything `forbidden`. Returns its text. */
async function writeOutput(result) {
  const [file] = result.outputFiles;
  const found = forbidden.map((pattern) => pattern.exec(file.text)).find(Boolean);
  if (found)
    throw new Error(
      `${file.path}: the CommonJS bundle holds ${found[0]} (near ${JSON.stringify(file.text.slice(Math.max(0, found.index - 80), found.index + 40))})`,
    );
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.text, { mode: file.text.startsWith('#!') ? 0o755 : 0o644 });
  return file.text;
}

/**
 * The oldest Node the bundle runs on, package.json's engines.node (">=20"): its syntax is lowered
 * to what that Node parses, and test/package/node-floor.test.ts fails on anything newer.
 */
const nodeTarget = `node${/\d+/.exec(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).engines.node)[0]}`;
const common = { bundle: true, platform: 'node', target: nodeTarget, format: 'cjs', write: false };
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const main = join(out, 'frr-supervisor-main.cjs');
const mainText = await writeOutput(
  await build({
    ...common,
    entryPoints: [entry],
    outfile: main,
    minifySyntax: true,
    // No comments, and the rest of the source as it was: the entry reads the bundle at every start,
    // as one-byte text (asciiOnly), and its stack traces keep their names.
    minifyWhitespace: true,
    legalComments: 'eof',
    plugins: [netlinkForTheBundle],
    // Where the templates are found from (src/render/template-dir.ts), and whether main.ts runs by
    // itself (it does not: the entry calls its `main`).
    define: { 'import.meta.url': '__bundleUrl' },
    // The bundle is one function expression, the module wrapper the entry compiles it as
    // (src/code-cache.ts): the entry hands V8 the file's text as it is.
    banner: { js: "(function (exports, require, module, __filename, __dirname) {const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    footer: { js: '})' },
  }),
);
// One byte per character in UTF-8 is ASCII.
if (Buffer.byteLength(mainText) !== mainText.length) throw new Error(`${main}: not ASCII-only; the entry reads it as one-byte text`);
// The entry Node runs, named as the image's frr.yaml runs it. It names each code cache entry by
// the bundle's hash, so that a new bundle never takes an old one's code.
await writeOutput(
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'launcher.ts')],
    outfile: join(out, 'frr-supervisor.cjs'),
    define: { BUNDLE_FILE: JSON.stringify(basename(main)), BUNDLE_HASH: JSON.stringify(createHash('sha256').update(mainText).digest('hex').slice(0, 32)) },
  }),
);
await copyFile(addon, join(out, 'netlink.node'));
await cp(join(root, 'templates'), join(out, 'templates'), { recursive: true });

// The templates compiled ahead of time (src/render/template-loader.ts says why), by the
// product's own precompiler, built for this one call.
const precompiler = join(root, 'dist', `.precompile-${process.pid}.mjs`);
await build({
  entryPoints: [join(root, 'src', 'render', 'precompile.ts')],
  outfile: precompiler,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
});
try {
  const { precompileTemplates, compiledFileName } = await import(pathToFileURL(precompiler).href);
  await writeFile(join(out, 'templates', compiledFileName), `${JSON.stringify(precompileTemplates(join(out, 'templates')))}\n`);
} finally {
  await rm(precompiler, { force: true });
}
console.log(`bundle: ${join(out, 'frr-supervisor.cjs')} (+ netlink.node from ${addon}, templates/)`);
