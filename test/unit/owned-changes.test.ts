import { describe, expect, it } from 'vitest';
import { ownedChanges } from '../../src/frr/owned-changes.js';
import { readRunningConfig } from '../../src/frr/running-config.js';

/** A running config as FRR writes it (8.4's framing), shortened. */
const base = `Building configuration...

Current configuration:
!
frr version 8.4.4
frr defaults datacenter
hostname node1
!
ip prefix-list metallb-v4 seq 10 deny 0.0.0.0/8 le 32
!
route-map fabric-out permit 10
 match source-vrf metallb
exit
!
bfd
 profile fabric
 exit
!
router bgp 65001
 bgp router-id 10.0.0.1
 neighbor fabric peer-group
 neighbor fabric remote-as external
 neighbor fabric bfd profile fabric
 neighbor eth0 interface peer-group fabric
 !
 address-family ipv4 unicast
  neighbor fabric route-map fabric-out out
 exit-address-family
exit
!
end
`;
const withLines = (...lines: string[]) => base.replace('!\nend\n', `${lines.join('\n')}\n!\nend\n`);
const inRouter = (...lines: string[]) => base.replace(' !\n address-family', `${lines.map((l) => ` ${l}`).join('\n')}\n !\n address-family`);

describe("FRR's running config read as objects (pure)", () => {
  it('gives each line its object, and within a router its neighbor or peer group', () => {
    const lines = readRunningConfig(base);
    expect(lines.find((l) => l.text.endsWith('match source-vrf metallb'))).toMatchObject({
      object: 'route-map fabric-out',
      part: undefined,
      text: 'route-map fabric-out permit 10 > match source-vrf metallb',
    });
    expect(lines.find((l) => l.text.endsWith('neighbor fabric route-map fabric-out out'))).toMatchObject({
      object: 'router bgp vrf default',
      part: 'neighbor fabric',
    });
    expect(lines.find((l) => l.text === 'bfd > profile fabric')).toMatchObject({ object: 'bfd profile fabric' });
    expect(lines.some((l) => /^(exit|!|end|frr version)/.test(l.text))).toBe(false);
  });
});

describe('what an extra config changes of the supervisor (pure)', () => {
  it.each([
    ['an entry added to its route-map', withLines('route-map fabric-out permit 5'), ['route-map fabric-out']],
    ['an entry of its prefix-list removed', base.replace('ip prefix-list metallb-v4 seq 10 deny 0.0.0.0/8 le 32\n', ''), ['ip prefix-list metallb-v4']],
    ['a password on its peer group', inRouter('neighbor fabric password s3cret'), ['router bgp vrf default: neighbor fabric']],
    ['a listen range into its peer group', inRouter('bgp listen range ::/0 peer-group fabric'), ['router bgp vrf default: neighbor fabric']],
    ['its router-id', base.replace('bgp router-id 10.0.0.1', 'bgp router-id 10.9.9.9'), ['router bgp vrf default']],
    ['vty opened, where its config said nothing of vty', withLines('line vty', ' no login', 'exit'), ['line vty']],
    ['the log moved', withLines('log file /tmp/x.log'), ['log']],
    ['the routes zebra installs', withLines('ip protocol bgp route-map mine'), ['ip protocol']],
    ['the defaults profile', base.replace('frr defaults datacenter', 'frr defaults traditional'), ['frr defaults']],
  ])('refuses %s', (_what, after, objects) => {
    expect(ownedChanges(base, after)).toEqual(objects);
  });

  it.each([
    ['a route-map of their own', withLines('route-map mine permit 10', 'exit')],
    ['a BFD profile of their own', base.replace(' profile fabric\n exit\n', ' profile fabric\n exit\n profile slow\n  detect-multiplier 5\n exit\n')],
    ['a neighbor of their own in its router', inRouter('neighbor 10.9.9.9 remote-as 65009', 'neighbor 10.9.9.9 password mine')],
    [
      'timers, a description and another BFD profile on its peer group',
      inRouter('neighbor fabric timers 5 15', 'neighbor fabric description leaves').replace(
        'neighbor fabric bfd profile fabric',
        'neighbor fabric bfd profile slow',
      ),
    ],
    ['a router in a VRF of their own', withLines('router bgp 65001 vrf tenant', ' bgp router-id 10.0.0.1', 'exit')],
  ])('lets through %s', (_what, after) => {
    expect(ownedChanges(base, after)).toEqual([]);
  });
});
