import { describe, expect, it } from 'vitest';
import { startupOnHost } from '../../bench/startup.js';

/**
 * The benchmark's side-by-side start-up keeps working and keeps both sides honest: one run of
 * each, first start and restart, in a network namespace on the host (startupOnHost throws when
 * the two left different links or rendered different configs). No timing is asserted.
 */
describe('start-up benchmark, host (real kernel, real FRR check, real j2)', () => {
  it('runs frr-supervisor and the bash + jinja2 baseline to the same start command with the same result', async () => {
    const { cold, restart } = await startupOnHost(1);
    for (const results of [cold, restart]) {
      expect(results.supervisor).toHaveLength(1);
      expect(results.baseline).toHaveLength(1);
    }
    const [first] = cold.supervisor;
    expect(first?.log).toContain("accepted by FRR's check");
    expect(first?.kernel.links).toContain('veth-frr fda1:b2c3:d4e5:1::/127');
    expect(cold.baseline[0]?.log).toContain('Initialization complete, starting FRR...');
    // The baseline's rule; frr-supervisor relies on the l3mdev rule instead.
    expect(cold.baseline[0]?.kernel.rules).toContain('to fda1:b2c3:d4e5:1:: lookup 88');
    expect(restart.supervisor[0]?.log).toContain("FRR's check not repeated");
  }, 120_000);
});
