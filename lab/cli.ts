// `npm run lab [-- --nodes trixie] [-- --checks 6,17]`: the product's main job. Boots a rack in User-Mode Linux (two
// FRR leaves of two generations, three nodes each running the FRR extension's container as Talos
// starts it, MetalLB-like gobgpd speakers), prints what the leaves installed, each node's
// convergence line and the checks. Exit 0 only when all pass. The nodes' container rootfs is the
// Debian forky tree (FRR 10.7.1) unless --nodes trixie (FRR 10.3; lab/trees.ts says why).
// Needs root and what scripts/setup.sh installs (crun, frr, gobgpd, the roots, the User-Mode Linux kernel).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkNames, defaultLabRestarts, runLab } from './run-lab.js';
import { defaultNodeSuite, nodeSuites, type NodeSuite } from './trees.js';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { nodes: { type: 'string', default: defaultNodeSuite }, checks: { type: 'string' } } });
if (!(values.nodes in nodeSuites)) throw new Error(`--nodes ${values.nodes}: expected one of ${Object.keys(nodeSuites).join(', ')}`);
const nodes = values.nodes as NodeSuite;
// --checks 6,17: only those (each still on a rack that has converged first); every one by default.
const checks = values.checks?.split(',').map(Number);
const unknown = checks?.filter((n) => !(n in checkNames)) ?? [];
if (unknown.length > 0) throw new Error(`--checks ${values.checks}: no check ${unknown.join(', ')} (the checks: ${Object.keys(checkNames).join(', ')})`);
execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
const restarts = Number(process.env.LAB_RESTARTS ?? defaultLabRestarts);
console.log(`booting the rack in User-Mode Linux: nodes on ${nodeSuites[nodes]} (Debian ${nodes}), ${restarts} restarts in check 9; a few minutes...`);
const lab = await runLab({ restarts, nodes, checks });
console.log(`leaves: leaf1 ${lab.read('leaf1.version') || '(no version)'}, leaf2 ${lab.read('leaf2.version') || '(no version)'}`);

const routes = lab.read('leaf-routes.txt').split('\n');
for (const leaf of ['leaf1', 'leaf2']) {
  console.log(`\n${leaf}: installed routes (LoadBalancer IPs, node loopbacks, API VIP)`);
  const start = routes.indexOf(`== ${leaf}`);
  const end = routes.findIndex((line, i) => i > start && line.startsWith('== '));
  const mine = routes.slice(start + 1, end < 0 ? undefined : end);
  // A route's line, then its `nexthop via ...` lines (indented) when it has several.
  mine.forEach((line, i) => {
    if (!['192.0.2.', '2001:db8::', '10.0.0.'].some((prefix) => line.startsWith(prefix))) return;
    const hops = [line];
    for (let j = i + 1; j < mine.length && mine[j]?.startsWith('\t'); j += 1) hops.push(mine[j] ?? '');
    console.log(`  ${hops.join(' ').replace(/\s+/g, ' ')}`);
  });
}
console.log('\nnodes:');
for (const n of [1, 2, 3]) console.log(`  node${n}: ${lab.read(`node${n}.converged`).replace(/^\S+ INFO {2}supervisor: /, '') || '(no convergence line)'}`);
console.log(
  `\nconvergence: node1's supervisor start to its LB prefix at both leaves ${lab.read('first-lb-ms')} ms; leaves' start to every prefix at both leaves ${lab.read('convergence-ms')} ms`,
);
console.log('\ncheck                                                          result');
let failed = 0;
for (const [n, result] of lab.checks) {
  if (!result.startsWith('PASS')) failed += 1;
  console.log(`${String(n).padStart(2)}. ${checkNames[n]?.padEnd(58)} ${result}`);
}
console.log(
  `\ntimelines (each leaf's routes to the node over time):\n${lab.timelines.map((svg) => `  ${svg}`).join('\n') || '  (none: the rack stopped before its scenarios)'}`,
);
console.log(`\n${lab.checks.size - failed} passed, ${failed} failed   (details: ${lab.dir})`);
process.exitCode = failed === 0 ? 0 : 1;
