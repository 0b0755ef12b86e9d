import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { HostMismatchError } from '../../src/errors.js';
import { desiredKernelState } from '../../src/net/desired-state.js';
import type { HostAddress, HostLink, HostRule } from '../../src/net/links.js';
import type { ObservedState } from '../../src/net/observed-state.js';
import { outcomeOf, planKernelState, simulateAll } from '../../src/net/plan.js';

// Pure planning over modelled kernel states; the real kernel runs these in test/uml.
const settings = loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'fab0' }).settings;
const desired = desiredKernelState(settings, [{ name: 'fab0', mac: undefined, mtu: 9000 }]);

const link = (index: number, name: string, extra: Partial<HostLink> = {}): HostLink => ({
  index,
  name,
  mac: undefined,
  mtu: 1500,
  kind: undefined,
  masterIndex: undefined,
  up: true,
  ...extra,
});
const l3mdev = (family: 'ipv4' | 'ipv6'): HostRule => ({ family, priority: 1000, l3mdev: true, table: 0 });
const address = (linkIndex: number, text: string, prefixLength: number): HostAddress => ({
  linkIndex,
  family: text.includes(':') ? 'ipv6' : 'ipv4',
  address: text,
  prefixLength,
  linkLocal: false,
});
const state = (parts: Partial<ObservedState>): ObservedState => ({
  links: [link(1, 'lo'), link(2, 'fab0', { mtu: 9000 })],
  addresses: [],
  rules: [],
  sysctls: new Map([['net/ipv6/conf/default/disable_ipv6', '0']]),
  ...parts,
});

const converged = state({
  links: [
    link(1, 'lo'),
    link(2, 'fab0', { mtu: 9000 }),
    link(3, 'metallb', { kind: 'vrf', vrfTable: 88, mtu: 65575 }),
    link(4, 'veth-metallb', { kind: 'veth', linkIndex: 5, mtu: 9000 }),
    link(5, 'veth-frr', { kind: 'veth', linkIndex: 4, masterIndex: 3, mtu: 9000 }),
  ],
  addresses: [address(5, 'fda1:b2c3:d4e5:1::', 127), address(4, 'fda1:b2c3:d4e5:1::1', 127), { ...address(4, 'fe80::1', 64), linkLocal: true }],
  rules: [l3mdev('ipv4'), l3mdev('ipv6')],
  sysctls: new Map([
    ['net/ipv6/conf/default/disable_ipv6', '0'],
    ['net/ipv6/conf/veth-metallb/disable_ipv6', '0'],
    ['net/ipv6/conf/veth-frr/disable_ipv6', '0'],
  ]),
});

const actionsOf = (observed: ObservedState) => planKernelState(desired, observed).flatMap((plan) => plan.actions.map((action) => action.description));

describe('kernel plan (pure)', () => {
  it("from an empty namespace: every object, in order, and the kernel's own l3mdev rules foreseen", () => {
    expect(actionsOf(state({}))).toEqual([
      'create VRF metallb (table 88)',
      'create veth pair veth-metallb / veth-frr',
      'enslave veth-frr to metallb',
      'set MTU of veth-metallb to 9000 (was 1500)',
      'set MTU of veth-frr to 9000 (was 1500)',
      'add fda1:b2c3:d4e5:1::/127 to veth-frr',
      'add fda1:b2c3:d4e5:1::1/127 to veth-metallb',
      'set metallb up',
      'set veth-frr up',
      'set veth-metallb up',
    ]);
  });

  it('nothing to do when converged; link-local addresses are left alone', () => {
    const plans = planKernelState(desired, converged);
    expect(plans.map(outcomeOf)).toEqual(Array(7).fill('unchanged'));
  });

  it.each([
    [
      'a VRF with another table',
      state({ links: [link(1, 'lo'), link(2, 'fab0'), link(3, 'metallb', { kind: 'vrf', vrfTable: 99 })] }),
      'VRF metallb exists with table 99, not 88',
    ],
    [
      'a bridge named like the VRF',
      state({ links: [link(1, 'lo'), link(2, 'fab0'), link(3, 'metallb', { kind: 'bridge' })] }),
      'a link named metallb exists but is a bridge',
    ],
  ])('refuses %s before any change', (_what, observed, message) => {
    expect(() => planKernelState(desired, observed)).toThrow(HostMismatchError);
    expect(() => planKernelState(desired, observed)).toThrow(message);
  });

  it("replaces legs that are not each other's peers", () => {
    const observed = {
      ...converged,
      links: converged.links.map((l) => (l.name === 'veth-frr' ? { ...l, linkIndex: 9 } : l)).concat(link(9, 'other', { kind: 'veth', linkIndex: 5 })),
    };
    expect(actionsOf(observed).slice(0, 4)).toEqual([
      'delete link veth-metallb (its peer is not the other leg)',
      'delete link veth-frr (its peer is not the other leg)',
      'create veth pair veth-metallb / veth-frr',
      'enslave veth-frr to metallb',
    ]);
  });

  it('removes stale addresses (another address, or the same with another prefix) before adding', () => {
    const observed = { ...converged, addresses: [address(5, 'fda1:b2c3:d4e5:1::', 64), address(4, 'fda1:b2c3:d4e5:1::1', 127), address(4, '192.0.2.1', 24)] };
    expect(actionsOf(observed)).toEqual([
      'remove fda1:b2c3:d4e5:1::/64 from veth-frr (not fda1:b2c3:d4e5:1::/127)',
      'remove 192.0.2.1/24 from veth-metallb (not fda1:b2c3:d4e5:1::1/127)',
      'add fda1:b2c3:d4e5:1::/127 to veth-frr',
    ]);
  });

  it('removes duplicate rules down to one, adds missing ones', () => {
    const observed = { ...converged, rules: [l3mdev('ipv4'), l3mdev('ipv4'), l3mdev('ipv4')] };
    expect(actionsOf(observed)).toEqual([
      'delete rule ipv4 1000: from all lookup [l3mdev-table] (duplicate)',
      'delete rule ipv4 1000: from all lookup [l3mdev-table] (duplicate)',
      'add rule ipv6 1000: from all lookup [l3mdev-table]',
    ]);
  });

  it('writes the MTU only where it differs', () => {
    const observed = { ...converged, links: converged.links.map((l) => (l.name === 'veth-frr' ? { ...l, mtu: 1500 } : l)) };
    expect(actionsOf(observed)).toEqual(['set MTU of veth-frr to 9000 (was 1500)']);
  });

  it.each([
    ['empty', state({})],
    ['converged', converged],
    ['wrong peers', { ...converged, links: converged.links.map((l) => (l.name === 'veth-frr' ? { ...l, linkIndex: 2 } : l)) }],
    [
      'a dummy named like a leg',
      state({ links: [link(1, 'lo'), link(2, 'fab0'), link(3, 'veth-frr', { kind: 'dummy' })], addresses: [address(3, '10.9.9.9', 32)] }),
    ],
    [
      'links down, stale address, IPv6 off',
      {
        ...converged,
        links: converged.links.map((l) => ({ ...l, up: false })),
        addresses: [address(4, 'fd00::9', 64)],
        sysctls: new Map([['net/ipv6/conf/veth-frr/disable_ipv6', '1']]),
      },
    ],
  ])('reaches a fixpoint from %s: planning again after the plan finds nothing to do', (_what, observed) => {
    const after = simulateAll(
      planKernelState(desired, observed).flatMap((plan) => plan.actions),
      observed,
    );
    expect(actionsOf(after)).toEqual([]);
  });
});
