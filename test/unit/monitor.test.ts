import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { monitorSessions } from '../../src/supervise/monitor.js';
import { fakeVty } from '../helpers/fake-vty.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * The session monitor against bgpd's vty socket answering as FRR's does, its clock held: after a
 * graceful restart it asks for End-of-RIB only until bgpd's own bound has long passed.
 */
describe('the session monitor', () => {
  const tempDir = useTempDir();
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("stops asking for End-of-RIB once bgpd's bound and a minute have passed with a fabric session down", async () => {
    const runDir = tempDir();
    let neighborQueries = 0;
    const neighbors = JSON.stringify({ default: { eth0: { bgpState: 'Active', gracefulRestartInfo: { endOfRibSend: {} } } } });
    const answers = new Proxy({ 'show bgp vrf all summary json': '{}', 'show bgp vrf all neighbors json': neighbors } as Record<string, string>, {
      get(target, command: string) {
        if (command === 'show bgp vrf all neighbors json') neighborQueries += 1;
        return target[command];
      },
    });
    server = await fakeVty(runDir, 'bgpd', answers);
    let clock = 0;
    const lines: string[] = [];
    let polls = 0;
    const monitor = monitorSessions({
      runDir,
      intervalMs: 20,
      fabric: ['eth0'],
      vrf: 'metallb',
      bfd: false,
      drain: { setLink: () => undefined, sync: async () => undefined, state: () => ({ on: false, by: [], changedAt: undefined }) },
      logger: createLogger('text', (line) => lines.push(line.trimEnd())),
      onUpdate: () => (polls += 1),
      endOfRib: { boundSeconds: 120 },
      now: () => clock,
    });
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await until(() => neighborQueries >= 2);
    expect(neighborQueries).toBeGreaterThanOrEqual(2); // asked while within the bound
    clock = 181_000;
    await until(() => lines.some((line) => line.includes('no longer watched')));
    const asked = neighborQueries;
    const pollsThen = polls;
    await until(() => polls >= pollsThen + 3);
    await monitor.stop();
    expect(lines.find((line) => line.includes('End-of-RIB'))).toMatch(
      /INFO {2}supervisor: End-of-RIB not sent to every fabric peer 181 s after FRR started: a fabric session is not Established/,
    );
    expect(neighborQueries).toBe(asked);
  });

  it("counts the speaker's refused prefixes, asks again only when the speaker has sent something, and warns while there are some", async () => {
    const runDir = tempDir();
    const peer = 'fda1:b2c3:d4e5:1::1';
    let messages = 5;
    let filtered = 3;
    const refusedQueries: string[] = [];
    const summary = () =>
      JSON.stringify({
        metallb: { ipv4Unicast: { peers: { [peer]: { state: 'Established', pfxRcd: 2, pfxSnt: 0, msgRcvd: messages } } } },
      });
    const question = `show bgp vrf metallb ipv4 unicast neighbors ${peer} received-routes json`;
    const answers = new Proxy({} as Record<string, string>, {
      get(_, command: string) {
        if (command === 'show bgp vrf all summary json') return summary();
        if (command === question) {
          refusedQueries.push(command);
          return JSON.stringify({ receivedRoutes: {}, totalPrefixCounter: 2 + filtered, filteredPrefixCounter: filtered });
        }
        return undefined;
      },
    });
    server = await fakeVty(runDir, 'bgpd', answers);
    const lines: string[] = [];
    const refused: (number | undefined)[] = [];
    let clock = 0;
    const monitor = monitorSessions({
      runDir,
      intervalMs: 20,
      fabric: [],
      vrf: 'metallb',
      bfd: false,
      drain: { setLink: () => undefined, sync: async () => undefined, state: () => ({ on: false, by: [], changedAt: undefined }) },
      logger: createLogger('text', (line) => lines.push(line.trimEnd())),
      onUpdate: (state) => refused.push(state.bgp[0]?.refused),
      now: () => clock,
    });
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await until(() => refused.length >= 4);
    expect(refusedQueries).toHaveLength(1); // the speaker sent nothing since
    messages = 6; // a keepalive, or an UPDATE of routes the policy refuses: the accepted count is the same
    filtered = 0;
    const polls = refused.length;
    await until(() => refused.length >= polls + 4);
    expect(refusedQueries).toHaveLength(1); // not before a minute has passed
    clock = 60_000;
    await until(() => refused.at(-1) === 0);
    await monitor.stop();
    expect(refusedQueries).toHaveLength(2);
    expect(refused.slice(0, 4)).toEqual([3, 3, 3, 3]);
    expect(lines.filter((line) => line.includes('refuses'))).toEqual([
      expect.stringMatching(
        /WARN {2}bgp: bgp fda1:b2c3:d4e5:1::1 vrf metallb ipv4Unicast: the speaker announces 3 prefixes the policy refuses \(was 0; vtysh: show bgp vrf metallb ipv4 unicast neighbors fda1:b2c3:d4e5:1::1 filtered-routes\)/,
      ),
      expect.stringMatching(/INFO {2}bgp: .*: the speaker no longer announces prefixes the policy refuses \(was 3\)$/),
    ]);
  });
});
