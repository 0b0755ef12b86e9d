import { describe, expect, it } from 'vitest';
import { frrFacts } from '../../src/frr/facts.js';
import { describeStartCommand, startCommand, startEnvironment } from '../../src/frr/start-script.js';
import { idleSessionFault, parseFrrVersion, type FrrVersion } from '../../src/frr/version.js';

const version = (text: string): FrrVersion => {
  const parsed = parseFrrVersion(`zebra version ${text}`);
  if (!parsed) throw new Error(text);
  return parsed;
};
const facts = (text: string, bfd = true, pathspace?: string) =>
  frrFacts({ version: version(text), bfd, binDir: '/usr/lib/frr', vtyshProgram: '/usr/bin/vtysh', configDir: '/etc/frr', runDir: '/var/run/frr', pathspace });

describe("FRR's facts, per version", () => {
  it.each([
    ['8.4.4', true, ['zebra', 'bfdd', 'bgpd', 'staticd']],
    ['8.4.4', false, ['zebra', 'bgpd', 'staticd']],
    ['10.3', true, ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd']],
    ['10.7.1', false, ['mgmtd', 'zebra', 'bgpd', 'staticd']],
  ] as const)('FRR %s with BFD %s runs %j, in that order', (text, bfd, daemons) => {
    expect(facts(text, bfd).daemons).toEqual(daemons);
  });

  it('knows the old split config files mgmtd reads at every start (FRR 9 on)', () => {
    expect(facts('8.4.4').mgmtdReadsSplitConfigs).toEqual([]);
    expect(facts('10.7.1').mgmtdReadsSplitConfigs).toEqual(['zebra', 'ripd', 'ripngd', 'staticd', 'mgmtd']);
  });

  it('stops watchfrr first, zebra after the protocol daemons, mgmtd last (FRR 9 on)', () => {
    expect(facts('8.4.4').stopOrder).toEqual([['watchfrr'], ['bfdd', 'bgpd', 'staticd'], ['zebra']]);
    expect(facts('10.3').stopOrder).toEqual([['watchfrr'], ['bfdd', 'bgpd', 'staticd'], ['zebra'], ['mgmtd']]);
  });

  it('starts with the start script, its values as arguments: bin dir, pathspace, vtysh, watchfrr options, every daemon', () => {
    const [bash, c, script, name, ...args] = startCommand(facts('10.3', true, 'node1'));
    expect([bash, c, name]).toEqual(['/bin/bash', '-c', 'frr-start']);
    expect(args).toEqual(['/usr/lib/frr', 'node1', '/usr/bin/vtysh', '--restart-timeout', '120', '--', 'mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd']);
    expect(script).not.toMatch(/node1|\/usr\/lib\/frr|mgmtd/);
    expect(describeStartCommand(startCommand(facts('8.4.4')))).toBe(
      "/bin/bash -c <frr-start script> frr-start /usr/lib/frr '' /usr/bin/vtysh --restart-timeout 120 -- zebra bfdd bgpd staticd",
    );
  });

  it('points vtysh at the pathspace', () => {
    expect(facts('10.3', true, 'leaf1').vtysh).toEqual(['/usr/bin/vtysh', '-N', 'leaf1']);
    expect(facts('10.3').vtysh).toEqual(['/usr/bin/vtysh']);
  });
});

describe("FRR's known fault that holds a session Idle", () => {
  const version = (text: string) => parseFrrVersion(`zebra version ${text}`) as FrrVersion;
  it('names it on 10.2.x and 10.3.0 with BFD on, and nowhere else', () => {
    for (const text of ['10.2', '10.2.3', '10.3', '10.3.0', '10.3.0-rc1'])
      expect(idleSessionFault(version(text), true), text).toMatch(
        /^FRR 10\.[23].* keeps a BGP session Idle while its BFD session is down.*FRRouting\/frr#18742.*ENABLE_BFD=false$/,
      );
    for (const text of ['8.4.4', '10.1.2', '10.3.1', '10.3.10', '10.4', '10.5.1', '10.7.1'])
      expect(idleSessionFault(version(text), true), text).toBeUndefined();
    expect(idleSessionFault(version('10.3'), false)).toBeUndefined();
  });
});

describe("FRR's environment", () => {
  it('holds its own few variables, never the settings', () => {
    expect(startEnvironment({ NODE_IP: '10.0.0.1', SPEAKER_PASSWORD: 's3cr3t', PATH: '/evil', TZ: 'UTC' }, 'node1')).toEqual({
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      TZ: 'UTC',
      FRR_PATHSPACE: 'node1',
    });
    expect(startEnvironment({}, undefined)).toEqual({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin' });
  });
});
