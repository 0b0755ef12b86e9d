// Builds the self-contained program the extension image runs with a plain `node`:
//   dist/bundle/frr-supervisor.mjs   the entry: Node's compile cache on, then the bundle
//   dist/bundle/frr-supervisor-main.mjs   every JavaScript dependency in one file
//   dist/bundle/netlink.node         the netlink native addon for this platform and libc
//   dist/bundle/templates/           the nunjucks templates, and compiled.json: them compiled
// The netlink package finds its addon through node-gyp-build relative to its own directory,
// which no longer exists after bundling; the bundle loads the copy beside itself instead
// (netlinkEdits).
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

/** Edits of netlink's own files for the bundle; each fails the build if netlink changed. */
const netlinkEdits = [
  // Its addon, found through node-gyp-build relative to a directory the bundle no longer has.
  { file: 'raw.js', from: "require('node-gyp-build')(__dirname + '/..')", to: "require(require('node:path').join(__bundleDir, 'netlink.node'))" },
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

/**
 * Every output file's first lines: a CommonJS `require` (the bundled packages' own, and the
 * built-ins', below), and the bundle's directory (where netlink.node is).
 */
const banner = [
  "import { createRequire as __createRequire } from 'node:module';",
  'const require = __createRequire(import.meta.url);',
  "const __bundleDir = require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url));",
].join('\n');

/**
 * Node's built-ins taken with `require`, not ES imports. An ES import of one makes Node build its
 * ES facade, which reads every export, lazy ones too: node:fs's ReadStream loads the streams,
 * fs/promises and readline; node:util's TextDecoder loads util's diff and worker_threads. Each
 * `import { a, b as c } from "node:x"` becomes `const { a, b: c } = require("node:x")`, which
 * reads those names alone (esbuild's own interop would copy every property: the same reads).
 * node:module is the banner's, which `require` needs; its facade costs next to nothing.
 */
function withoutEsmFacades(code) {
  const imports = /^import\s+([^;]*?)\s+from\s+"(node:[\w/]+)";$/gm;
  return code.replace(imports, (statement, clause, id) => {
    if (id === 'node:module') return statement;
    const module = `require(${JSON.stringify(id)})`;
    const named = /\{([^}]*)\}/.exec(clause);
    const whole = clause.replace(/\{[^}]*\}/, '').replace(/^\s*\*\s*as\s+/, '').replace(/,/g, '').trim();
    const lines = [];
    if (whole) lines.push(`const ${whole} = ${module};`);
    if (named) lines.push(`const { ${named[1].split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/\s+as\s+/, ': ')).join(', ')} } = ${module};`);
    return lines.join('\n');
  });
}

/** Writes esbuild's output files, each through withoutEsmFacades; fails on an ES import of a built-in left. */
async function writeOutput(result) {
  for (const file of result.outputFiles) {
    const code = withoutEsmFacades(file.text);
    const left = /^import\s[^;]*["'](node:(?!module["'])[^"']+)["']|\bimport\(["']node:/m.exec(code);
    if (left) throw new Error(`${file.path}: an ES import of a built-in is left: ${left[0]}`);
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, code, { mode: code.startsWith('#!') ? 0o755 : 0o644 });
  }
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await writeOutput(await build({
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
  legalComments: 'eof',
  plugins: [netlinkForTheBundle],
  write: false,
  banner: { js: banner },
}));
// The entry Node runs: it turns on Node's compile cache, then imports the bundle above, which it
// must not contain (src/start/entry.ts says why). Named as the image's frr.yaml runs it.
await writeOutput(await build({ entryPoints: [join(root, 'src', 'start', 'entry.ts')], outfile: join(out, 'frr-supervisor.mjs'), bundle: true, platform: 'node', target: 'node20', format: 'esm', banner: { js: banner }, write: false }));
await copyFile(addon, join(out, 'netlink.node'));
await cp(join(root, 'templates'), join(out, 'templates'), { recursive: true });

// The templates compiled ahead of time (src/render/template-loader.ts says why), by the
// product's own precompiler, built for this one call.
const precompiler = join(root, 'dist', `.precompile-${process.pid}.mjs`);
await build({ entryPoints: [join(root, 'src', 'render', 'precompile.ts')], outfile: precompiler, bundle: true, platform: 'node', format: 'esm', packages: 'external' });
try {
  const { precompileTemplates, compiledFileName } = await import(pathToFileURL(precompiler).href);
  await writeFile(join(out, 'templates', compiledFileName), `${JSON.stringify(precompileTemplates(join(out, 'templates')))}\n`);
} finally {
  await rm(precompiler, { force: true });
}
console.log(`bundle: ${join(out, 'frr-supervisor.mjs')} (+ netlink.node from ${addon}, templates/)`);
