// The lab's launcher of Talos-like services (lab/talos/launch.ts) as one file that a plain
// `node` runs inside User-Mode Linux, where tsx's start-up would cost seconds per node start.
//   node scripts/bundle-lab.mjs OUTFILE      (lab/trees.ts names it)
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = process.argv[2];
if (!outfile) throw new Error('usage: node scripts/bundle-lab.mjs OUTFILE');
await build({ entryPoints: [join(root, 'lab', 'talos', 'launch.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm',
  // yaml is CommonJS and requires Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
