// A lab program as one file that a plain `node` runs inside User-Mode Linux, where tsx's start-up
// would cost seconds per run: the launcher of Talos-like services (lab/talos/launch.ts) unless
// ENTRY names another (the benchmark's baseline template, bench/baseline/print-template.ts).
//   node scripts/bundle-lab.mjs OUTFILE [ENTRY]      (lab/trees.ts names them)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [outfile, entry = join(root, 'lab', 'talos', 'launch.ts')] = process.argv.slice(2);
if (!outfile) throw new Error('usage: node scripts/bundle-lab.mjs OUTFILE [ENTRY]');
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Some dependencies (yaml, ip-address) are CommonJS and require Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
