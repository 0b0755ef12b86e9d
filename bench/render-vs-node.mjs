// The supervisor's `render` path (settings, interface resolution over rtnetlink, nunjucks) from
// the bundle, against a bare `node -e 0`, the floor any Node program pays: alternating, in a
// network namespace on the host with the fabric links present. Needs root and `npm run build`.
//   node bench/render-vs-node.mjs [RUNS]        prints JSON { runs, nodeMs, renderMs, ratio }
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'bundle', 'frr-supervisor.mjs');
const runs = Number(process.argv[2] ?? 30);
const envFile = join(mkdtempSync(join(tmpdir(), 'bench-render-')), 'node.env');
writeFileSync(envFile, 'NODE_IP=10.10.10.10\nASN_LOCAL=4200001001\nFE_MACS=02:00:00:00:10:01,02:00:00:00:10:02\n');

const ns = `bench-render-${process.pid}`;
execFileSync('ip', ['netns', 'add', ns]);
try {
  execFileSync('ip', ['-n', ns, '-batch', '-'], {
    input: ['link add fab0 address 02:00:00:00:10:01 type veth peer name fab0p', 'link add fab1 address 02:00:00:00:10:02 type veth peer name fab1p'].join('\n'),
  });
  const timed = (args) => {
    const t0 = performance.now();
    const result = spawnSync('ip', ['netns', 'exec', ns, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = performance.now() - t0;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    return ms;
  };
  // `ip netns exec` is paid by both sides alike.
  const node = [];
  const render = [];
  for (let i = 0; i < runs; i += 1) {
    node.push(timed(['-e', '0']));
    render.push(timed(['--', bundle, 'render', '--env-file', envFile]));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(JSON.stringify({ runs, nodeMs: median(node), renderMs: median(render), ratio: median(render) / median(node) }));
} finally {
  execFileSync('ip', ['netns', 'delete', ns]);
}
