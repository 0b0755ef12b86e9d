import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { OwnedSnapshot } from '../../src/net/snapshot.js';
import { bundlePath, repoRoot } from '../helpers/bundle.js';
import { runInUml } from '../../scripts/harness/uml.js';

/**
 * The kernel plumbing on a real kernel with VRF: one User-Mode Linux boot runs every scenario of
 * kernel-setup.sh (each in its own network namespace); these tests read what it recorded.
 */
const results = mkdtempSync(join(tmpdir(), 'frr-supervisor-uml-'));
const read = (name: string) => readFileSync(join(results, name), 'utf8');
const rc = (name: string) => Number(read(`${name}.rc`).trim());
const plan = (name: string): { steps: { step: string; outcome: string; actions: string[] }[]; snapshot: OwnedSnapshot } =>
  JSON.parse(read(`${name}.plan.json`));
const outcomes = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => /^[a-z-]+: (created|updated|unchanged) /.test(line))
    .map((line) => line.split(' (')[0] ?? line);

const expectedV6: OwnedSnapshot = {
  links: [
    { name: 'metallb', kind: 'vrf', table: 88, mtu: 65575, up: true },
    { name: 'veth-frr', kind: 'veth', master: 'metallb', peer: 'veth-metallb', mtu: 9000, up: true },
    { name: 'veth-metallb', kind: 'veth', peer: 'veth-frr', mtu: 9000, up: true },
  ],
  addresses: ['veth-frr fda1:b2c3:d4e5:1::/127', 'veth-metallb fda1:b2c3:d4e5:1::1/127'],
  rules: ['ipv4 1000: from all lookup [l3mdev-table]', 'ipv6 1000: from all lookup [l3mdev-table]'],
  sysctls: { 'net/ipv6/conf/veth-metallb/disable_ipv6': '0', 'net/ipv6/conf/veth-frr/disable_ipv6': '0' },
};

beforeAll(async () => {
  const script = `BUNDLE=${JSON.stringify(bundlePath)}\nRESULTS=${JSON.stringify(results)}\nFIXTURES=${JSON.stringify(join(repoRoot, 'test', 'fixtures'))}\n${readFileSync(join(import.meta.dirname, 'kernel-setup.sh'), 'utf8')}`;
  // A backstop against a hang, not a budget: the scenario waits on events with its own deadlines.
  await runInUml(script, results, { timeoutMs: 1_500_000 });
  if (!existsSync(join(results, 'finished')))
    throw new Error(`the UML scenario did not finish; its last output:\n${read('console.log').trim().split('\n').slice(-15).join('\n')}`);
}, 1_600_000);

describe('setup from an empty kernel (User-Mode Linux)', () => {
  it('IPv6 /127: plan foresees exactly what setup does, and setup makes it', () => {
    const before = plan('v6-before');
    expect(before.snapshot).toEqual({
      links: [],
      addresses: [],
      rules: [],
      sysctls: { 'net/ipv6/conf/veth-metallb/disable_ipv6': null, 'net/ipv6/conf/veth-frr/disable_ipv6': null },
    });
    expect(rc('v6-setup1')).toBe(0);
    const done = read('v6-setup1.err')
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim());
    expect(before.steps.flatMap((step) => step.actions)).toEqual(done);
    expect(outcomes(read('v6-setup1.err'))).toEqual([
      'vrf: created',
      'veth: created',
      'mtu: updated',
      'addresses: created',
      'links-up: updated',
      'rules: unchanged',
      'sysctls: unchanged',
    ]);
    expect(plan('v6-after1').snapshot).toEqual(expectedV6);
  });

  it("IPv4 /31 with the oldest seed's names: the VRF, veth, addresses, MTU and the two sysctls of the VRF leg", () => {
    expect(rc('v4-setup1')).toBe(0);
    expect(read('v4-setup1.err')).toContain('warning: PEER_IP_LOCAL is the old name of PEER_IP_FRR');
    expect(plan('v4-after1').snapshot).toEqual({
      links: [
        { name: 'metallb', kind: 'vrf', table: 88, mtu: 65575, up: true },
        { name: 'veth-frr', kind: 'veth', master: 'metallb', peer: 'veth-metallb', mtu: 1500, up: true },
        { name: 'veth-metallb', kind: 'veth', peer: 'veth-frr', mtu: 1500, up: true },
      ],
      addresses: ['veth-frr 192.168.250.254/31', 'veth-metallb 192.168.250.255/31'],
      rules: ['ipv4 1000: from all lookup [l3mdev-table]', 'ipv6 1000: from all lookup [l3mdev-table]'],
      sysctls: { 'net/ipv4/conf/veth-frr/accept_local': '1', 'net/ipv4/conf/veth-frr/rp_filter': '2' },
    });
  });

  it.each(['v6', 'v4'])('%s: TCP from PEER_IP_METALLB in the default VRF reaches a listener on PEER_IP_FRR:179 bound in the VRF', (fam) => {
    expect(read(`${fam}-tcp.out`).trim()).toBe('CONNECTED');
    expect(rc(`${fam}-tcp`)).toBe(0);
  });
});

describe('idempotence', () => {
  it.each(['v6', 'v4'])('%s: a second setup changes nothing and the snapshot is identical', (fam) => {
    expect(rc(`${fam}-setup2`)).toBe(0);
    expect(outcomes(read(`${fam}-setup2.err`)).every((line) => line.endsWith(': unchanged'))).toBe(true);
    expect(outcomes(read(`${fam}-setup2.err`))).toHaveLength(7);
    expect(plan(`${fam}-after2`).snapshot).toEqual(plan(`${fam}-after1`).snapshot);
    expect(plan(`${fam}-after2`).steps.every((step) => step.outcome === 'unchanged')).toBe(true);
  });

  it.each(['v6', 'v4'])('%s: twenty restarts leave no duplicate rule or address', (fam) => {
    expect(existsSync(join(results, `${fam}-restarts.failures`))).toBe(false);
    expect(plan(`${fam}-after20`).snapshot).toEqual(plan(`${fam}-after1`).snapshot);
    const ip = read(`${fam}-after20.ip.txt`).split('\n');
    expect(ip.filter((line) => line.includes('l3mdev'))).toHaveLength(2);
    expect(outcomes(read(`${fam}-restarts.err`))).toHaveLength(20 * 7);
    expect(outcomes(read(`${fam}-restarts.err`)).every((line) => line.endsWith(': unchanged'))).toBe(true);
  });
});

describe('a setup killed with SIGKILL after each step', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('after step %i, the next setup converges to the same snapshot', (k) => {
    // The kill lands as soon as the kth step is reported, or a little later: either way mid-run.
    const [, steps, end] = /setup ended after (\d+) steps: (\w+)/.exec(read(`kill-${k}.out`)) ?? [];
    expect(Number(steps)).toBeGreaterThanOrEqual(k);
    expect(end === 'SIGKILL' || (end === '0' && Number(steps) === 7)).toBe(true);
    expect(rc(`kill-${k}-resume`)).toBe(0);
    expect(plan(`kill-${k}-after`).snapshot).toEqual(expectedV6);
  });
});

describe('drift', () => {
  it('a VRF with another table is an error that says what to change, and nothing is changed', () => {
    expect(rc('drift-table')).toBe(ExitCode.unavailable);
    expect(read('drift-table.err')).toContain(
      'error: VRF metallb exists with table 99, not 88; nothing was changed. Set METALLB_VRF_ROUTE_TABLE_ID=99, or delete the VRF',
    );
    expect(plan('drift-table-after').snapshot).toEqual(plan('drift-table-before').snapshot);
  });

  it("a link of another kind with a veth leg's name is replaced", () => {
    expect(rc('drift-kind')).toBe(0);
    expect(read('drift-kind.err')).toContain('delete link veth-frr (a dummy, not a veth)');
    expect(plan('drift-kind-after').snapshot).toEqual(expectedV6);
  });

  it('a stale address is removed and a changed MTU set back', () => {
    expect(rc('drift-repair')).toBe(0);
    const log = read('drift-repair.err');
    expect(log).toContain('remove fda1:b2c3:d4e5:9::1/64 from veth-metallb (not fda1:b2c3:d4e5:1::1/127)');
    expect(log).toContain('set MTU of veth-frr to 9000 (was 1500)');
    expect(log).not.toContain('veth-metallb to 9000');
    expect(plan('drift-repair-after').snapshot).toEqual(expectedV6);
  });

  it('a deleted veth is recreated', () => {
    expect(rc('drift-veth')).toBe(0);
    expect(outcomes(read('drift-veth.err'))).toContain('veth: created');
    expect(plan('drift-veth-after').snapshot).toEqual(expectedV6);
  });

  it("an earlier PEER_IP_*'s addresses are replaced by the new ones", () => {
    expect(rc('drift-moved')).toBe(0);
    expect(read('drift-moved.err')).toContain('remove fda1:b2c3:d4e5:1::/127 from veth-frr');
    expect(plan('drift-moved-after').snapshot.addresses).toEqual(['veth-frr fda1:b2c3:d4e5:2::/127', 'veth-metallb fda1:b2c3:d4e5:2::1/127']);
  });
});

describe('bad settings', () => {
  it.each(['empty', 'configured'])('on a %s kernel: exit 78, the errors named, nothing changed', (state) => {
    expect(rc(`bad-${state}`)).toBe(ExitCode.config);
    expect(read(`bad-${state}.err`)).toContain('METALLB_VRF_ROUTE_TABLE_ID="254": 254 is the main table');
    // Duplicate address detection may finish on its own in between: the kernel's doing, not ours.
    const ipState = (name: string) => read(name).replaceAll(' tentative', '');
    expect(ipState(`bad-${state}-after.ip.txt`)).toBe(ipState(`bad-${state}-before.ip.txt`));
    expect(ipState(`bad-${state}-after.ip.txt`)).toContain(state === 'configured' ? 'veth-metallb' : 'fab1');
  });
});
