import { describe, expect, it } from 'vitest';
import { HostMismatchError } from '../../src/errors.js';
import type { HostLink } from '../../src/net/links.js';
import { parseLinksFile } from '../../src/net/links-file.js';
import { resolveFabricInterfaces } from '../../src/net/resolve-interfaces.js';
import { linkKind } from '../../src/net/rtattr.js';

const link = (index: number, name: string, mac: string | undefined, extra: Partial<HostLink> = {}): HostLink => ({
  index,
  name,
  mac,
  mtu: 9000,
  kind: undefined,
  masterIndex: undefined,
  ...extra,
});

describe('fabric interfaces from MACs (pure rule over one link dump)', () => {
  const mac = '02:00:00:00:00:01';
  it.each([
    [
      'a bond over its members',
      [link(2, 'eno1', mac, { masterIndex: 4 }), link(3, 'eno2', mac, { masterIndex: 4 }), link(4, 'bond0', mac, { kind: 'bond' })],
      'bond0',
    ],
    ['a bridge over its port', [link(2, 'eno1', mac, { masterIndex: 3 }), link(3, 'br0', mac, { kind: 'bridge' })], 'br0'],
    ['a NIC over its VLANs', [link(5, 'eno1.100', mac, { kind: 'vlan' }), link(2, 'eno1', mac), link(6, 'eno1.200', mac, { kind: 'vlan' })], 'eno1'],
    ['a NIC over a macvlan copying its MAC', [link(7, 'mv0', mac, { kind: 'macvlan' }), link(3, 'eno1', mac)], 'eno1'],
    ['the lowest index among equals', [link(9, 'b', mac), link(4, 'a', mac)], 'a'],
    [
      'a VLAN on a bond: the bond',
      [link(8, 'bond0.10', mac, { kind: 'vlan' }), link(2, 'eno1', mac, { masterIndex: 4 }), link(4, 'bond0', mac, { kind: 'bond' })],
      'bond0',
    ],
  ])('picks %s', (_what, links, expected) => {
    expect(resolveFabricInterfaces({ by: 'mac', macs: [mac] }, links).map((i) => i.name)).toEqual([expected]);
  });

  it('keeps the order of FE_MACS', () => {
    const links = [link(2, 'eth0', '02:00:00:00:00:01'), link(3, 'eth1', '02:00:00:00:00:02')];
    expect(resolveFabricInterfaces({ by: 'mac', macs: ['02:00:00:00:00:02', '02:00:00:00:00:01'] }, links).map((i) => i.name)).toEqual(['eth1', 'eth0']);
  });

  it('never carries on with a missing MAC: the error lists the missing MACs and the links there are', () => {
    const links = [
      link(1, 'lo', undefined),
      link(2, 'eth0', '02:00:00:00:00:01', { kind: undefined }),
      link(3, 'br0', '02:00:00:00:00:09', { kind: 'bridge' }),
    ];
    const run = () => resolveFabricInterfaces({ by: 'mac', macs: ['02:00:00:00:00:01', '02:00:00:00:00:02'] }, links);
    expect(run).toThrow(HostMismatchError);
    expect(run).toThrow('no link has the MAC 02:00:00:00:00:02 of FE_MACS');
    try {
      run();
    } catch (error) {
      expect((error as HostMismatchError).details).toEqual(['link "lo": no MAC', 'link "eth0": 02:00:00:00:00:01', 'link "br0": 02:00:00:00:00:09 (bridge)']);
    }
  });

  it("holds the kernel's names to the settings' rules: one that cannot go into frr.conf, or one the supervisor owns, is refused, escaped", () => {
    const forged = link(2, 'eth0\u2028router', '02:00:00:00:00:01');
    expect(() => resolveFabricInterfaces({ by: 'mac', macs: ['02:00:00:00:00:01'] }, [forged])).toThrow(
      'the link with MAC 02:00:00:00:00:01 of FE_MACS is named "eth0\\u2028router": not a valid interface name',
    );
    expect(() => resolveFabricInterfaces({ by: 'mac', macs: ['02:00:00:00:00:07'] }, [link(5, 'veth-frr', '02:00:00:00:00:07')])).toThrow(
      'a name the supervisor owns',
    );
  });

  it('requires FE_PORT_NAMES to exist', () => {
    expect(() => resolveFabricInterfaces({ by: 'name', names: ['eth0', 'eth9'] }, [link(2, 'eth0', undefined)])).toThrow('no link is named eth9');
  });
});

describe('links file', () => {
  it('turns master names into indexes and normalises MACs', () => {
    const links = parseLinksFile(
      '[{"name":"bond0","mac":"02:AA:00:00:00:01","mtu":9000,"kind":"bond"},{"name":"eno1","mac":"02:aa:00:00:00:01","mtu":9000,"master":"bond0"}]',
      'l.json',
    );
    expect(links).toEqual([
      { index: 1, name: 'bond0', mac: '02:aa:00:00:00:01', mtu: 9000, kind: 'bond', masterIndex: undefined },
      { index: 2, name: 'eno1', mac: '02:aa:00:00:00:01', mtu: 9000, kind: undefined, masterIndex: 1 },
    ]);
  });

  it.each([
    ['not json', /not JSON/],
    ['[{"name":"eth0"}]', /cannot read the links file/],
    ['[{"name":"eth0","mtu":1500,"master":"bond9"}]', /cannot read the links file/],
    ['[{"name":"eth0","mtu":1500,"speed":10}]', /cannot read the links file/],
  ])('refuses %s', (text, message) => {
    expect(() => parseLinksFile(text, 'l.json')).toThrow(message);
  });
});

describe('IFLA_LINKINFO decoding', () => {
  it('reads the kind from the nested attributes', () => {
    // As the kernel sends it for a veth: IFLA_INFO_KIND "veth\0" padded to 4 bytes.
    expect(linkKind(Uint8Array.from([9, 0, 1, 0, 118, 101, 116, 104, 0, 0, 0, 0]))).toBe('veth');
    expect(linkKind(undefined)).toBeUndefined();
    expect(linkKind(Uint8Array.from([3, 0]))).toBeUndefined();
  });
});
