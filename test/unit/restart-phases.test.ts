import { describe, expect, it } from 'vitest';
import { restartPhases } from '../../lab/restart-phases.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 5, 8, 0, 0) + s * 1000).toISOString();
const start = Date.parse(t(0));
const log = [
  `${t(0.4)} INFO  talos: node1: starting /sbin/tini -- /usr/bin/node`,
  `${t(1)} INFO  supervisor: starting: NODE_IP=10.0.0.1 ASN_LOCAL=65001`,
  `${t(2.5)} INFO  supervisor: starting FRR: /bin/bash -c <frr-start script>`,
  `${t(12)} INFO  frr-start: applying frr.conf with vtysh -b`,
  `${t(20)} INFO  frr-start: vtysh -b exited with status 0`,
  `${t(22)} INFO  bgp: bgp fda1:b2c3:d4e5:1::1 vrf metallb ipv4Unicast: Active -> Established, 0 prefixes received, 0 sent`,
  `${t(23)} INFO  bgp: bgp eth0 vrf default ipv4Unicast: Active -> Established, 5 prefixes received, 3 sent`,
  `${t(24)} INFO  bgp: bgp eth1 vrf default ipv4Unicast: Active -> Established, 5 prefixes received, 3 sent`,
  `${t(26)} INFO  bgp: bgp fda1:b2c3:d4e5:1::1 vrf metallb ipv4Unicast: 2 prefixes received (was 0)`,
  `${t(40)} INFO  bgp: bgp eth0 vrf default ipv4Unicast: Established -> Idle, 5 prefixes received, 3 sent`,
  `${t(41)} INFO  bgp: bgp eth0 vrf default ipv4Unicast: Idle -> Established, 5 prefixes received, 3 sent`,
].join('\n');

describe("a restart's phases (pure)", () => {
  it('splits container start to LB prefix at both leaves at the log lines that end each phase', () => {
    const phases = restartPhases(log, start, Date.parse(t(27.5)));
    expect(phases.map((p) => [p.name, p.ms])).toEqual([
      ["the lab's Talos: machine config, overlay, container created", 400],
      ['crun, tini and Node to the supervisor running', 600],
      ['the supervisor: settings, FRR found, fabric, render, check, kernel, files', 1500],
      ["FRR's daemons started, one after another", 9500],
      ['frr.conf applied (vtysh -b)', 8000],
      // The last fabric session up before the prefix was at both leaves, not a later flap.
      ['fabric sessions Established', 4000],
      // Up before the fabric's: no time of its own.
      ["the speaker's session Established", 0],
      ["the speaker's routes in", 2000],
      ['installed at both leaves', 1500],
    ]);
    expect(phases.reduce((sum, p) => sum + (p.ms ?? 0), 0)).toBe(27500);
  });

  it('leaves a phase whose end is not in the log without a figure', () => {
    const phases = restartPhases(log, start, undefined);
    expect(phases.at(-1)).toMatchObject({ name: 'installed at both leaves', ms: undefined });
    expect(restartPhases('', start, undefined).every((p) => p.ms === undefined)).toBe(true);
  });
});
