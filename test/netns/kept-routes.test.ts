import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useNetns } from '../helpers/netns.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * The speaker's routes zebra kept in the VRF's table through a stop (-r), which make a start a
 * graceful restart (frr/graceful-restart.ts): counted from a real kernel's dump, with the routes
 * unnumbered BGP installs (IPv4 over an IPv6 next hop, RTA_VIA, which the netlink package cannot
 * decode).
 */
describe('routes FRR kept in the kernel (a network namespace)', () => {
  const netns = useNetns();

  it('counts the routes of protocol bgp in one table, both families, and nothing else', async () => {
    const ns = await netns();
    const count = async (table: number) =>
      Number((await execa(ns.exec[0] ?? 'ip', [...ns.exec.slice(1), 'npx', 'tsx', join(fixtures, 'count-bgp-routes.ts'), String(table)])).stdout);
    await ns.batch([
      'link set lo up',
      'link add fab0 type veth peer name swp0',
      'link set fab0 up',
      'link set swp0 up',
      'addr add fe80::1/64 dev fab0 nodad',
      'addr add 10.7.0.1/24 dev fab0',
    ]);
    expect(await count(88)).toBe(0);
    await ns.batch([
      // The speaker's, in the VRF's table: IPv4 over an IPv6 next hop (RTA_VIA), and IPv6.
      'route add 192.0.2.1/32 via inet6 fe80::2 dev fab0 table 88 proto bgp',
      'route add 2001:db8::1/128 via fe80::2 dev fab0 table 88 proto bgp',
      // Not BGP's, in that table.
      'route add 192.0.2.9/32 dev fab0 table 88 proto static',
      // BGP's, in other tables: the main table (the fabric's), and one past 255 (RTA_TABLE).
      'route add 10.9.0.0/24 via inet6 fe80::2 dev fab0 proto bgp',
      'route add 192.0.2.2/32 dev fab0 table 1000 proto bgp',
    ]);
    expect(await count(88)).toBe(2);
    expect(await count(254)).toBe(1);
    expect(await count(1000)).toBe(1);
  });
});
