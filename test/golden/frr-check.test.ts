import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, MissingProgramError } from '../../src/errors.js';
import { checkWithFrr } from '../../src/frr/check.js';
import { frrFacts } from '../../src/frr/facts.js';
import { parseFrrVersion, type FrrVersion } from '../../src/frr/version.js';
import { frrInstallations, runBundleIn } from '../helpers/frr-installations.js';
import { useTempDir } from '../helpers/temp.js';
import { scenarios } from './scenarios.js';

const scenario = scenarios.find((s) => s.name === 'defaults-ipv6-127');
if (!scenario) throw new Error('no defaults scenario');
const golden = readFileSync(join(import.meta.dirname, 'expected', scenario.name, 'frr.conf'), 'utf8');
const lines = golden.split('\n');
const lineOf = (text: string) => lines.findIndex((line) => line === text) + 1;
const envText = (extra: Record<string, string> = {}) =>
  Object.entries({ ...scenario.env, ...extra })
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/** The bundle's `check --config` of this text, with that installation's FRR. */
function check(installation: (typeof frrInstallations)[number], frrConf: string, extraEnv: Record<string, string> = {}) {
  return runBundleIn(installation, ['check', '--env-file', '{work}/node.env', '--links', '{work}/links.json', '--config', '{work}/frr.conf'], {
    'node.env': envText(extraEnv),
    'links.json': JSON.stringify(scenario?.links),
    'frr.conf': frrConf,
  });
}

const version = (text: string): FrrVersion => parseFrrVersion(`version ${text}`) ?? { major: 0, minor: 0, text };
const factsAt = (v: string, bfd: boolean, dirs: { binDir: string; vtyshProgram: string } = { binDir: '/usr/lib/frr', vtyshProgram: '/usr/bin/vtysh' }) =>
  frrFacts({ version: version(v), bfd, ...dirs, configDir: '/etc/frr', runDir: '/var/run/frr', pathspace: undefined });

describe.each(frrInstallations)("FRR's own check on $label", (installation) => {
  it('accepts the golden config and says which FRR and which checks', async () => {
    const result = await check(installation, golden);
    expect(result.stderr).toContain(`frr.conf accepted by FRR ${installation.version} (vtysh --dryrun`);
    expect(result.exitCode).toBe(0);
  });

  it('refuses a misspelt command, naming the line (vtysh --dryrun)', async () => {
    const result = await check(installation, golden.replace(' match interface dummy0', ' match interfaces dummy0'));
    expect(result.exitCode).toBe(ExitCode.frrRejected);
    expect(result.stderr).toMatch(new RegExp(`line ${lineOf(' match interface dummy0')}: % Unknown command.*match interfaces dummy0`));
  });

  it("refuses what bgpd refuses although vtysh parses it (local-as equal to the AS), where the probe found bgpd's -C sound", async () => {
    const result = await check(installation, golden.replace('local-as 4000099998', 'local-as 65001'));
    if (installation.checkers.includes('bgpd')) {
      expect(result.exitCode).toBe(ExitCode.frrRejected);
      expect(result.stderr).toMatch(
        /line \d+: bgpd refused "neighbor fda1:b2c3:d4e5:1::1 local-as 65001 no-prepend replace-as"|bgpd: % Cannot have local-as same as BGP AS number/,
      );
    } else {
      // bgpd -C aborts on this FRR: the refusal is found in the running config after start.
      expect(result.stderr).toMatch(
        /bgpd -C not used: on a probe config it was killed by SIGABRT \(".*"\); a line only bgpd refuses is found when FRR applies it/,
      );
      expect(result.exitCode).toBe(0);
    }
  });

  it('refuses a line that only a daemon which is not enabled would take, where the daemons own every line', async () => {
    // vtysh knows ospfd's grammar, but no enabled daemon would apply these lines.
    const bad = golden.replace('router bgp 65001\n', 'router ospf\n ospf router-id 10.10.10.10\nexit\n!\nrouter bgp 65001\n');
    const result = await check(installation, bad);
    if (installation.ownsEveryLine) {
      expect(result.exitCode).toBe(ExitCode.frrRejected);
      expect(result.stderr).toContain('no daemon accepts "router ospf"');
    } else {
      // From FRR 9, mgmtd owns lines and has no -C: who takes each line is verified after start.
      expect(result.stderr).toMatch(/zebra -C not used: on a probe config it took none of zebra's lines/);
      expect(result.stderr).toMatch(/\d+ of the probe's lines \(such as ".*"\) no daemon's -C takes here/);
      expect(result.exitCode).toBe(0);
    }
  });

  it('never passes a config its daemons could not read', async () => {
    // A line no grammar knows, at the very end: every version refuses it (vtysh, and the canary).
    const result = await check(installation, `${golden}frr-supervisor-not-a-command\n`);
    expect(result.exitCode).toBe(ExitCode.frrRejected);
    expect(result.stderr).toContain('frr-supervisor-not-a-command');
  });
});

describe('a daemon that cannot read the config', () => {
  const tempDir = useTempDir();

  /** FRR's real vtysh beside a stand-in bgpd running `script`. */
  function withFakeBgpd(script: string): { binDir: string; vtyshProgram: string } {
    const binDir = tempDir();
    writeFileSync(join(binDir, 'bgpd'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(binDir, 'bgpd'), 0o755);
    symlinkSync('/usr/bin/vtysh', join(binDir, 'vtysh'));
    return { binDir, vtyshProgram: join(binDir, 'vtysh') };
  }

  it('fails the check instead of passing silently', async () => {
    // Like bgpd with an unreadable file: a log line, and exit 0.
    const facts = factsAt('8.4', false, withFakeBgpd('echo "vty_read_config: can\'t open configuration file [$3]" >&2\nexit 0'));
    const result = await checkWithFrr(golden, facts, { daemons: ['bgpd'], ownership: true, notes: [] });
    expect(result.ok).toBe(false);
    expect(result.complaints.join('\n')).toMatch(/bgpd -C did not read the whole config: vty_read_config: can't open/);
  });

  it('reports a checker that the probe found sound and this config crashed as such', async () => {
    const facts = factsAt('10.3', false, withFakeBgpd('echo "BGP: no thread information available"\nkill -ABRT $$'));
    const result = await checkWithFrr(golden, facts, { daemons: ['bgpd'], ownership: false, notes: [] });
    expect(result.complaints).toContain(
      'bgpd -C was killed by SIGABRT on this config (its check of a probe config passed): BGP: no thread information available',
    );
  });

  it('says which FRR program is missing', async () => {
    const facts = factsAt('8.4', true, { binDir: '/usr/lib/frr', vtyshProgram: '/nonexistent/vtysh' });
    await expect(checkWithFrr(golden, facts, { daemons: ['zebra', 'bgpd', 'bfdd'], ownership: true, notes: [] })).rejects.toThrow(MissingProgramError);
  });
});
