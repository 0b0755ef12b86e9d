import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNodeTree, launcherBundle, nodeSuites, type NodeSuite } from '../../lab/trees.js';
import { variableNames } from '../../src/config/variables.js';
import { runInUml } from '../../scripts/harness/uml.js';

/**
 * frr-supervisor on FRR 10, in the extension's container as Talos starts it (container.sh): the
 * Debian trees with FRR 10.3 and 10.7.1, crun, an overlay rootfs, frr.yaml as written.
 */
describe.each(Object.keys(nodeSuites) as NodeSuite[])('the %s tree in a Talos-like container (User-Mode Linux)', (suite) => {
  const results = mkdtempSync(join(tmpdir(), `frr-supervisor-container-${suite}-`));
  const read = (name: string) => (existsSync(join(results, name)) ? readFileSync(join(results, name), 'utf8') : '');
  const status = (name: string) =>
    JSON.parse(read(name) || '{}') as {
      frr?: { state: string };
      configApply?: { state: string; problems: string[]; repairs: number };
      lastCheck?: { ok: boolean };
    };

  beforeAll(async () => {
    const tree = buildNodeTree(suite);
    const script = `LAUNCHER=${JSON.stringify(launcherBundle)}\nTREE=${JSON.stringify(tree)}\nRESULTS=${JSON.stringify(results)}\n${readFileSync(join(import.meta.dirname, 'container.sh'), 'utf8')}`;
    await runInUml(script, results, { timeoutMs: 1_500_000 });
    if (!read('finished')) throw new Error(`the scenario stopped after step: ${read('steps').trim().split('\n').pop()} (${results})`);
  }, 1_600_000);

  it(`first start (no frr.conf, no verdict): ${nodeSuites[suite]} up with mgmtd under watchfrr, the leaf learns the loopback`, () => {
    expect(Number(read('first-learned-ms'))).toBeGreaterThan(0);
    expect(read('processes-1').trim().split(' ')).toEqual(['bfdd', 'bgpd', 'frr-supervisor', 'mgmtd', 'staticd', 'tini', 'watchfrr', 'zebra']);
    expect(read('node.log')).toMatch(
      new RegExp(`FRR ${nodeSuites[suite].replace('FRR ', '').replace('.', '\\.')}\\S*: daemons mgmtd, zebra, bfdd, bgpd, staticd`),
    );
    expect(read('node.log')).toContain('starting FRR: /bin/bash -c <frr-start script> frr-start /usr/lib/frr');
    // No vty on TCP, mgmtd's included: the speaker pod in the host network gets no shell (bgpd's
    // BGP port, open, shows that the probe sees a listener).
    expect(read('vty-tcp-1').trim().split('\n')).toEqual(['179 open', '2601 closed', '2605 closed', '2616 closed', '2617 closed', '2623 closed']);
    // Learned from FRR itself when the tree was built, as the image's build does (src/frr/check-plan-store.ts),
    // and taken at the first start without probing again: 10.7.1's bgpd -C aborts.
    expect(read('node.log')).toContain(
      `FRR's check as the image's build learned it from this FRR: vtysh --dryrun, ${suite === 'trixie' ? 'bgpd -C, ' : ''}bfdd -C`,
    );
    expect(read('node.log')).not.toContain('learned from a probe config');
    expect(read('running-config-1')).toContain('router bgp 65001 vrf metallb');
    const first = status('status-1.json');
    expect(first.frr?.state).toBe('running');
    expect(first.configApply).toMatchObject({ state: 'applied', problems: [] });
    // FRR gets its own few variables, not the settings (nor any secret among them).
    const environ = read('zebra-environ').trim().split('\n');
    expect(environ).toContain('PATH=/bin:/usr/bin:/sbin:/usr/sbin'); // frrcommon.sh's own
    expect(environ.filter((line) => variableNames.some((name) => line.startsWith(`${name}=`)))).toEqual([]);
  });

  it('each daemon is started once, and a healthy start logs no error', () => {
    const first = read('first-start.log');
    for (const daemon of ['mgmtd', 'zebra', 'bfdd', 'bgpd', 'staticd']) expect(first.match(new RegExp(`frr-start: Started ${daemon}$`, 'gm'))).toHaveLength(1);
    expect(first).not.toMatch(/Could not lock pid_file|expected it to be in DAEMON_DOWN state|Forked background command/);
    // Nothing of the supervisor's, the start script's or watchfrr's is a warning or an error;
    // what FRR's daemons rate so themselves stays so (docs/design.md lists it per version).
    expect(first.split('\n').filter((line) => / (WARN|ERROR|FATAL) {1,2}(supervisor|frr-start|watchfrr|kernel):/.test(line))).toEqual([]);
    // mgmtd finds the split config files it reads at every start, written empty.
    expect(first).not.toMatch(/can't open configuration file/);
    expect(first).toMatch(/ INFO {2}mgmtd: mgmtd: reading config file: \/etc\/frr\/+zebra\.conf/);
    // The daemons' lines carry FRR's own severity (daemon-log.conf's log record-priority, or an
    // error code before zebra reads it): a known harmless one at INFO, with the WARN FRR gave it
    // and why (frr-known-lines.ts).
    expect(first).toMatch(/ INFO {2}zebra: Disabling MPLS support \(no kernel support\) \(FRR: WARN; this kernel has no MPLS/);
    expect(first).toMatch(/ INFO {2}bgpd: %ADJCHANGE: neighbor eth0\S* in vrf default Up/);
  });

  it('a stop (SIGTERM to every process) ends FRR whole, exit 0, well inside 10 s', () => {
    expect(Number(read('stop-ms'))).toBeLessThan(10_000);
    expect(read('node.log')).toContain('talos: node: stopped (exited with 0)');
    expect(read('frr-left-1')).toBe('');
    expect(read('containers-left-1')).toBe('');
  });

  it("the second start finds frr.conf and FRR's verdict in the container's layer, and comes back", () => {
    expect(read('relearned').trim()).toBe('yes');
    expect(read('second-start.log')).toContain("FRR's check not repeated");
  });

  it('the supervisor killed: restart: always starts the container again 5 s later', () => {
    expect(read('node.log')).toContain('talos: node: exited with 137; restarting in 5 s (restart: always)');
    expect(read('restarted').trim()).toBe('yes');
    expect(read('processes-3')).toContain('mgmtd');
    expect(read('frr-left-2')).toBe('');
  });

  it("an apply cut short (the start script's vtysh -b ended by SIGTERM, as watchfrr ends its jobs' past their timeout) is seen, reported, and made whole", () => {
    expect(read('vtysh-killed').trim()).toMatch(/^\d+/);
    const log = read('killed-apply.log');
    expect(log).toMatch(/ERROR {1,2}supervisor: FRR runs only part of frr.conf: /);
    expect(log).toContain('frr.conf re-applied: FRR now runs all of it');
    expect(status('status-5.json').configApply).toMatchObject({ state: 'applied', problems: [], repairs: 1 });
    expect(read('running-config-5')).toMatch(/^ip protocol bgp route-map /m);
    expect(read('running-config-5')).toMatch(/^ set src 10\.0\.0\.1$/m);
  });

  it('a line only bgpd refuses never runs as healthy: exit 65, by the check or at run time', () => {
    expect(read('broken-template-lines').trim()).toBe('1');
    const log = read('refused.log');
    expect(log).toContain('exited with 65; restarting in 5 s');
    if (suite === 'trixie') {
      expect(log).toMatch(/FRR rejected the rendered frr.conf/);
    } else {
      expect(log).toMatch(/FRR runs only part of frr.conf/);
      expect(log).toMatch(/FRR refused frr.conf again/);
      expect(status('status-6.json').configApply?.state).toBe('failed');
    }
    expect(read('frr-left-3')).toBe('');
  });

  it('an extra config whose abbreviated lines change what the supervisor owns is refused before the kernel or FRR is touched', () => {
    const log = read('abbreviated.log');
    expect(log).toContain('exited with 65; restarting in 5 s');
    expect(log).toMatch(
      /FRR_EXTRA_CONFIG_FILE="\/usr\/local\/etc\/frr-supervisor\/extra\.conf": line 1 "route-m metallb-in-v4 permit 5" changes the supervisor's route-map metallb-in-v4 as FRR reads it/,
    );
    expect(log).toMatch(/line 3 "nei fabric pass opensesame-1" changes the supervisor's router bgp vrf default: neighbor fabric as FRR reads it/);
    expect(log).not.toMatch(/starting FRR/);
    // The kernel as it was: no VRF, no veth pair made again, no address, no rule.
    expect(read('kernel-before-7')).not.toMatch(/metallb/);
    expect(read('kernel-after-7')).toBe(read('kernel-before-7'));
    expect(read('frr-left-7')).toBe('');
  });
});
