import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminDownPacket, type BfdPacketSession } from '../../src/supervise/bfd-admin-down.js';
import { useNetns } from '../helpers/netns.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * The supervisor's AdminDown packets on a real kernel: a node and a leaf namespace joined by a
 * veth pair, a receiver on the leaf's BFD port; what arrives is what FRR's bfdd checks (RFC 5881:
 * TTL 255, a source port from 49152, the session's own address and link).
 */
describe('BFD AdminDown at a planned stop (two network namespaces)', () => {
  const netns = useNetns();

  it.each([
    ['IPv6 link-local, as an unnumbered fabric session', '6', { peer: 'fe80::b', local: 'fe80::a', interface: 'fab0' }],
    ['IPv4, as a numbered one', '4', { peer: '10.99.0.2', local: '10.99.0.1', interface: undefined }],
  ])('%s: the packets arrive with TTL 255 from the session address', async (_what, family, addressing) => {
    const node = await netns();
    const leaf = await netns();
    await node.ip('link', 'add', 'fab0', 'type', 'veth', 'peer', 'name', 'swp0', 'netns', leaf.name);
    await node.batch(['link set lo up', 'link set fab0 up', 'addr add fe80::a/64 dev fab0 nodad', 'addr add 10.99.0.1/24 dev fab0']);
    await leaf.batch(['link set lo up', 'link set swp0 up', 'addr add fe80::b/64 dev swp0 nodad', 'addr add 10.99.0.2/24 dev swp0']);
    const session: BfdPacketSession = {
      ...addressing,
      multihop: false,
      localDiscriminator: 0x01020304,
      remoteDiscriminator: 0xa0b0c0d0,
      detectMultiplier: 3,
      transmitMs: 300,
      receiveMs: 300,
    };

    const receiver = execa(leaf.exec[0] ?? 'ip', [...leaf.exec.slice(1), 'python3', join(fixtures, 'bfd-receiver.py'), family, '2'], { reject: false });
    // Ready, or ended without (its error then shows below).
    await Promise.race([new Promise<void>((resolve) => receiver.stdout?.once('data', () => resolve())), receiver]);
    const sent = await execa(node.exec[0] ?? 'ip', [...node.exec.slice(1), 'npx', 'tsx', join(fixtures, 'send-admin-down.ts'), JSON.stringify([session])]);
    const received = await receiver;
    expect(received.stderr).toBe('');

    expect(JSON.parse(sent.stdout)).toEqual({ told: 1, problems: [] });
    const packets = String(received.stdout)
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { hex: string; ttl: number; source: string; port: number });
    expect(packets).toHaveLength(2);
    for (const packet of packets) {
      expect(packet.hex).toBe(adminDownPacket(session).toString('hex'));
      expect(packet.ttl).toBe(255);
      expect(packet.source.split('%')[0]).toBe(addressing.local);
      expect(packet.port).toBeGreaterThanOrEqual(49152);
    }
  });
});
