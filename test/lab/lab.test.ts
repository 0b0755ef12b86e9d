import { beforeAll, describe, expect, it } from 'vitest';
import { checkNames, runLab, type LabResult } from '../../lab/run-lab.js';

/**
 * The end-to-end suite: the rack of lab/rack.sh (two FRR leaves, three nodes running the bundle
 * and FRR, gobgpd speakers in MetalLB's place) in one User-Mode Linux boot; each check must pass.
 */
let lab: LabResult;
beforeAll(async () => {
  lab = await runLab({ restarts: Number(process.env.LAB_RESTARTS ?? 20) });
}, 3_100_000);

describe('the lab: a rack in User-Mode Linux', () => {
  it.each(Object.entries(checkNames).map(([n, name]) => [Number(n), name] as const))('check %i: %s', (n) => {
    expect(lab.checks.get(n)).toMatch(/^PASS /);
  });

  it('every node logged its convergence line', () => {
    for (const n of [1, 2, 3]) expect(lab.read(`node${n}.converged`)).toMatch(/converged: fabric sessions Established 2\/2, MetalLB session Established, LoadBalancer prefixes received 2/);
  });
});
