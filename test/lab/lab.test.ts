import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNames, defaultLabRestarts, runLab, type LabResult } from '../../lab/run-lab.js';
import { defaultNodeSuite, nodeSuites, type NodeSuite } from '../../lab/trees.js';

/**
 * The end-to-end suite: the rack of lab/rack.sh (leaves on FRR 8.4 and 10.7.1, three nodes each
 * running the extension's container as Talos starts it, gobgpd speakers in MetalLB's place) in
 * one User-Mode Linux boot; each check must pass. LAB_NODES=trixie runs the nodes on FRR 10.3.
 */
const nodes = (process.env.LAB_NODES ?? defaultNodeSuite) as NodeSuite;
let lab: LabResult;
beforeAll(async () => {
  if (!(nodes in nodeSuites)) throw new Error(`LAB_NODES=${nodes}: expected one of ${Object.keys(nodeSuites).join(', ')}`);
  lab = await runLab({ restarts: Number(process.env.LAB_RESTARTS ?? defaultLabRestarts), nodes });
}, 3_100_000);

describe(`the lab: a rack in User-Mode Linux, nodes on ${nodeSuites[nodes] ?? nodes}`, () => {
  it.each(Object.entries(checkNames).map(([n, name]) => [Number(n), name] as const))('check %i: %s', (n) => {
    expect(lab.checks.get(n)).toMatch(/^PASS /);
  });

  it('draws a timeline per restart and drain scenario, with the moments from the rack and the node', () => {
    for (const scenario of ['restart-fast-failover', 'restart-check-control-plane-failure', 'drain-live']) {
      const svg = join(lab.dir, `${scenario}.svg`);
      expect(lab.timelines).toContain(svg);
      const text = readFileSync(svg, 'utf8');
      for (const moment of ['SIGTERM', 'container start', 'FRR up', 'sessions up']) expect(text).toContain(`>${moment} `);
      expect(text).toContain('leaf1 (FRRouting 8.4');
      expect(text).toContain('leaf2 (FRRouting 10.7');
    }
  });

  it('every node logged its convergence line', () => {
    // Each speaker announces an IPv4 and an IPv6 prefix; node1's hostile one a good third (check 10),
    // which may arrive before or after the node first converges.
    // node3's fabric sessions: its two ports and the gateway it peers with by address (check 14).
    for (const [n, fabric] of [
      [1, '2/2'],
      [2, '2/2'],
      [3, '3/3'],
    ] as const) {
      const line = lab.read(`node${n}.converged`);
      expect(line).toContain(`converged: fabric sessions Established ${fabric}, MetalLB session Established, LoadBalancer prefixes received `);
      expect(Number(/LoadBalancer prefixes received (\d+)/.exec(line)?.[1])).toBeGreaterThanOrEqual(2);
    }
  });
});
