// The supervisor's `render` path (settings, interface resolution over rtnetlink, nunjucks) from
// the bundle, against a bare `node -e 0` of the same Node, the floor any Node program pays:
// alternating, in a network namespace on the host with the fabric links present. Per Node: the
// host's, and each FRR root's (scripts/frr-roots.sh: trixie's Node 20, forky's Node 24), run in
// the root with chroot. Each Node twice: a first start (the code cache emptied before each run, as
// after a reboot) and a restart (the cache the previous run left, src/code-cache.ts).
// Needs root and `npm run build`.
//   node bench/render-vs-node.mjs [RUNS]        prints JSON [{ node, start, runs, nodeMs, renderMs, ratio }]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundleDir = join(root, 'dist', 'bundle');
const runs = Number(process.argv[2] ?? 30);
const rootsDir = process.env.FRR_ROOTS_DIR ?? '/var/tmp/frr-supervisor-roots';
// The cache directory the entry uses, as seen inside each root.
const cacheDir = '/var/cache/frr-supervisor';
const settings = 'NODE_IP=10.10.10.10\nASN_LOCAL=4200001001\nFE_MACS=02:00:00:00:10:01,02:00:00:00:10:02\n';

/** Where each Node runs: on the host, or chrooted in an FRR root with the bundle copied in. */
function nodes() {
  const hostDir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  writeFileSync(join(hostDir, 'node.env'), settings);
  const all = [
    {
      name: `host ${process.version}`,
      prefix: [process.execPath],
      dir: hostDir,
      bundle: join(bundleDir, 'frr-supervisor.cjs'),
      cache: cacheDir,
      cleanup: () => rmSync(hostDir, { recursive: true }),
    },
  ];
  for (const suite of ['trixie', 'forky']) {
    const suiteRoot = join(rootsDir, suite);
    if (!existsSync(join(suiteRoot, 'usr', 'bin', 'node'))) continue;
    const inside = `/tmp/bench-render-${process.pid}`;
    mkdirSync(join(suiteRoot, inside), { recursive: true });
    cpSync(bundleDir, join(suiteRoot, inside), { recursive: true });
    writeFileSync(join(suiteRoot, inside, 'node.env'), settings);
    const version = execFileSync('chroot', [suiteRoot, 'node', '--version'], { encoding: 'utf8' }).trim();
    all.push({
      name: `${suite} ${version}`,
      prefix: ['chroot', suiteRoot, 'node'],
      dir: inside,
      bundle: join(inside, 'frr-supervisor.cjs'),
      cache: join(suiteRoot, cacheDir),
      cleanup: () => rmSync(join(suiteRoot, inside), { recursive: true }),
    });
  }
  return all;
}

const ns = `bench-render-${process.pid}`;
execFileSync('ip', ['netns', 'add', ns]);
const where = nodes();
try {
  execFileSync('ip', ['-n', ns, '-batch', '-'], {
    input: ['link add fab0 address 02:00:00:00:10:01 type veth peer name fab0p', 'link add fab1 address 02:00:00:00:10:02 type veth peer name fab1p'].join(
      '\n',
    ),
  });
  const timed = (command) => {
    const t0 = performance.now();
    const result = spawnSync('ip', ['netns', 'exec', ns, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = performance.now() - t0;
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    return ms;
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const results = [];
  for (const node of where) {
    for (const start of ['first start', 'restart']) {
      const bare = [];
      const render = [];
      // The restart's cache is the one a first run leaves.
      rmSync(node.cache, { recursive: true, force: true });
      if (start === 'restart') timed([...node.prefix, '--', node.bundle, 'render', '--env-file', join(node.dir, 'node.env')]);
      for (let i = 0; i < runs; i += 1) {
        // `ip netns exec` and chroot are paid by both sides alike.
        bare.push(timed([...node.prefix, '-e', '0']));
        if (start === 'first start') rmSync(node.cache, { recursive: true, force: true });
        render.push(timed([...node.prefix, '--', node.bundle, 'render', '--env-file', join(node.dir, 'node.env')]));
      }
      results.push({ node: node.name, start, runs, nodeMs: median(bare), renderMs: median(render), ratio: median(render) / median(bare) });
    }
  }
  console.log(JSON.stringify(results));
} finally {
  for (const node of where) node.cleanup();
  execFileSync('ip', ['netns', 'delete', ns]);
}
