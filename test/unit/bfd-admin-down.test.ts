import { describe, expect, it } from 'vitest';
import { adminDownPacket, adminDownSessions } from '../../src/supervise/bfd-admin-down.js';

describe('BFD AdminDown (pure)', () => {
  it('takes the up sessions of the default VRF that know their peer, as bfdd shows them', () => {
    const peers = [
      {
        multihop: false,
        peer: 'fe80::1',
        local: 'fe80::2',
        vrf: 'default',
        interface: 'eth0',
        id: 11,
        'remote-id': 22,
        status: 'up',
        'detect-multiplier': 3,
        'transmit-interval': 300,
        'receive-interval': 300,
      },
      {
        multihop: true,
        peer: 'fd00:101::fffe',
        local: 'fd00::3',
        vrf: 'default',
        id: 12,
        'remote-id': 33,
        status: 'up',
        'detect-multiplier': 4,
        'transmit-interval': 150,
        'receive-interval': 200,
      },
      { peer: 'fe80::9', vrf: 'default', interface: 'eth1', id: 13, 'remote-id': 0, status: 'down' },
      { peer: '10.1.1.1', vrf: 'tenant', id: 14, 'remote-id': 44, status: 'up' },
      { peer: 'fe80::7', vrf: 'default', interface: 'eth1', id: 15, 'remote-id': 55, status: 'init' },
      'garbage',
    ];
    expect(adminDownSessions(peers)).toEqual([
      {
        peer: 'fe80::1',
        local: 'fe80::2',
        interface: 'eth0',
        multihop: false,
        localDiscriminator: 11,
        remoteDiscriminator: 22,
        detectMultiplier: 3,
        transmitMs: 300,
        receiveMs: 300,
      },
      {
        peer: 'fd00:101::fffe',
        local: 'fd00::3',
        interface: undefined,
        multihop: true,
        localDiscriminator: 12,
        remoteDiscriminator: 33,
        detectMultiplier: 4,
        transmitMs: 150,
        receiveMs: 200,
      },
    ]);
    expect(adminDownSessions({})).toEqual([]);
  });

  it('builds the control packet of RFC 5880: version 1, diagnostic 7, state AdminDown, the discriminators', () => {
    const packet = adminDownPacket({
      peer: 'fe80::1',
      local: undefined,
      interface: 'eth0',
      multihop: false,
      localDiscriminator: 0x01020304,
      remoteDiscriminator: 0xa0b0c0d0,
      detectMultiplier: 3,
      transmitMs: 300,
      receiveMs: 250,
    });
    expect(packet.toString('hex')).toBe(['27', '00', '03', '18', '01020304', 'a0b0c0d0', '000493e0', '0003d090', '00000000'].join(''));
  });
});
