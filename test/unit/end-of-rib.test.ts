import { describe, expect, it } from 'vitest';
import { describeEndOfRib, endOfRibState } from '../../src/supervise/end-of-rib.js';

// `show bgp vrf all neighbors json` as FRR 8.4 to 10.7 shape it: VRFs, then peers by name.
const neighbors = (fabric: Record<string, [string, boolean]>, speaker: [string, boolean]) => ({
  default: {
    vrfId: 0,
    vrfName: 'default',
    ...Object.fromEntries(
      Object.entries(fabric).map(([name, [state, sent]]) => [
        name,
        { bgpState: state, gracefulRestartInfo: { endOfRibSend: sent ? { ipv4Unicast: true, ipv6Unicast: true } : {}, endOfRibRecv: { ipv4Unicast: true } } },
      ]),
    ),
  },
  metallb: {
    vrfId: 7,
    vrfName: 'metallb',
    'fda1:b2c3:d4e5:1::1': { bgpState: speaker[0], gracefulRestartInfo: { endOfRibSend: {}, endOfRibRecv: speaker[1] ? { ipv4Unicast: true } : {} } },
  },
});

describe('End-of-RIB after a graceful restart (pure)', () => {
  it('the fabric is told once every fabric peer is Established and sent End-of-RIB', () => {
    expect(
      endOfRibState(neighbors({ eth0: ['Established', true], eth1: ['Established', false] }, ['Established', true]), ['eth0', 'eth1'], 'metallb').fabricTold,
    ).toBe(false);
    expect(endOfRibState(neighbors({ eth0: ['Established', true] }, ['Established', true]), ['eth0', 'eth1'], 'metallb').fabricTold).toBe(false);
    expect(endOfRibState(neighbors({ eth0: ['Established', true], eth1: ['Established', true] }, ['Established', true]), ['eth0', 'eth1'], 'metallb')).toEqual({
      fabricTold: true,
      speakerDone: true,
      speakerState: 'Established',
    });
    expect(endOfRibState('not json', ['eth0'], 'metallb')).toEqual({ fabricTold: false, speakerDone: false, speakerState: 'not configured' });
  });

  it("says whether the speaker's End-of-RIB was in, a warning when its session is not up", () => {
    const done = describeEndOfRib({ fabricTold: true, speakerDone: true, speakerState: 'Established' }, 14, 120);
    expect(done).toEqual({
      warn: false,
      line: "End-of-RIB sent to every fabric peer 14 s after FRR started, once the speaker's routes were in (its End-of-RIB received): the leaves kept this node's LoadBalancer routes through the restart",
    });
    const gone = describeEndOfRib({ fabricTold: true, speakerDone: false, speakerState: 'Active' }, 131, 120);
    expect(gone.warn).toBe(true);
    expect(gone.line).toContain(
      "without the speaker's End-of-RIB (its session Active): bgpd waits for it only from a speaker with graceful restart, and at most 120 s",
    );
    expect(describeEndOfRib({ fabricTold: true, speakerDone: false, speakerState: 'Established' }, 20, 120).warn).toBe(false);
  });
});
