import { describe, expect, it } from 'vitest';
import { measureFrrStart } from '../../bench/frr-start.js';

/**
 * The benchmark of FRR's own start keeps working: the product's start script brings up each
 * supported FRR on the host's kernel and its vtysh -b takes the whole of a config the product
 * renders (exit 0). No timing is asserted.
 */
describe("FRR's start benchmark, host (real kernel, real FRR 8.4, 10.3 and 10.7.1)", () => {
  it('starts each FRR with the start script and applies the rendered frr.conf whole, timing both parts', async () => {
    const records = await measureFrrStart(1);
    expect(records.map((r) => r.label)).toEqual(['FRR 8.4 (the host)', 'FRR 10.3 (Debian trixie root)', 'FRR 10.7.1 (Debian forky root)']);
    for (const record of records) {
      expect(record.applyStatuses, record.label).toEqual([0]);
      expect(record.daemonsMs).toBeGreaterThan(0);
      expect(record.applyMs).toBeGreaterThan(0);
    }
  }, 120_000);
});
