import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/config/ip.js';
import { createLogger } from '../../src/log.js';
import { clearStaleRunFiles } from '../../src/supervise/frr-processes.js';
import { loggedText, parseFrrLine } from '../../src/supervise/frr-line.js';
import { frrFacts } from '../../src/frr/facts.js';
import { stopFrr } from '../../src/supervise/frr-stop.js';
import { fabricProblem, nodeIpProblem } from '../../src/supervise/preflight.js';
import { convergence, describeConvergence, parseBfdPeers, parseBgpSummary, sessionChanges, speakerPrefixChanges } from '../../src/supervise/sessions.js';
import { useTempDir } from '../helpers/temp.js';

const summary = (states: Record<string, [string, number, number]>, metallb: [string, number]) => ({
  default: {
    ipv4Unicast: { peers: Object.fromEntries(Object.entries(states).map(([peer, [state, pfxRcd, pfxSnt]]) => [peer, { state, pfxRcd, pfxSnt }])) },
    ipv6Unicast: { peers: Object.fromEntries(Object.entries(states).map(([peer, [state, pfxRcd, pfxSnt]]) => [peer, { state, pfxRcd, pfxSnt }])) },
  },
  metallb: { ipv4Unicast: { peers: { 'fda1:b2c3:d4e5:1::1': { state: metallb[0], pfxRcd: metallb[1], pfxSnt: 0 } } } },
});

describe('session state (pure)', () => {
  it('reports each change as one line, and nothing when nothing changed', () => {
    const before = { bgp: parseBgpSummary(summary({ eth0: ['Active', 0, 0] }, ['Idle', 0])), bfd: [] };
    const after = {
      bgp: parseBgpSummary(summary({ eth0: ['Established', 5, 3] }, ['Idle', 0])),
      bfd: parseBfdPeers([{ peer: 'fe80::1', interface: 'eth0', vrf: 'default', status: 'up' }]),
    };
    expect(sessionChanges(before, after)).toEqual([
      'bgp eth0 vrf default ipv4Unicast: Active -> Established, 5 prefixes received, 3 sent',
      'bgp eth0 vrf default ipv6Unicast: Active -> Established, 5 prefixes received, 3 sent',
      'bfd fe80::1 on eth0 vrf default: new -> up',
    ]);
    expect(sessionChanges(after, after)).toEqual([]);
  });

  it("says when the speaker's prefixes change in number, only while its session is Established", () => {
    const state = (metallb: [string, number]) => ({ bgp: parseBgpSummary(summary({ eth0: ['Established', 5, 3] }, metallb)), bfd: [] });
    expect(speakerPrefixChanges(state(['Active', 0]), state(['Established', 0]), 'metallb')).toEqual([]);
    expect(speakerPrefixChanges(state(['Established', 0]), state(['Established', 2]), 'metallb')).toEqual([
      'bgp fda1:b2c3:d4e5:1::1 vrf metallb ipv4Unicast: 2 prefixes received (was 0)',
    ]);
    expect(speakerPrefixChanges(state(['Established', 2]), state(['Established', 1]), 'metallb')).toEqual([
      'bgp fda1:b2c3:d4e5:1::1 vrf metallb ipv4Unicast: 1 prefix received (was 2)',
    ]);
    expect(speakerPrefixChanges(state(['Established', 2]), state(['Established', 2]), 'metallb')).toEqual([]);
    // A session that went down says so in its own line (sessionChanges), not as prefixes lost.
    expect(speakerPrefixChanges(state(['Established', 2]), state(['Idle', 0]), 'metallb')).toEqual([]);
  });

  it('is converged when every fabric interface and the MetalLB session are Established', () => {
    const state = { bgp: parseBgpSummary(summary({ eth0: ['Established', 5, 3], eth1: ['Established', 5, 3] }, ['Established', 2])), bfd: [] };
    const c = convergence(state, ['eth0', 'eth1'], 'metallb');
    expect(c.converged).toBe(true);
    expect(describeConvergence(c)).toBe(
      'fabric sessions Established 2/2, MetalLB session Established, LoadBalancer prefixes received 2, advertising to 2 fabric peers',
    );
  });

  it('names what blocks convergence', () => {
    const state = { bgp: parseBgpSummary(summary({ eth0: ['Established', 5, 3], eth1: ['Active', 0, 0] }, ['Connect', 0])), bfd: [] };
    expect(convergence(state, ['eth0', 'eth1', 'eth2'], 'metallb').blockers).toEqual([
      'fabric session eth1 is Active',
      'fabric session eth2 is missing',
      'MetalLB session is Connect',
    ]);
  });

  it('counts a peer by address (FABRIC_PEERS) as a fabric session like a port: a node with only those is not converged without them', () => {
    const state = { bgp: parseBgpSummary(summary({ 'fd00:101::fffe': ['Active', 0, 0] }, ['Established', 2])), bfd: [] };
    expect(convergence(state, ['fd00:101::fffe'], 'metallb').blockers).toEqual(['fabric session fd00:101::fffe is Active']);
    const up = { bgp: parseBgpSummary(summary({ eth0: ['Established', 5, 3], 'fd00:101::fffe': ['Established', 0, 3] }, ['Established', 2])), bfd: [] };
    expect(describeConvergence(convergence(up, ['eth0', 'fd00:101::fffe'], 'metallb'))).toBe(
      'fabric sessions Established 2/2, MetalLB session Established, LoadBalancer prefixes received 2, advertising to 2 fabric peers',
    );
  });

  it("takes when a session last came up or went down from FRR's epoch, and none for a session never up", () => {
    const json = {
      default: {
        ipv4Unicast: {
          peers: {
            eth0: { state: 'Established', pfxRcd: 5, pfxSnt: 3, peerUptime: '00:01:40', peerUptimeMsec: 100000, peerUptimeEstablishedEpoch: 1796471900 },
            eth1: { state: 'Active', pfxRcd: 0, pfxSnt: 0, peerUptime: 'never', peerUptimeMsec: 0 },
          },
        },
      },
    };
    expect(parseBgpSummary(json).map((s) => [s.peer, s.changedAt])).toEqual([
      ['eth0', 1796471900],
      ['eth1', undefined],
    ]);
  });

  it('tolerates what FRR may answer while starting', () => {
    expect(parseBgpSummary({})).toEqual([]);
    expect(parseBgpSummary('garbage')).toEqual([]);
    expect(parseBfdPeers({})).toEqual([]);
  });
});

describe("FRR's log lines", () => {
  it.each([
    // With FRR's severity (daemon-log.conf's `log record-priority`), FRR 8.4 and 10 alike.
    ['2026/12/01 22:37:56 notifications: BGP: [ZW1GY-R46JE] Terminating on signal', { daemon: 'bgpd', message: 'Terminating on signal', level: 'info' }],
    ['2026/12/01 22:37:56.123 errors: ZEBRA: [X2Z1K-8GZ9J][EC 4043309076] netlink failed', { daemon: 'zebra', message: 'netlink failed', level: 'error' }],
    ['2026/12/01 22:37:56 warnings: BFD: [K6Y0Q-9ZJ2T] session down', { daemon: 'bfdd', message: 'session down', level: 'warn' }],
    ['2026/12/01 22:37:56 critical: MGMTD: out of memory', { daemon: 'mgmtd', message: 'out of memory', level: 'fatal' }],
    ['2026/12/01 22:37:56 debugging: STATIC: route added', { daemon: 'staticd', message: 'route added', level: 'debug' }],
    // Without (watchfrr): an error code marks an error or a warning.
    [
      '2026/11/22 05:33:18 BGP: [HZQ7B-RE9WS][EC 33554455] eth0 IPv4 unicast NLRI is multicast address 224.0.0.1, ignoring',
      { daemon: 'bgpd', message: 'eth0 IPv4 unicast NLRI is multicast address 224.0.0.1, ignoring', level: 'warn' },
    ],
    [
      '2026/11/22 05:33:18 BGP: [M7Q4P-46WDR] %ADJCHANGE: neighbor eth0 in vrf default Up',
      { daemon: 'bgpd', message: '%ADJCHANGE: neighbor eth0 in vrf default Up', level: 'info' },
    ],
    ['2026/11/22 05:33:18.123 BFD: session up', { daemon: 'bfdd', message: 'session up', level: 'info' }],
    [
      '2026/11/22 05:33:17 WATCHFRR: [T83RR-8SM5G] watchfrr 8.4.4 starting: vty@0',
      { daemon: 'watchfrr', message: 'watchfrr 8.4.4 starting: vty@0', level: 'info' },
    ],
    // The start script's own, frrcommon.sh's messages among them.
    ['frr-start: Started zebra', { daemon: 'frr-start', message: 'Started zebra', level: 'info' }],
    ['frr-start: error: Failed to start bfdd!', { daemon: 'frr-start', message: 'error: Failed to start bfdd!', level: 'error' }],
    [
      'frr-start: warning: /etc/frr/frr.conf does not exist; skipping config apply',
      { daemon: 'frr-start', message: 'warning: /etc/frr/frr.conf does not exist; skipping config apply', level: 'warn' },
    ],
  ])('%s', (line, expected) => {
    expect(parseFrrLine(line)).toEqual(expected);
  });

  // Lines a healthy lab start logged at ERROR or WARN: each at the level it deserves, with why.
  it.each([
    ['2026/12/05 11:11:04 errors: BGP: [Z1DKN-ZXEVA][EC 33554456] eth1((none)) rcvd route-refresh (EoRR) for IPv4/unicast, whereas no BoRR received', 'bgpd'],
    [
      '2026/12/05 11:11:02 errors: BGP: [ZJ0XZ-ZGB0T][EC 33554474] eth0(Outgoing) [FSM] Ignoring event BGP_Start in state Connect, prior events BGP_Start, BGP_Start, fd 29',
      'bgpd',
    ],
    ['2026/12/05 10:59:24 warnings: BGP: [YZBG0-KRQST][EC 33554503] eth0 unrecognized capability code: 128 - ignored', 'bgpd'],
    [
      '2026/12/05 11:10:55 warnings: ZEBRA: [QJE8A-35XHS][EC 4043309077] generic-netlink-cmd (NS 0) error: Operation not supported, type=RTM_SETLINK(19), seq=12, pid=3154',
      'zebra',
    ],
    ['2026/12/05 11:10:55 errors: ZEBRA: [X2V5H-CS9HZ][EC 4043309093] Extended Error: failed to retrieve link settings', 'zebra'],
    ['2026/11/22 05:33:18 warnings: ZEBRA: [NNACN-54BDA][EC 4043309110] Disabling MPLS support (no kernel support)', 'zebra'],
    ['2026/11/22 05:33:18 ZEBRA: [NNACN-54BDA][EC 4043309110] Disabling MPLS support (no kernel support)', 'zebra'],
    // As mgmtd and staticd print it on stderr before they fork: no tag, no prefix.
    ['Unable to set log file: /var/run/frr/frr.log', undefined],
  ])('%s: INFO, with why', (line, daemon) => {
    const parsed = parseFrrLine(line);
    expect(parsed).toMatchObject({ daemon, level: 'info' });
    // FRR's own level, where it recorded one, stays in the line.
    const frr = /^\S+ \S+ (errors|warnings): /.exec(line)?.[1];
    expect(parsed.frrLevel).toBe(frr === 'errors' ? 'error' : frr === 'warnings' || line.includes('[EC ') ? 'warn' : undefined);
    expect(loggedText(parsed)).toBe(`${parsed.message} (${parsed.frrLevel ? `FRR: ${parsed.frrLevel.toUpperCase()}; ` : ''}${parsed.why})`);
    expect(parsed.why?.length).toBeGreaterThan(20);
  });

  it('keeps the severity FRR gave a line it does not know, and logs it as it is', () => {
    const parsed = parseFrrLine('2026/12/05 11:11:04 errors: BGP: [HZQ7B-RE9WS][EC 33554455] eth0 IPv4 unicast NLRI is multicast address 224.0.0.1, ignoring');
    expect(parsed).toEqual({ daemon: 'bgpd', message: 'eth0 IPv4 unicast NLRI is multicast address 224.0.0.1, ignoring', level: 'error' });
    expect(loggedText(parsed)).toBe(parsed.message);
  });

  it('leaves other lines alone, at INFO', () => {
    expect(parseFrrLine('Cannot stop bgpd: pid file not found')).toEqual({ daemon: undefined, message: 'Cannot stop bgpd: pid file not found', level: 'info' });
  });

  it('the text log format is one line per event: time, level, component, message, fields', () => {
    const lines: string[] = [];
    const log = createLogger('text', (line) => lines.push(line));
    log.child({ component: 'bgpd' }).warn({ peer: 'eth0', prefixes: 3 }, 'session down');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}bgpd: session down peer=eth0 prefixes=3\n$/);
    const json: string[] = [];
    createLogger('json', (line) => json.push(line))
      .child({ component: 'kernel' })
      .info('vrf: created');
    expect(JSON.parse(json[0] ?? '')).toMatchObject({ level: 'info', component: 'kernel', msg: 'vrf: created' });
  });
});

describe('pre-flight (pure)', () => {
  const nodeIp = parseIp('10.10.10.10');
  if (!nodeIp) throw new Error('unreachable');
  it('NODE_IP must be local', () => {
    expect(nodeIpProblem(nodeIp, [{ linkIndex: 1, family: 'ipv4', address: '10.10.10.10', prefixLength: 32, linkLocal: false }])).toBeUndefined();
    expect(nodeIpProblem(nodeIp, [])).toMatch(/^NODE_IP=10.10.10.10 is not an address of this host/);
  });
  it('fabric interfaces must be up with an IPv6 link-local address', () => {
    const link = { index: 2, name: 'eth0', mac: undefined, mtu: 9000, kind: undefined, masterIndex: undefined, up: true };
    const linkLocal = { linkIndex: 2, family: 'ipv6' as const, address: 'fe80::1', prefixLength: 64, linkLocal: true };
    expect(fabricProblem('eth0', [link], [linkLocal])).toBeUndefined();
    expect(fabricProblem('eth0', [{ ...link, up: false }], [linkLocal])).toBe('fabric interface eth0 is down');
    expect(fabricProblem('eth0', [link], [])).toMatch(/has no IPv6 link-local address/);
    expect(fabricProblem('eth1', [link], [])).toBe('fabric interface eth1 is gone');
  });
});

describe("FRR's stop sequence, with real processes", () => {
  const tempDir = useTempDir();

  /** A stand-in daemon: its file name is the daemon's; it notes the SIGINT it gets, then exits (or not). */
  function fakeDaemon(dir: string, name: string, options: { ignoreInt?: boolean } = {}): Promise<number> {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const path = join(bin, name);
    const onInt = options.ignoreInt ? `echo "${name} ignores INT" >> ${dir}/order` : `echo ${name} >> ${dir}/order; exit 0`;
    writeFileSync(path, `#!/bin/sh\ntrap '${onInt}' INT\necho ready\nwhile :; do sleep 0.05; done\n`);
    chmodSync(path, 0o755);
    const child = spawn(path, [], { stdio: ['ignore', 'pipe', 'ignore'] });
    return new Promise((resolve) =>
      child.stdout.once('data', () => {
        writeFileSync(join(dir, 'run', `${name}.pid`), `${child.pid}\n`);
        resolve(child.pid ?? 0);
      }),
    );
  }

  const tenDotThree = frrFacts({
    version: { major: 10, minor: 3, text: '10.3' },
    bfd: true,
    binDir: '/usr/lib/frr',
    vtyshProgram: 'vtysh',
    configDir: '/etc/frr',
    runDir: '',
    pathspace: undefined,
  });
  const stopIn = (dir: string, deadlineMs: number) => stopFrr({ runDir: join(dir, 'run'), stopOrder: tenDotThree.stopOrder }, { deadlineMs });

  it('watchfrr first, then the daemons, zebra, mgmtd last (FRR 10); a daemon that ignores SIGINT is killed at the deadline', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'run'));
    for (const name of ['watchfrr', 'mgmtd', 'zebra', 'bgpd', 'bfdd']) await fakeDaemon(dir, name);
    await fakeDaemon(dir, 'staticd', { ignoreInt: true });
    const report = await stopIn(dir, 2000);
    const order = readFileSync(join(dir, 'order'), 'utf8').trim().split('\n');
    expect(order[0]).toBe('watchfrr');
    expect(order.slice(-2)).toEqual(['zebra', 'mgmtd']);
    expect(order.slice(1, -2).sort()).toEqual(['bfdd', 'bgpd', 'staticd ignores INT']);
    expect(report.killed).toEqual(['staticd']);
    expect([...report.stopped].sort()).toEqual(['bfdd', 'bgpd', 'mgmtd', 'watchfrr', 'zebra']);
  });

  it('removes pid files and sockets no live FRR process owns, and keeps the live ones', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'run'));
    await fakeDaemon(dir, 'zebra');
    writeFileSync(join(dir, 'run', 'bgpd.pid'), '999999\n');
    writeFileSync(join(dir, 'run', 'bgpd.vty'), '');
    writeFileSync(join(dir, 'run', 'bfdd.pid'), `${process.pid}\n`); // alive, but not FRR: a reused pid
    expect((await clearStaleRunFiles(join(dir, 'run'))).sort()).toEqual(['bfdd.pid', 'bgpd.pid', 'bgpd.vty']);
    await stopIn(dir, 1000);
  });
});
