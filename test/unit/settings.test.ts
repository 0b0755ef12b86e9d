import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { ConfigError } from '../../src/errors.js';

const valid = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_MACS: '02:00:00:00:00:01' };

describe('accepted settings and their canonical form', () => {
  it('applies the defaults of the contract', () => {
    const { settings, warnings } = loadSettings(valid);
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({
      asnLocal: 65001,
      asnVrfMetallb: 4000099998,
      asnMetallbSpeaker: 4000099999,
      vrfName: 'metallb',
      vrfTableId: 88,
      interfaceMtu: undefined,
      bfd: true,
      profile: 'datacenter',
      fabric: { by: 'mac', macs: ['02:00:00:00:00:01'] },
    });
    expect(settings.peer).toMatchObject({ family: 'ipv6', prefixLength: 127, frr: { text: 'fda1:b2c3:d4e5:1::' }, metallb: { text: 'fda1:b2c3:d4e5:1::1' } });
  });

  it.each([
    [
      'FE_MACS',
      '02:AB:CD:EF:00:01, 02-ab-cd-ef-00-02',
      (s: ReturnType<typeof loadSettings>['settings']) => s.fabric,
      { by: 'mac', macs: ['02:ab:cd:ef:00:01', '02:ab:cd:ef:00:02'] },
    ],
    [
      'PEER_IP_METALLB',
      'FDA1:B2C3:D4E5:0001:0000:0000:0000:0001',
      (s: ReturnType<typeof loadSettings>['settings']) => s.peer.metallb.text,
      'fda1:b2c3:d4e5:1::1',
    ],
    ['ENABLE_BFD', 'No', (s: ReturnType<typeof loadSettings>['settings']) => s.bfd, false],
    ['ENABLE_BFD', 'on', (s: ReturnType<typeof loadSettings>['settings']) => s.bfd, true],
    ['ENABLE_BFD', '0', (s: ReturnType<typeof loadSettings>['settings']) => s.bfd, false],
    ['FRR_PROFILE', 'TRADITIONAL', (s: ReturnType<typeof loadSettings>['settings']) => s.profile, 'traditional'],
    ['ASN_LOCAL', '4294967294', (s: ReturnType<typeof loadSettings>['settings']) => s.asnLocal, 4294967294],
    ['NODE_IP', ' 10.0.0.1 ', (s: ReturnType<typeof loadSettings>['settings']) => s.nodeIp.text, '10.0.0.1'],
    ['INTERFACE_MTU', '9000', (s: ReturnType<typeof loadSettings>['settings']) => s.interfaceMtu, 9000],
    ['INTERFACE_MTU', '', (s: ReturnType<typeof loadSettings>['settings']) => s.interfaceMtu, undefined],
    ['METALLB_VRF_ROUTE_TABLE_ID', '4294967295', (s: ReturnType<typeof loadSettings>['settings']) => s.vrfTableId, 4294967295],
  ] as const)('%s=%j is accepted', (name, value, pick, expected) => {
    expect(pick(loadSettings({ ...valid, [name]: value }).settings)).toEqual(expected);
  });

  it('takes FE_PORT_NAMES instead of FE_MACS', () => {
    const { settings } = loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0, eth1' });
    expect(settings.fabric).toEqual({ by: 'name', names: ['eth0', 'eth1'] });
  });

  it('takes FABRIC_PEERS beside or instead of the fabric ports, in canonical form', () => {
    const { settings } = loadSettings({ NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FABRIC_PEERS: 'FD00:101:0::FFFE@4200001000, 10.5.0.1' });
    expect(settings.fabric).toEqual({ by: 'name', names: [] });
    expect(settings.numberedPeers?.peers.map(({ address, asn }) => [address.family, address.text, asn])).toEqual([
      ['ipv6', 'fd00:101::fffe', 4200001000],
      ['ipv4', '10.5.0.1', undefined],
    ]);
    expect(settings.numberedPeers?.multihop).toBeUndefined();
    expect(settings.numberedPeers?.source).toEqual({ ipv4: undefined, ipv6: undefined });
    expect(loadSettings({ ...valid, FABRIC_PEERS: '10.5.0.1' }).settings.fabric).toEqual({ by: 'mac', macs: ['02:00:00:00:00:01'] });
  });

  it('sources multihop sessions from NODE_IP for IPv4 unless FABRIC_PEER_SOURCE says otherwise', () => {
    const multihop = { ...valid, FABRIC_PEERS: '10.101.0.254,fd00:101::fffe', FABRIC_PEER_MULTIHOP: '3' };
    const withIpv6 = loadSettings({ ...multihop, FABRIC_PEER_SOURCE: 'fd00:101:fe::11' }).settings.numberedPeers;
    expect(withIpv6?.multihop).toBe(3);
    expect([withIpv6?.source.ipv4?.text, withIpv6?.source.ipv6?.text]).toEqual(['10.10.10.10', 'fd00:101:fe::11']);
    const both = loadSettings({ ...multihop, FABRIC_PEER_SOURCE: 'fd00:101:fe::11,10.255.0.11' }).settings.numberedPeers;
    expect([both?.source.ipv4?.text, both?.source.ipv6?.text]).toEqual(['10.255.0.11', 'fd00:101:fe::11']);
    expect(loadSettings({ ...valid, FABRIC_PEERS: '10.5.0.1' }).settings.numberedPeers?.source.ipv4).toBeUndefined();
  });

  it('treats an empty value as unset', () => {
    expect(loadSettings({ ...valid, VRF_METALLB: '', FE_PORT_NAMES: '' }).settings.vrfName).toBe('metallb');
  });

  it('defaults the prefix length to 31 for IPv4 peer addresses', () => {
    const { settings } = loadSettings({ ...valid, PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255' });
    expect(settings.peer).toMatchObject({ family: 'ipv4', prefixLength: 31 });
  });

  it('accepts host addresses of a wider IPv4 subnet', () => {
    const { settings } = loadSettings({ ...valid, PEER_IP_FRR: '192.168.250.1', PEER_IP_METALLB: '192.168.250.2', PEER_IP_PREFIX: '30', INTERFACE_MTU: '576' });
    expect(settings.peer.prefixLength).toBe(30);
    expect(settings.interfaceMtu).toBe(576);
  });

  it("accepts the oldest seed's names with a warning naming the new variable", () => {
    const { settings, warnings } = loadSettings({
      ...valid,
      ASN_METALLB_LOCAL: '4200099998',
      ASN_METALLB_REMOTE: '4200099999',
      NAMESPACE_METALLB: 'metallb',
      PEER_IP_LOCAL: '192.168.250.254',
      PEER_IP_REMOTE: '192.168.250.255',
    });
    expect(settings).toMatchObject({ asnVrfMetallb: 4200099998, asnMetallbSpeaker: 4200099999, peer: { family: 'ipv4', prefixLength: 31 } });
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toBe('ASN_METALLB_LOCAL is the old name of ASN_VRF_METALLB: using ASN_METALLB_LOCAL="4200099998"; rename it to ASN_VRF_METALLB');
  });

  it('accepts a documentation AS number (RFC 5398) with a warning', () => {
    const { settings, warnings } = loadSettings({ ...valid, ASN_LOCAL: '64500' });
    expect(settings.asnLocal).toBe(64500);
    expect(warnings).toEqual(['ASN_LOCAL=64500 is an AS number for documentation (RFC 5398); expected a private AS on a real fabric, e.g. 4200001001']);
  });

  it('accepts an old and a new name with the same value, warning to remove the old one', () => {
    const { warnings } = loadSettings({ ...valid, VRF_METALLB: 'metallb', NAMESPACE_METALLB: 'metallb' });
    expect(warnings).toEqual(['NAMESPACE_METALLB repeats VRF_METALLB under its old name; remove NAMESPACE_METALLB']);
  });
});

describe('refused settings', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadSettings(env);
    } catch (error) {
      if (error instanceof ConfigError) return [...error.details];
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('reports every problem at once, one line per variable, in the order of the contract', () => {
    const lines = problemsOf({ ASN_LOCAL: 'x', NODE_IP: 'y', ENABLE_BFD: 'z', FE_PORT_NAMES: 'a b' });
    expect(lines.map((line) => line.split(/[=( ]/)[0])).toEqual(['NODE_IP', 'ASN_LOCAL', 'FE_PORT_NAMES', 'ENABLE_BFD']);
  });

  it('names the value, what is wrong and what would be right', () => {
    expect(problemsOf({ ...valid, ASN_LOCAL: '65001.5' })).toEqual([
      'ASN_LOCAL="65001.5": not a whole number (asdot notation is not accepted by FRR 8); expected an AS number from 1 to 4294967295, e.g. 4200001001',
    ]);
  });

  it('shows control characters escaped, so the error line cannot be forged either', () => {
    expect(problemsOf({ ...valid, NODE_IP: '10.0.0.1\nASN_LOCAL=1' })).toEqual([
      'NODE_IP="10.0.0.1\\nASN_LOCAL=1": contains a control character (newline, tab, ...); expected a single line of text',
    ]);
  });

  it('says where a value came from when it is a default or an old name', () => {
    const lines = problemsOf({ ...valid, PEER_IP_REMOTE: 'fda1:b2c3:d4e5:1::', INTERFACE_MTU: '1000' });
    expect(lines[0]).toMatch(/^PEER_IP_METALLB="fda1:b2c3:d4e5:1::" \(from PEER_IP_REMOTE\): equals PEER_IP_FRR/);
    expect(lines[1]).toMatch(/^INTERFACE_MTU="1000": out of range \(IPv6 peer addresses need at least 1280\)/);
    expect(lines[2]).toMatch(/^\(warning\) PEER_IP_REMOTE is the old name of PEER_IP_METALLB/);
  });

  it('refuses a conflict between an old and a new name', () => {
    expect(problemsOf({ ...valid, ASN_VRF_METALLB: '1', ASN_METALLB_LOCAL: '2' })).toEqual([
      'ASN_VRF_METALLB="1": conflicts with its old name ASN_METALLB_LOCAL="2"; expected only ASN_VRF_METALLB: remove ASN_METALLB_LOCAL',
    ]);
  });
});
