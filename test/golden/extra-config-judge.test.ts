import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { repoRoot } from '../helpers/bundle.js';
import { frrInstallations, runBundleIn } from '../helpers/frr-installations.js';
import { scenarios } from './scenarios.js';

/**
 * FRR_EXTRA_CONFIG_FILE judged by what FRR makes of it (src/frr/extra-config-judge.ts), on each
 * FRR: lines the word filter lets through (abbreviations, another spelling, a block left by a
 * nested ` exit`) that change what the supervisor owns, each named by its line and the object.
 */
const scenario = scenarios.find((s) => s.name === 'extra-config');
if (!scenario?.extraConfig) throw new Error('no extra-config scenario');
const allowed = scenario.extraConfig;

/** [line of the extra file, what it changes as FRR reads it, or undefined when it may]. */
const attack: readonly (readonly [string, string | undefined])[] = [
  ['route-m metallb-in-v4 permit 5', 'route-map metallb-in-v4'],
  ['ipv6 prefix-l metallb-v6 seq 5 permit 2000::/3 le 128', 'ipv6 prefix-list metallb-v6'],
  ['bgp as-path access-l speaker-originated permit .*', 'bgp as-path access-list speaker-originated'],
  // The action-community scrub, removed from an entry that is entered again unchanged.
  ['route-m metallb-in-v6 permit 10', undefined],
  [' no set comm-l speaker-actions delete', 'route-map metallb-in-v6'],
  ['exit', undefined],
  ['route-m fabric-out permit 5', 'route-map fabric-out'],
  ['router bgp 65001 vrf metallb', undefined],
  [' address-family ipv6 unicast', undefined],
  ['  no nei fda1:b2c3:d4e5:1::1 maximum-prefix 1000 80 restart 5', 'router bgp vrf metallb: neighbor fda1:b2c3:d4e5:1::1'],
  [' exit-address-family', undefined],
  ['exit', undefined],
  ['router bgp 65001', undefined],
  [' neighbor fabric timers 5 15', undefined],
  [' bgp listen range ::/0 peer-group fabric', 'router bgp vrf default: neighbor fabric'],
  // A nested ` exit` leaves the address family, not the router: the next line is still in it.
  [' address-family ipv4 unicast', undefined],
  [' exit', undefined],
  [' no nei enp1s0f0 interface peer-group fabric', 'router bgp vrf default: neighbor enp1s0f0'],
  ['exit', undefined],
  ['lin vty', undefined],
  [' no login', 'line vty'],
  ['exit', undefined],
  ['lo file /tmp/elsewhere.log', 'log'],
  ['ip prot bgp route-map tenant-a-in', 'ip protocol'],
  ['route-map mine permit 10', undefined],
  ['exit', undefined],
];

function check(installation: (typeof frrInstallations)[number], extra: string) {
  const env = Object.entries(scenario?.env ?? {}).map(([k, v]) => `${k}=${k === 'FRR_EXTRA_CONFIG_FILE' ? '{work}/extra.conf' : v}`);
  return runBundleIn(installation, ['check', '--env-file', '{work}/node.env', '--links', '{work}/links.json'], {
    'node.env': env.join('\n'),
    'links.json': JSON.stringify(scenario?.links),
    'extra.conf': extra,
  });
}

/** The lines FRR_EXTRA_CONFIG_FILE complaints name: [line, object]. */
function namedIn(stderr: string): (readonly [number, string | undefined])[] {
  return stderr
    .split('\n')
    .map((line) => /FRR_EXTRA_CONFIG_FILE=".*": line (\d+) ".*" changes the supervisor's (.*) as FRR reads it/.exec(line))
    .flatMap((match) => (match ? [[Number(match[1]), match[2]] as const] : []));
}
const expected = attack.flatMap(([, object], i) => (object ? [[i + 1, object] as const] : []));

describe.each(frrInstallations)('the extra config as $label reads it', (installation) => {
  it("lets the operator add objects of their own and options on the supervisor's neighbors", async () => {
    const result = await check(installation, allowed);
    expect(result.stderr).toContain(`frr.conf accepted by FRR ${installation.version}`);
    expect(result.exitCode).toBe(0);
  });

  it('refuses each line that changes what the supervisor owns, however it is spelt, naming the line and the object', async () => {
    const result = await check(installation, `${attack.map(([line]) => line).join('\n')}\n`);
    expect(result.exitCode).toBe(ExitCode.frrRejected);
    expect(namedIn(result.stderr)).toEqual(expected);
  });
});

describe("the extra config judged from source (tsx src/main.ts, the operator's guide's command line), host FRR", () => {
  it('names the same lines as the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-judge-'));
    try {
      const env = Object.entries(scenario?.env ?? {}).map(([k, v]) => `${k}=${k === 'FRR_EXTRA_CONFIG_FILE' ? join(dir, 'extra.conf') : v}`);
      writeFileSync(join(dir, 'node.env'), env.join('\n'));
      writeFileSync(join(dir, 'links.json'), JSON.stringify(scenario?.links));
      writeFileSync(join(dir, 'extra.conf'), `${attack.map(([line]) => line).join('\n')}\n`, { mode: 0o644 });
      const result = await execa(
        join(repoRoot, 'node_modules', '.bin', 'tsx'),
        ['src/main.ts', 'check', '--env-file', join(dir, 'node.env'), '--links', join(dir, 'links.json')],
        { cwd: repoRoot, reject: false },
      );
      expect(result.exitCode).toBe(ExitCode.frrRejected);
      expect(namedIn(String(result.stderr))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
