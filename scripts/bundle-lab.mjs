// The lab's launcher of Talos-like services (lab/talos/launch.ts) as one file that a plain
// `node` runs inside User-Mode Linux, where tsx's start-up would cost seconds per node start.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const launcherBundle = join(root, 'dist', 'lab', 'talos-service.mjs');
await build({ entryPoints: [join(root, 'lab', 'talos', 'launch.ts')], outfile: launcherBundle, bundle: true, platform: 'node', target: 'node20', format: 'esm',
  // yaml is CommonJS and requires Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
