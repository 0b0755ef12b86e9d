import { describe, expect, it } from 'vitest';
import { renderMetrics } from '../../src/supervise/metrics.js';
import type { NodeStatus } from '../../src/supervise/status-file.js';

const status: NodeStatus = {
  updatedAt: '2026-12-05T12:00:00.000Z',
  configSha256: 'a'.repeat(64),
  lastRender: { at: '2026-12-05T11:59:00.000Z', ok: true },
  lastCheck: { at: '2026-12-05T11:59:00.000Z', ok: true, complaints: [] },
  frr: { state: 'running', drain: false },
  daemonRestarts: { zebra: 0, bgpd: 2 },
  drain: { on: true, by: ['link frr-drain'], changedAt: '2026-12-05T11:59:30.000Z' },
  configApply: { state: 'applied', at: '2026-12-05T11:59:10.000Z', problems: [], repairs: 2 },
  converged: true,
  convergedAfterSeconds: 7.4,
  sessions: {
    bgp: [
      { vrf: 'default', peer: 'eth0', family: 'ipv4Unicast', state: 'Established', received: 6, sent: 3, changedAt: 1796471900 },
      { vrf: 'metallb', peer: 'fda1:b2c3:d4e5:1::1', family: 'ipv4Unicast', state: 'Established', received: 0, sent: 0, announced: 1, refused: 1 },
    ],
    bfd: [{ vrf: 'default', peer: 'fe80::2', interface: 'eth0', status: 'down' }],
  },
};

describe('the metrics', () => {
  const text = renderMetrics(status);
  const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

  it('say what the status says, one sample per fact', () => {
    expect(samples).toEqual([
      'frr_supervisor_frr_running 1',
      'frr_supervisor_converged 1',
      'frr_supervisor_converged_after_seconds 7.4',
      'frr_supervisor_drained 1',
      'frr_supervisor_config_applied 1',
      'frr_supervisor_config_repairs_total 2',
      'frr_supervisor_config_check_ok 1',
      'frr_supervisor_bgp_session_established{vrf="default",peer="eth0",family="ipv4Unicast"} 1',
      'frr_supervisor_bgp_session_established{vrf="metallb",peer="fda1:b2c3:d4e5:1::1",family="ipv4Unicast"} 1',
      'frr_supervisor_bgp_prefixes_accepted{vrf="default",peer="eth0",family="ipv4Unicast"} 6',
      'frr_supervisor_bgp_prefixes_accepted{vrf="metallb",peer="fda1:b2c3:d4e5:1::1",family="ipv4Unicast"} 0',
      'frr_supervisor_bgp_prefixes_sent{vrf="default",peer="eth0",family="ipv4Unicast"} 3',
      'frr_supervisor_bgp_prefixes_sent{vrf="metallb",peer="fda1:b2c3:d4e5:1::1",family="ipv4Unicast"} 0',
      // Only where the speaker's routes were counted before the policy (its session, Established).
      'frr_supervisor_bgp_prefixes_received{vrf="metallb",peer="fda1:b2c3:d4e5:1::1",family="ipv4Unicast"} 1',
      'frr_supervisor_bgp_prefixes_refused{vrf="metallb",peer="fda1:b2c3:d4e5:1::1",family="ipv4Unicast"} 1',
      // Only for a session that has ever been up (FRR gives no time for one that never was).
      'frr_supervisor_bgp_session_changed_timestamp_seconds{vrf="default",peer="eth0",family="ipv4Unicast"} 1796471900',
      'frr_supervisor_bfd_session_up{vrf="default",peer="fe80::2",interface="eth0"} 0',
      'frr_supervisor_frr_daemon_restarts_total{daemon="zebra"} 0',
      'frr_supervisor_frr_daemon_restarts_total{daemon="bgpd"} 2',
      'frr_supervisor_status_updated_timestamp_seconds 1796472000',
    ]);
  });

  it('give every metric its HELP and TYPE once, before its samples', () => {
    const names = [...new Set(samples.map((line) => line.split(/[{ ]/)[0]))];
    for (const name of names) {
      const help = text.indexOf(`# HELP ${name} `);
      const type = text.indexOf(`# TYPE ${name} `);
      expect(help, name).toBeGreaterThanOrEqual(0);
      expect(type).toBeGreaterThan(help);
      expect(text.indexOf(`\n${name}`)).toBeGreaterThan(type);
    }
  });

  it('escape label values as the format says, whatever FRR names a peer', () => {
    const odd = renderMetrics({
      ...status,
      sessions: { bgp: [{ vrf: 'v"1', peer: 'a\\b\nc', family: 'ipv4Unicast', state: 'Idle', received: 0, sent: 0 }], bfd: [] },
    });
    expect(odd).toContain('frr_supervisor_bgp_session_established{vrf="v\\"1",peer="a\\\\b\\nc",family="ipv4Unicast"} 0');
  });

  it('leave out the convergence time until the node has converged', () => {
    expect(renderMetrics({ ...status, converged: false, convergedAfterSeconds: undefined })).not.toContain('frr_supervisor_converged_after_seconds');
  });
});
