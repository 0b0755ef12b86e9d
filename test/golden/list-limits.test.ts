import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { listLimits } from '../../src/config/schema-kit.js';
import { frrInstallations, runBundleIn } from '../helpers/frr-installations.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { envFileOf, linksAtLimits, settingsAtLimits } from '../../scripts/harness/settings-at-limits.js';

/**
 * Every list setting at its most, with its longest items: the rendered frr.conf keeps every line
 * far inside the 4,095 bytes FRR reads a line in, and FRR's check accepts it on each FRR. One
 * more item is refused by name, before anything else is looked at.
 */
const most = settingsAtLimits;
const links = linksAtLimits;
const envText = envFileOf;

describe('list settings at their most', () => {
  it('render lines far inside what FRR reads in one piece', async () => {
    const outcome = await runCliInProcess(['render'], {
      env: most,
      hostLinks: links.map((l, i) => ({ index: i + 1, name: l.name, mac: undefined, mtu: 9000, kind: undefined, masterIndex: undefined })),
    });
    expect(outcome.stderr).toMatch(/^fabric interfaces: fabricport0,/);
    expect(outcome.exitCode).toBe(0);
    const longest = Math.max(...outcome.stdout.split('\n').map((line) => Buffer.byteLength(line)));
    expect(longest).toBeLessThan(4000);
  });

  it.each(frrInstallations)("pass FRR's check on $label", async (installation) => {
    const result = await runBundleIn(
      installation,
      ['check', '--env-file', '{work}/node.env', '--links', '{work}/links.json'],
      { 'node.env': envText(most), 'links.json': JSON.stringify(links) },
      {},
    );
    expect(result.stderr).toContain(`frr.conf accepted by FRR ${installation.version}`);
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ['FE_PORT_NAMES', `${most.FE_PORT_NAMES},extra0`, listLimits.ports],
    ['FABRIC_PEERS', `${most.FABRIC_PEERS},10.9.9.9`, listLimits.fabricPeers],
    ['SPEAKER_ALLOWED_PREFIXES', `${most.SPEAKER_ALLOWED_PREFIXES},10.1.0.0/16`, listLimits.allowedPrefixes],
    ['FABRIC_COMMUNITIES', `${most.FABRIC_COMMUNITIES},64512:1`, listLimits.communities],
    ['FABRIC_PEER_SOURCE', '10.10.10.10,fd00::1,10.0.0.2', listLimits.sourceAddresses],
  ] as const)('refuses %s with one item more, by name', async (name, value, limit) => {
    const outcome = await runCliInProcess(['render'], { env: { ...most, [name]: value }, hostLinks: [] });
    expect(outcome.exitCode).toBe(ExitCode.config);
    expect(outcome.stderr).toMatch(new RegExp(`\\n {2}${name}="[^\\n]*: ${limit + 1} items; expected at most ${limit}`));
  });
});
