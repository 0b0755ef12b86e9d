import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { bundlePath } from '../helpers/bundle.js';
import { runInUml } from '../../scripts/harness/uml.js';

/** `run` with Debian's FRR 8.4 in User-Mode Linux: one boot, the scenarios of run.sh. */
const results = mkdtempSync(join(tmpdir(), 'frr-supervisor-run-'));
const read = (name: string) => (existsSync(join(results, name)) ? readFileSync(join(results, name), 'utf8') : '');
const rc = (name: string) => Number(read(`${name}.rc`).trim() || NaN);

beforeAll(async () => {
  const script = `BUNDLE=${JSON.stringify(bundlePath)}\nRESULTS=${JSON.stringify(results)}\nTEMPLATES=${JSON.stringify(join(import.meta.dirname, '..', '..', 'templates'))}\n${readFileSync(join(import.meta.dirname, 'run.sh'), 'utf8')}`;
  await runInUml(script, results, { timeoutMs: 1_500_000 });
  if (!existsSync(join(results, 'finished')))
    throw new Error(`the UML scenario did not finish; its last output:\n${read('console.log').trim().split('\n').slice(-15).join('\n')}`);
}, 1_600_000);

describe('run with Debian FRR under tini (User-Mode Linux)', () => {
  it('brings FRR up with the rendered config', () => {
    expect(read('a.up').trim()).toBe('up');
    const running = read('a.running-config');
    expect(running).toContain('router bgp 65001 vrf metallb');
    expect(running).toContain(' neighbor fab0 interface peer-group fabric');
    expect(running).toContain(' bgp graceful-restart preserve-fw-state');
    const status = JSON.parse(read('a.status.json')) as {
      frr: { state: string };
      configSha256: string;
      lastCheck: { ok: boolean };
      configApply: { state: string };
    };
    expect(status.frr.state).toBe('running');
    expect(status.lastCheck.ok).toBe(true);
    // FRR 8.4's vtysh -b reports nothing per daemon: watchfrr's start job ending cleanly is the word.
    expect(status.configApply.state).toBe('applied');
    expect(read('a.log')).toMatch(/INFO {2}supervisor: FRR runs the whole frr.conf: every apply ended without a complaint\n/);
    expect(status.configSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("opens no vty on TCP: a connection to each daemon's vty port on 127.0.0.1 is refused", () => {
    expect(read('a.vty-tcp').trim().split('\n')).toEqual(['179 open', '2601 closed', '2605 closed', '2616 closed', '2617 closed', '2623 closed']);
  });

  it("logs the daemons' own lines under their names, and each session state change as one line", () => {
    const log = read('a.log');
    // At FRR's own severity (daemon-log.conf's log record-priority).
    for (const daemon of ['zebra', 'bgpd', 'bfdd', 'staticd']) expect(log).toMatch(new RegExp(` INFO {2}${daemon}: Configuration Read in Took`));
    // A known harmless one at INFO, with the WARN FRR gave it and why (frr-known-lines.ts).
    expect(log).toMatch(/ INFO {2}zebra: Disabling MPLS support \(no kernel support\) \(FRR: WARN; this kernel has no MPLS/);
    expect(log).toMatch(/ INFO {2}watchfrr: all daemons up/);
    expect(log).toMatch(/ INFO {2}bgp: bgp fab0 vrf default ipv6Unicast: new -> \w+, 0 prefixes received, 0 sent/);
    expect(log).toMatch(/ INFO {2}kernel: vrf: created: create VRF metallb \(table 88\)/);
  });

  it('watchfrr restarts bgpd killed five times, and no zombie is left (tini reaps)', () => {
    expect(read('a.log')).toContain(
      'starting FRR: /usr/lib/frr/watchfrr --restart-timeout 120 --min-restart-interval 1 --max-restart-interval 3 zebra bgpd staticd bfdd',
    );
    expect(read('a.bgpd-restarts').trim().split('\n')).toEqual(['restart 1 ok', 'restart 2 ok', 'restart 3 ok', 'restart 4 ok', 'restart 5 ok']);
    // Counted from watchfrr's own lines, each of the daemons it watches from 0 (the restart all
    // with which watchfrr alone starts FRR is no restart).
    const restarts = (JSON.parse(read('a.status-after-kills.json')) as { daemonRestarts: Record<string, number> }).daemonRestarts;
    expect(Object.keys(restarts)).toEqual(expect.arrayContaining(['zebra', 'bgpd', 'staticd', 'bfdd']));
    expect(Object.entries(restarts).filter(([, n]) => n > 0)).toEqual([['bgpd', 5]]);
    expect(read('a.zombies')).toBe('');
  });

  it('SIGTERM to the entrypoint alone: every FRR process gone, exit 0, within 10 s', () => {
    expect(rc('a')).toBe(0);
    expect(read('a.all-gone').trim()).toBe('yes');
    expect(Number(read('a.stop-ms'))).toBeLessThan(10_000);
    expect(read('a.log')).toMatch(/SIGTERM received: stopping FRR/);
    expect(read('a.log')).toMatch(/FRR stopped in \d+ ms: /);
    // The second SIGTERM (tini forwarding its own, on Talos) does not cut the stop short.
    expect(read('a.log')).toMatch(/SIGTERM received again: the stop is already under way/);
  });

  it('SIGTERM to every process of the container at once: every FRR process gone, exit 0, within 10 s', () => {
    expect(Number(read('b.signalled-count'))).toBeGreaterThanOrEqual(7); // tini, node, watchfrr, zebra, bgpd, staticd, bfdd
    expect(rc('b')).toBe(0);
    expect(read('b.all-gone').trim()).toBe('yes');
    expect(Number(read('b.stop-ms'))).toBeLessThan(10_000);
  });

  it('drain (RFC 8326): bgp graceful-shutdown and the BFD profile shut are in the running config, never in frr.conf', () => {
    expect(read('b.running-config')).toMatch(/^bgp graceful-shutdown$/m);
    expect(read('b.frr.conf')).toContain('router bgp 65001');
    expect(read('b.frr.conf')).not.toContain('graceful-shutdown');
    expect(read('b.log')).toMatch(
      /WARN {2}supervisor: drain on \(BGP_GRACEFUL_SHUTDOWN\): every route is advertised with the GRACEFUL_SHUTDOWN community .*; BFD profile fabric shut \(AdminDown to the peers\)/,
    );
    // The fabric sessions' BFD profile shut with it: the peers hear AdminDown before a restart.
    expect(read('b.running-config')).toMatch(/^ profile fabric\n {2}shutdown$/m);
  });

  it('watchfrr killed: the rest is stopped and the exit code says so (128 + 9)', () => {
    expect(rc('c')).toBe(137);
    expect(read('c.all-gone').trim()).toBe('yes');
    expect(read('c.log')).toMatch(/FRR's start command was killed by SIGKILL; stopping what is left/);
  });

  it('a config FRR rejects never starts FRR', () => {
    expect(rc('d')).toBe(ExitCode.frrRejected);
    expect(read('d.log')).toMatch(/vtysh: line \d+: % Unknown command.*multipath-relaxed/);
    expect(read('d.frr-pids')).toBe('');
    // Refused before the kernel was touched: only the namespace's own links.
    expect(read('d.links')).not.toMatch(/metallb|veth/);
  });

  it('a NODE_IP that is not local is reported before FRR starts', () => {
    expect(rc('e')).toBe(ExitCode.unavailable);
    expect(read('e.log')).toContain('NODE_IP=10.99.99.99 is not an address of this host');
    expect(read('e.frr-pids')).toBe('');
  });

  it("links the frr user planted where root writes are never written through: FRR runs, root's files stay as they were", () => {
    expect(read('f.planted')).toContain('frr.conf -> /root/victims/_etc_frr_frr.conf');
    expect(read('f.up').trim()).toBe('up');
    expect(rc('f')).toBe(0);
    const victims = read('f.victims').trim().split('\n');
    expect(victims).toHaveLength(7);
    for (const line of victims) expect(line).toMatch(/^root 600 root's own \/(etc|run)\/frr\/\S+$/);
    expect(read('f.targets').trim().split('\n')).toEqual([
      '/etc/frr/frr.conf regular file root',
      '/etc/frr/daemon-log.conf regular file root',
      '/run/frr/frr.log regular file frr',
      '/run/frr/frr-supervisor-status.json regular file root',
    ]);
  });
});
