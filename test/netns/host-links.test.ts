import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runBundle } from '../helpers/bundle.js';
import { useNetns } from '../helpers/netns.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

/**
 * The real program reads the real links of a network namespace over rtnetlink (no --links).
 * The host kernel has veth, bridge, macvlan and vxlan (bonds and VLANs are proven in UML).
 */
describe('fabric interfaces from the kernel (fresh network namespace per test)', () => {
  const netns = useNetns();
  const tempDir = useTempDir();
  const envFile = (text: string) => writeFiles(tempDir(), { 'node.env': text })['node.env'] ?? '';

  it('resolves upper-case MACs past bridges, bridge ports, macvlans and vxlans that share them', async () => {
    const ns = await netns();
    await ns.batch([
      'link add fab0 address 02:00:00:00:10:01 type veth peer name leaf0 address 02:00:00:00:20:01',
      'link add fab1 address 02:00:00:00:10:02 type veth peer name leaf1 address 02:00:00:00:20:02',
      // A bridge takes its first port's MAC; the port is enslaved to it.
      'link add port0 address 02:00:00:00:10:03 type veth peer name port0-peer',
      'link add br-fab address 02:00:00:00:10:03 type bridge',
      'link set port0 master br-fab',
      // Stacked links copying their parent's MAC.
      'link add mv0 link fab0 address 02:00:00:00:10:01 type macvlan',
      'link add vx0 address 02:00:00:00:10:02 type vxlan id 42 dstport 4789 dev fab1',
    ]);
    const result = await runBundle(
      ['render', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:03,02:00:00:00:10:01,02:00:00:00:10:02\n')],
      { prefix: ns.exec },
    );
    expect(result.stderr).toBe('fabric interfaces: br-fab, fab0, fab1');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.includes('interface peer-group fabric'))).toEqual([
      ' neighbor br-fab interface peer-group fabric',
      ' neighbor fab0 interface peer-group fabric',
      ' neighbor fab1 interface peer-group fabric',
    ]);
  });

  it('a MAC that no link has: exit 69, listing the missing MAC and every link with its MAC and kind', async () => {
    const ns = await netns();
    await ns.ip('link', 'add', 'fab0', 'address', '02:00:00:00:10:01', 'type', 'veth', 'peer', 'name', 'leaf0', 'address', '02:00:00:00:20:01');
    const result = await runBundle(['render', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01,02:00:00:00:10:09\n')], {
      prefix: ns.exec,
    });
    expect(result.exitCode).toBe(ExitCode.unavailable);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'error: no link has the MAC 02:00:00:00:10:09 of FE_MACS; check FE_MACS against the links below (or use FE_PORT_NAMES)',
      '  link "lo": no MAC',
      '  link "leaf0": 02:00:00:00:20:01 (veth)',
      '  link "fab0": 02:00:00:00:10:01 (veth)',
    ]);
  });

  it('FE_PORT_NAMES: names that exist are used, a missing one is an error', async () => {
    const ns = await netns();
    await ns.ip('link', 'add', 'swp1', 'type', 'veth', 'peer', 'name', 'swp2');
    const ok = await runBundle(['render', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_PORT_NAMES=swp2,swp1\n')], { prefix: ns.exec });
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toBe('fabric interfaces: swp2, swp1');
    const missing = await runBundle(['render', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_PORT_NAMES=swp1,swp3\n')], { prefix: ns.exec });
    expect(missing.exitCode).toBe(ExitCode.unavailable);
    expect(missing.stderr).toContain('no link is named swp3 (from FE_PORT_NAMES)');
  });

  it('bad settings are refused before the kernel is asked anything', async () => {
    const ns = await netns();
    const result = await runBundle(['render', '--env-file', envFile('NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01\nVRF_METALLB=default\n')], {
      prefix: ns.exec,
    });
    expect(result.exitCode).toBe(ExitCode.config);
    expect(result.stderr).toContain('VRF_METALLB="default": "default" is reserved');
  });
});
