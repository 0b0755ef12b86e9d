import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useNetns } from '../helpers/netns.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * The routes zebra kept through a stop (-r), which make a start a graceful restart
 * (frr/graceful-restart.ts): counted from a real kernel's dump, with the routes unnumbered BGP
 * installs (IPv4 over an IPv6 next hop, RTA_VIA, which the netlink package cannot decode).
 */
describe('routes FRR kept in the kernel (a network namespace)', () => {
  const netns = useNetns();

  it('counts the routes of protocol bgp in every table and family, and nothing else', async () => {
    const ns = await netns();
    const count = async () => Number((await execa(ns.exec[0] ?? 'ip', [...ns.exec.slice(1), 'npx', 'tsx', join(fixtures, 'count-bgp-routes.ts')])).stdout);
    await ns.batch(['link set lo up', 'link add fab0 type veth peer name swp0', 'link set fab0 up', 'link set swp0 up', 'addr add fe80::1/64 dev fab0 nodad', 'addr add 10.7.0.1/24 dev fab0']);
    expect(await count()).toBe(0);
    await ns.batch([
      // From the fabric, unnumbered: IPv4 via an IPv6 link-local next hop, and IPv6.
      'route add 10.9.0.0/24 via inet6 fe80::2 dev fab0 proto bgp',
      'route add 2001:db8:9::/64 via fe80::2 dev fab0 proto bgp',
      // In another table (a VRF's).
      'route add 192.0.2.1/32 dev fab0 table 100 proto bgp',
      // Not BGP's.
      'route add 10.8.0.0/24 dev fab0 proto static',
    ]);
    expect(await count()).toBe(3);
  });
});
