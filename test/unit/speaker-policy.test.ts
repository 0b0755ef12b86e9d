import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { speakerPrefixRules } from '../../src/render/speaker-policy.js';

const settings = (extra: Record<string, string> = {}) => loadSettings({ NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0', ...extra }).settings;
const rules = (family: 'ipv4' | 'ipv6', extra?: Record<string, string>) => speakerPrefixRules(settings(extra), family).map((r) => `${r.action} ${r.match}`);

describe('what the in-cluster speaker may announce', () => {
  it('IPv4: special-purpose ranges, NODE_IP and anything shorter than /16 refused, the rest allowed', () => {
    expect(rules('ipv4')).toEqual([
      'deny 0.0.0.0/8 le 32',
      'deny 127.0.0.0/8 le 32',
      'deny 169.254.0.0/16 le 32',
      'deny 224.0.0.0/4 le 32',
      'deny 240.0.0.0/4 le 32',
      'deny 10.10.10.10/32',
      'deny 0.0.0.0/0 le 15',
      'permit 0.0.0.0/0 le 32',
    ]);
  });

  it('IPv6: special-purpose ranges, the veth link and anything shorter than /48 refused', () => {
    expect(rules('ipv6')).toEqual([
      'deny ::/8 le 128',
      'deny fe80::/10 le 128',
      'deny ff00::/8 le 128',
      'deny fda1:b2c3:d4e5:1::/127 le 128',
      'deny ::/0 le 47',
      'permit ::/0 le 128',
    ]);
  });

  it("refuses the IPv4 veth link when the session runs over IPv4 (seed 000's /31)", () => {
    expect(rules('ipv4', { PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255' })).toContain('deny 192.168.250.254/31 le 32');
  });

  it('SPEAKER_ALLOWED_PREFIXES narrows it to the pools; a family none of them is in gets nothing', () => {
    const v4 = rules('ipv4', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/16, 192.0.2.0/24' });
    expect(v4.slice(-3)).toEqual(['deny 0.0.0.0/0 le 15', 'permit 10.96.0.0/16 le 32', 'permit 192.0.2.0/24 le 32']);
    expect(rules('ipv6', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/16' }).filter((r) => r.startsWith('permit'))).toEqual([]);
  });

  it("takes seed 003's name for it", () => {
    expect(settings({ CILIUM_ALLOWED_PREFIXES: '2001:db8:96::/48' }).speaker.allowedPrefixes?.map((c) => c.text)).toEqual(['2001:db8:96::/48']);
  });
});
