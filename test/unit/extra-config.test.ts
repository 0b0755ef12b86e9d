import { chmodSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ExitCode } from '../../src/errors.js';
import { appendExtraConfig } from '../../src/render/extra-config.js';
import { envFileText, runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

// The supervisor's config as it renders it (a golden file, itself checked by FRR).
const base = readFileSync(join(import.meta.dirname, '..', 'golden', 'expected', 'defaults-ipv6-127', 'frr.conf'), 'utf8');
const path = '/etc/frr-supervisor/frr-extra.conf';

function conflicts(text: string): string[] {
  try {
    appendExtraConfig(base, { path, text });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).toMatch(
      /^FRR_EXTRA_CONFIG_FILE="\/etc\/frr-supervisor\/frr-extra.conf": \d+ lines? changes? what the supervisor owns, nothing was changed$/,
    );
    return [...error.details];
  }
}

describe('FRR_EXTRA_CONFIG_FILE', () => {
  it('is appended as it is, after the supervisor config, with a line saying where it came from', () => {
    const text = 'bfd\n profile slow\n  detect-multiplier 5\n exit\nexit';
    expect(appendExtraConfig(base, { path, text })).toBe(`${base}! FRR_EXTRA_CONFIG_FILE ${path}: the operator's, appended as it is.\n${text}\n`);
  });

  it.each([
    ['a BFD profile and its use on the fabric sessions', 'bfd\n profile slow\n exit\nexit\nrouter bgp 65001\n neighbor fabric bfd profile slow\nexit'],
    [
      "timers, a description, BFD's control-plane check on the supervisor's neighbors",
      'router bgp 65001\n neighbor fabric timers 3 9\n neighbor fabric description leaves\n neighbor fabric bfd check-control-plane-failure\nexit',
    ],
    [
      'a neighbor of their own in the supervisor router, its own policy',
      'router bgp 65001\n neighbor 10.9.9.9 remote-as 65099\n address-family ipv4 unicast\n  neighbor 10.9.9.9 activate\n  neighbor 10.9.9.9 route-map mine out\n exit-address-family\nexit\nroute-map mine deny 10\nexit',
    ],
    ['a router bgp in a VRF of their own, any AS', 'router bgp 65100 vrf tenant-a\n bgp router-id 10.1.1.1\nexit'],
    [
      'lines without indentation, as FRR reads them too',
      'router bgp 65001\nneighbor fabric description leaves\nexit\nip prefix-list mine seq 5 permit 10.0.0.0/8',
    ],
    ['comments and blank lines', '! nothing\n\n# nothing either\n'],
  ])('lets through %s', (_what, text) => {
    expect(conflicts(text)).toEqual([]);
  });

  it.each([
    [
      'a route-map of its',
      'route-map fabric-out permit 5',
      /^line 1 "route-map fabric-out permit 5": route-map fabric-out is the supervisor's \(frr\.conf line \d+\); expected a name of your own$/,
    ],
    ['vty opened', 'line vty\n no login\nexit', /^line 1 "line vty": vty access, its passwords and agentx stay closed/],
    ['a vty password', 'password s3cr3t-s3cr3t', /^line 1 .*: vty access, its passwords and agentx stay closed/],
    ['an enable password', 'enable password s3cr3t-s3cr3t', /^line 1 .*: vty access, its passwords and agentx stay closed/],
    [
      'a line FRR would read in two pieces',
      `! ${'x'.repeat(4094)}\nrouter bgp 65001`,
      /^line 1 ".*\.\.\." \(4096 characters\): is 4096 bytes long: FRR reads a config in pieces of 4,095 bytes/,
    ],
    [
      'a non-breaking space between words',
      'route-map\u00a0mine permit 10',
      /^line 1 "route-map\u00a0mine permit 10": holds U\+00A0, which looks like a blank or nothing but FRR reads as part of a word/,
    ],
    ['a zero-width space', 'route-map mine\u200b permit 10', /holds U\+200B/],
    ['the removal of a route-map of its', 'no route-map metallb-out', /route-map metallb-out is the supervisor's/],
    ['a prefix-list of its', 'ipv6 prefix-list metallb-v6 seq 1 permit ::/0 le 128', /ipv6 prefix-list metallb-v6 is the supervisor's/],
    ['an AS-path list of its', 'bgp as-path access-list originated-here seq 5 permit .*', /bgp as-path access-list originated-here is the supervisor's/],
    ['a community list of its', 'bgp community-list standard speaker-actions seq 99 deny 65535:0', /bgp community-list speaker-actions is the supervisor's/],
    ['another AS for its router', 'router bgp 65002', /the supervisor's router bgp is AS 65001 \(ASN_LOCAL\); expected router bgp 65001 to add to it/],
    ['another AS for its VRF router', 'router bgp 65002 vrf metallb', /router bgp vrf metallb is AS 65001/],
    ['the removal of its router', 'no router bgp 65001 vrf metallb', /removes the supervisor's router bgp 65001 vrf metallb/],
    ['another router-id', 'router bgp 65001\n bgp router-id 10.9.9.9', /^line 2 .*the router-id is NODE_IP/],
    ['the drain', 'router bgp 65001\n bgp graceful-shutdown', /the drain is BGP_GRACEFUL_SHUTDOWN/],
    [
      'a session setting on its peer group',
      'router bgp 65001\n neighbor fabric remote-as 65100',
      /neighbor fabric is the supervisor's: its session and policy come from the settings/,
    ],
    [
      'a policy on its peer group inside an address family',
      'router bgp 65001\n address-family ipv4 unicast\n  neighbor fabric route-map mine out',
      /^line 3 .*neighbor fabric is the supervisor's/,
    ],
    [
      "the speaker's session limits",
      'router bgp 65001 vrf metallb\n neighbor fda1:b2c3:d4e5:1::1 maximum-prefix 100000',
      /neighbor fda1:b2c3:d4e5:1::1 is the supervisor's/,
    ],
    ['BFD off on its sessions', 'router bgp 65001\nno neighbor fabric bfd', /neighbor fabric is the supervisor's/],
    [
      'the removal of a line of its router',
      'router bgp 65001\n address-family ipv6 unicast\n  no import vrf metallb',
      /removes the supervisor's line "import vrf metallb"/,
    ],
    ['the source-address route-map', 'ip protocol bgp route-map mine', /the route-map on the routes zebra installs is the supervisor's/],
    ['the log file', 'log file /tmp/frr.log', /the daemons' log file is where the supervisor follows FRR/],
    ['the defaults profile', 'frr defaults traditional', /the defaults profile is FRR_PROFILE/],
  ])('refuses %s, naming the line', (_what, text, message) => {
    const found = conflicts(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('names every conflicting line at once, shown escaped and cut short', () => {
    const found = conflicts(`route-map fabric-in permit 1\nbfd\nexit\nroute-map node-source permit 1 ${'x'.repeat(200)}`);
    expect(found.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['line 1', 'line 4']);
    expect(found[1]).toContain('..." (');
  });

  it('knows the router it is in: a route-map line leaves it, an exit leaves it', () => {
    expect(conflicts('router bgp 65001\nexit\nbgp router-id 10.9.9.9')).toEqual([]);
    expect(conflicts('router bgp 65001\n address-family ipv4 unicast\n exit\n bgp router-id 10.9.9.9')).toHaveLength(1);
    expect(conflicts('router bgp 65001\nroute-map mine permit 10\n description x\nexit')).toEqual([]);
  });
});

describe('render with FRR_EXTRA_CONFIG_FILE', () => {
  const tempDir = useTempDir();
  const node = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0' };
  const links = JSON.stringify([{ name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 }]);

  async function renderWith(extra: string, mode = 0o644) {
    const dir = tempDir();
    const paths = writeFiles(dir, { 'extra.conf': extra, 'links.json': links });
    chmodSync(paths['extra.conf'] ?? '', mode);
    const env = { ...node, FRR_EXTRA_CONFIG_FILE: paths['extra.conf'] ?? '' };
    const envPaths = writeFiles(dir, { 'node.env': envFileText(env) });
    const out = join(dir, 'out');
    const outcome = await runCliInProcess(['render', '--env-file', envPaths['node.env'] ?? '', '--links', paths['links.json'] ?? '', '--out', out]);
    return { outcome, out };
  }

  it("writes frr.conf with the operator's lines at the end, readable by root alone", async () => {
    const { outcome, out } = await renderWith('bfd\n profile slow\n exit\nexit\n');
    expect(outcome.exitCode).toBe(0);
    expect(readFileSync(join(out, 'frr.conf'), 'utf8')).toMatch(
      /FRR_EXTRA_CONFIG_FILE \/.*: the operator's, appended as it is\.\nbfd\n profile slow\n exit\nexit\n$/,
    );
    expect(readdirSync(out).sort()).toEqual(['daemon-log.conf', 'daemons', 'frr.conf', 'vtysh.conf']);
  });

  it('refuses a conflicting line with exit 78, naming it, and writes nothing', async () => {
    const { outcome, out } = await renderWith('! mine\nroute-map fabric-out permit 5\n');
    expect(outcome.exitCode).toBe(ExitCode.config);
    expect(outcome.stderr).toContain('line 2 "route-map fabric-out permit 5": route-map fabric-out is the supervisor\'s');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('refuses a file others can write, and one with a control character', async () => {
    const writable = await renderWith('bfd\n', 0o666);
    expect(writable.outcome.exitCode).toBe(ExitCode.config);
    expect(writable.outcome.stderr).toMatch(/FRR_EXTRA_CONFIG_FILE=".*": has mode 0666: others can write it/);
    const tab = await renderWith('bfd\n\tprofile slow\n');
    expect(tab.outcome.exitCode).toBe(ExitCode.config);
    expect(tab.outcome.stderr).toContain('line 2 ("\\tprofile slow") has a control or invisible character');
  });
});
