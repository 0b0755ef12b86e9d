import { chmodSync, chownSync, copyFileSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { checkPlanFileName, checkPlanOf, imageCheckPlanFileName, writeImageCheckPlan } from '../../src/frr/check-plan-store.js';
import { runBundle } from '../helpers/bundle.js';
import { frrFacts } from '../../src/frr/facts.js';
import { parseFrrVersion } from '../../src/frr/version.js';
import { frrInstallations, makeStandInFrr, runBundleIn, withForkyAs1051, type FrrInstallation } from '../helpers/frr-installations.js';
import { useTempDir } from '../helpers/temp.js';
import { scenarios } from './scenarios.js';

const scenario = scenarios.find((s) => s.name === 'defaults-ipv6-127');
if (!scenario) throw new Error('no defaults scenario');
const golden = readFileSync(join(import.meta.dirname, 'expected', scenario.name, 'frr.conf'), 'utf8');
const env = Object.entries(scenario.env)
  .map(([k, v]) => `${k}=${v}`)
  .join('\n');
const [host, , forky] = frrInstallations as [FrrInstallation, FrrInstallation, FrrInstallation];

/** What 10.5.0 to 10.7.1's bgpd -C does on a numbered neighbor (bgpd/bgp_keepalives.c). */
const abortingBgpd = 'echo "BGP: ../bgpd/bgp_keepalives.c:268: bgp_keepalives_off(): assertion (fpt->running) failed" >&2\nkill -ABRT $$';

/** The bundle's `check` of `frrConf` with the FRR in `frrDir` (as the command sees it). */
function checkWith(installation: FrrInstallation, frrDir: string, frrConf: string) {
  return runBundleIn(
    installation,
    ['check', '--env-file', '{work}/node.env', '--links', '{work}/links.json', '--config', '{work}/frr.conf', '--frr-dir', frrDir],
    {
      'node.env': env,
      'links.json': JSON.stringify(scenario?.links),
      'frr.conf': frrConf,
    },
  );
}

describe('which -C runs is learned from the FRR at hand, never from its version (stand-ins)', () => {
  const tempDir = useTempDir();

  it('a bgpd whose -C aborts is not used, though its FRR calls itself 10.3 (a version whose bgpd -C works)', async () => {
    const dir = tempDir();
    makeStandInFrr(dir, '10.3', abortingBgpd);
    const result = await checkWith(host, dir, golden);
    expect(result.stderr).toMatch(/bgpd -C not used: on a probe config it was killed by SIGABRT \(".*assertion \(fpt->running\) failed"\)/);
    // The FRR 8.4 zebra behind the stand-in takes zebra's lines: its -C is used.
    expect(result.stderr).toContain('frr.conf accepted by FRR 10.3 (vtysh --dryrun, zebra -C, bfdd -C)');
    expect(result.exitCode).toBe(0);
  });

  it("a bgpd whose -C works is used, though its FRR calls itself 10.7.1 (a version whose bgpd -C aborts): bgpd's refusal is caught", async () => {
    const dir = tempDir();
    makeStandInFrr(dir, '10.7.1');
    const accepted = await checkWith(host, dir, golden);
    expect(accepted.stderr).toContain('frr.conf accepted by FRR 10.7.1 (vtysh --dryrun, zebra -C, bgpd -C, bfdd -C)');
    const refused = await checkWith(host, dir, golden.replace('local-as 4000099998', 'local-as 65001'));
    expect(refused.exitCode).toBe(ExitCode.frrRejected);
    expect(refused.stderr).toMatch(
      /bgpd refused "neighbor fda1:b2c3:d4e5:1::1 local-as 65001 no-prepend replace-as"|bgpd: % Cannot have local-as same as BGP AS number/,
    );
  });

  it("FRR 10.7.1's daemons under a zebra that says 10.5.1 (the image's old pin) accept the golden config, without bgpd -C", async () => {
    const result = await withForkyAs1051((frrDir) => checkWith(forky, frrDir, golden));
    expect(result.stderr).toMatch(/bgpd -C not used: on a probe config it was killed by SIGABRT/);
    expect(result.stderr).toContain('frr.conf accepted by FRR 10.5.1 (vtysh --dryrun, bfdd -C)');
    expect(result.exitCode).toBe(0);
  });
});

/** The facts of Debian 12's FRR 8.4 with its daemons in `binDir`. */
const factsIn = (binDir: string, bfd = true) =>
  frrFacts({
    version: parseFrrVersion('version 8.4.4') ?? { major: 8, minor: 4, text: '8.4.4' },
    bfd,
    binDir,
    vtyshProgram: '/usr/bin/vtysh',
    configDir: '',
    runDir: '',
    pathspace: undefined,
  });

describe('the plan remembered per installation (real FRR 8.4)', () => {
  const tempDir = useTempDir();

  it('probes once, reuses it, and probes again when a daemon program changes', async () => {
    const dir = tempDir();
    const bin = tempDir();
    for (const daemon of ['zebra', 'bgpd', 'bfdd']) symlinkSync(`/usr/lib/frr/${daemon}`, join(bin, daemon));
    const first = await checkPlanOf(factsIn(bin), dir);
    expect(first).toMatchObject({ daemons: ['zebra', 'bgpd', 'bfdd'], ownership: true, notes: [], source: 'probe' });
    // Nothing is written until the start says so (after frr.conf).
    expect((await checkPlanOf(factsIn(bin), dir)).source).toBe('probe');
    await first.remember();
    expect((await checkPlanOf(factsIn(bin), dir)).source).toBe('earlier start');
    // The same version, another bgpd: probed again, and this one is not used.
    rmSync(join(bin, 'bgpd'));
    writeFileSync(join(bin, 'bgpd'), `#!/bin/sh\n${abortingBgpd}\n`, { mode: 0o755 });
    const again = await checkPlanOf(factsIn(bin), dir);
    expect(again).toMatchObject({ daemons: ['zebra', 'bfdd'], ownership: false, source: 'probe' });
    await again.remember();
    utimesSync(join(bin, 'bgpd'), new Date(0), new Date(5_000));
    expect((await checkPlanOf(factsIn(bin), dir)).source).toBe('probe');
  });

  it("never takes a plan the frr user could have written (not root's, or writable by others)", async () => {
    const dir = tempDir();
    await (await checkPlanOf(factsIn('/usr/lib/frr'), dir)).remember();
    const file = join(dir, checkPlanFileName);
    chmodSync(file, 0o666);
    expect((await checkPlanOf(factsIn('/usr/lib/frr'), dir)).source).toBe('probe');
    const forged = JSON.parse(readFileSync(file, 'utf8')) as { key: string };
    writeFileSync(file, JSON.stringify({ key: forged.key, plan: { daemons: [], ownership: false, notes: [] } }), { mode: 0o600 });
    chmodSync(file, 0o600);
    // Root's own file with the right key is taken as it is: only root writes there.
    expect(await checkPlanOf(factsIn('/usr/lib/frr'), dir)).toMatchObject({ daemons: [], source: 'earlier start' });
    chownSync(file, 100, 100);
    expect((await checkPlanOf(factsIn('/usr/lib/frr'), dir)).source).toBe('probe');
  });
});

describe("the image's plan, learned when the image is built (real FRR 8.4)", () => {
  const tempDir = useTempDir();
  const daemons = ['zebra', 'bgpd', 'bfdd'];
  /** The image's build: the bundle's `probe` with FRR's programs in one place. */
  async function buildImagePlan(): Promise<string> {
    const buildBin = tempDir();
    for (const daemon of daemons) symlinkSync(`/usr/lib/frr/${daemon}`, join(buildBin, daemon));
    const out = join(tempDir(), imageCheckPlanFileName);
    const probe = await runBundle(['probe', '--frr-dir', buildBin, '--out', out]);
    expect(probe.stderr).toContain(
      `${out}: FRR 8.4.4 in ${buildBin} checks a config with vtysh --dryrun, zebra -C, bgpd -C, bfdd -C (with BFD), vtysh --dryrun, zebra -C, bgpd -C (without)`,
    );
    expect(probe.exitCode).toBe(0);
    return out;
  }
  /** A node: the same programs in another place on disk (copies: another inode and time). */
  function nodeBin(): string {
    const bin = tempDir();
    for (const daemon of daemons) copyFileSync(`/usr/lib/frr/${daemon}`, join(bin, daemon));
    for (const daemon of daemons) chmodSync(join(bin, daemon), 0o755);
    return bin;
  }

  it('is taken by a start that remembers none, wherever the same programs are, and then remembered', async () => {
    const imagePlan = await buildImagePlan();
    const bin = nodeBin();
    const dir = tempDir();
    const first = await checkPlanOf(factsIn(bin), dir, imagePlan);
    expect(first).toMatchObject({ daemons, ownership: true, notes: [], source: 'image' });
    await first.remember();
    expect(await checkPlanOf(factsIn(bin), dir, imagePlan)).toMatchObject({ daemons, source: 'earlier start' });
    // A node with BFD off runs no bfdd: the image's answer for that set of daemons.
    expect(await checkPlanOf(factsIn(bin, false), undefined, imagePlan)).toMatchObject({ daemons: ['zebra', 'bgpd'], ownership: true, source: 'image' });
  });

  it('is not taken for other programs than those it was learned from, or from a file or directory others may write', async () => {
    const imagePlan = await buildImagePlan();
    const bin = nodeBin();
    expect((await checkPlanOf(factsIn(bin), undefined, imagePlan)).source).toBe('image');
    chmodSync(imagePlan, 0o666);
    expect((await checkPlanOf(factsIn(bin), undefined, imagePlan)).source).toBe('probe');
    chmodSync(imagePlan, 0o644);
    chmodSync(join(imagePlan, '..'), 0o777);
    expect((await checkPlanOf(factsIn(bin), undefined, imagePlan)).source).toBe('probe');
    chmodSync(join(imagePlan, '..'), 0o755);
    // Another bgpd in the node's place: probed, and this one is not used.
    rmSync(join(bin, 'bgpd'));
    writeFileSync(join(bin, 'bgpd'), `#!/bin/sh\n${abortingBgpd}\n`, { mode: 0o755 });
    expect(await checkPlanOf(factsIn(bin), undefined, imagePlan)).toMatchObject({ daemons: ['zebra', 'bfdd'], source: 'probe' });
  });

  it("refuses to write a plan from a probe whose verdict is not FRR's own, says so when it cannot write one, and needs --out", async () => {
    const bin = tempDir();
    for (const daemon of ['zebra', 'bfdd']) symlinkSync(`/usr/lib/frr/${daemon}`, join(bin, daemon));
    // A bgpd that exits with 3: an exit code may be the machine's doing (a port taken, a busy node).
    writeFileSync(join(bin, 'bgpd'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const out = join(tempDir(), imageCheckPlanFileName);
    await expect(writeImageCheckPlan([factsIn(bin)], out)).rejects.toThrow(/the probe's verdict is not FRR's own/);
    expect(() => readFileSync(out)).toThrow();
    const unwritable = await runBundle(['probe', '--frr-dir', '/usr/lib/frr', '--out', join(tempDir(), 'missing-dir', imageCheckPlanFileName)]);
    expect(unwritable.exitCode).toBe(ExitCode.io);
    expect(unwritable.stderr).toMatch(/could not write .*missing-dir\/frr-check-plan\.json/);
    const usage = await runBundle(['probe']);
    expect(usage.exitCode).toBe(ExitCode.usage);
    expect(usage.stderr).toContain('probe needs --out FILE');
  });
});
