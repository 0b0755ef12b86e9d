import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '../../src/config/variable-spec.js';
import { variableNames, variables } from '../../src/config/variables.js';
import { ExitCode } from '../../src/errors.js';
import { envFileText, runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

const valid = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:02' };
const links = JSON.stringify([
  { name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 },
  { name: 'eth1', mac: '02:00:00:00:00:02', mtu: 9000 },
]);

/** [the variable the error line must name, the settings changed from `valid` (undefined removes)]. */
type BadInput = [variable: string, change: Record<string, string | undefined>];

const badInputs: BadInput[] = [
  // NODE_IP
  ['NODE_IP', { NODE_IP: undefined }],
  ['NODE_IP', { NODE_IP: '' }],
  ['NODE_IP', { NODE_IP: '10.10.10' }],
  ['NODE_IP', { NODE_IP: '10.10.10.256' }],
  ['NODE_IP', { NODE_IP: '010.10.10.10' }],
  ['NODE_IP', { NODE_IP: '10.10.10.10/32' }],
  ['NODE_IP', { NODE_IP: 'fd00::10' }],
  ['NODE_IP', { NODE_IP: '0.0.0.0' }],
  ['NODE_IP', { NODE_IP: '127.0.0.1' }],
  ['NODE_IP', { NODE_IP: '224.0.0.5' }],
  ['NODE_IP', { NODE_IP: '0.1.2.3' }],
  ['NODE_IP', { NODE_IP: '10.10.10.10\nrouter bgp 666' }],
  ['NODE_IP', { NODE_IP: 'node-1' }],
  // ASN_LOCAL
  ['ASN_LOCAL', { ASN_LOCAL: undefined }],
  ['ASN_LOCAL', { ASN_LOCAL: '0' }],
  ['ASN_LOCAL', { ASN_LOCAL: '4294967296' }],
  ['ASN_LOCAL', { ASN_LOCAL: '-65001' }],
  ['ASN_LOCAL', { ASN_LOCAL: '65001.5' }],
  ['ASN_LOCAL', { ASN_LOCAL: 'AS65001' }],
  ['ASN_LOCAL', { ASN_LOCAL: '6.5e4' }],
  ['ASN_LOCAL', { ASN_LOCAL: '99999999999999999999' }],
  ['ASN_LOCAL', { ASN_LOCAL: '23456' }],
  ['ASN_VRF_METALLB', { ASN_VRF_METALLB: '65535' }],
  ['ASN_METALLB_SPEAKER', { ASN_METALLB_SPEAKER: '4294967295' }],
  // FE_MACS / FE_PORT_NAMES
  ['FE_MACS', { FE_MACS: undefined }],
  ['FE_MACS', { FE_MACS: 'ff:ff:ff:ff:ff:ff' }],
  ['FE_MACS', { FE_MACS: '00:00:00:00:00:00' }],
  ['FE_MACS', { FE_MACS: '01:00:5e:00:00:01' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00:0g' }],
  ['FE_MACS', { FE_MACS: '0200.0000.0001' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00:01,,02:00:00:00:00:02' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00:01,02:00:00:00:00:01' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00:01;02:00:00:00:00:02' }],
  ['FE_MACS', { FE_MACS: '02:00:00:00:00:01\tx' }],
  ['FE_PORT_NAMES', { FE_PORT_NAMES: 'eth0' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0,eth0' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'averyveryverylongname0' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth 0' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0/1' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0!' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: '#eth0' }],
  // ASN_VRF_METALLB / ASN_METALLB_SPEAKER and their old names
  ['ASN_VRF_METALLB', { ASN_VRF_METALLB: '0' }],
  ['ASN_VRF_METALLB', { ASN_VRF_METALLB: 'x' }],
  ['ASN_VRF_METALLB', { ASN_VRF_METALLB: '65001' }],
  ['ASN_VRF_METALLB', { ASN_VRF_METALLB: '4000099998', ASN_METALLB_LOCAL: '4200099998' }],
  ['ASN_VRF_METALLB', { ASN_METALLB_LOCAL: '4294967296' }],
  ['ASN_METALLB_SPEAKER', { ASN_METALLB_SPEAKER: '4294967296' }],
  ['ASN_METALLB_SPEAKER', { ASN_METALLB_SPEAKER: '65001' }],
  ['ASN_METALLB_SPEAKER', { ASN_METALLB_SPEAKER: '4000099998' }],
  ['ASN_METALLB_SPEAKER', { ASN_METALLB_SPEAKER: '1', ASN_METALLB_REMOTE: '2' }],
  // VRF_METALLB
  ['VRF_METALLB', { VRF_METALLB: 'metallb-vrf-too-long' }],
  ['VRF_METALLB', { VRF_METALLB: 'default' }],
  ['VRF_METALLB', { VRF_METALLB: 'lo' }],
  ['VRF_METALLB', { VRF_METALLB: 'met allb' }],
  ['VRF_METALLB', { VRF_METALLB: 'metällb' }],
  ['VRF_METALLB', { NAMESPACE_METALLB: 'bad/name' }],
  ['VRF_METALLB', { VRF_METALLB: 'metallb', NAMESPACE_METALLB: 'other' }],
  // METALLB_VRF_ROUTE_TABLE_ID
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: '0' }],
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: '253' }],
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: '254' }],
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: '255' }],
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: '4294967296' }],
  ['METALLB_VRF_ROUTE_TABLE_ID', { METALLB_VRF_ROUTE_TABLE_ID: 'main' }],
  // PEER_IP_FRR / PEER_IP_METALLB / PEER_IP_PREFIX
  ['PEER_IP_FRR', { PEER_IP_FRR: 'fda1:b2c3:d4e5:0001::0::1' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: 'fe80::1' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: 'fda1:b2c3:d4e5:1::/127' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: 'ff02::1' }],
  ['PEER_IP_FRR', { PEER_IP_LOCAL: '192.168.250.254' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: 'fda1:b2c3:d4e5:1::', PEER_IP_LOCAL: 'fda1:b2c3:d4e5:1::2' }],
  ['PEER_IP_METALLB', { PEER_IP_METALLB: 'fda1:b2c3:d4e5:1::' }],
  ['PEER_IP_METALLB', { PEER_IP_METALLB: 'fda1:b2c3:d4e5:2::1' }],
  ['PEER_IP_METALLB', { PEER_IP_METALLB: '192.168.250.255' }],
  ['PEER_IP_METALLB', { PEER_IP_METALLB: 'FDA1:B2C3:D4E5:1:0:0:0:0' }],
  ['PEER_IP_METALLB', { PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.253', PEER_IP_PREFIX: '31' }],
  ['PEER_IP_METALLB', { PEER_IP_METALLB: 'fe80::1%eth0' }],
  ['PEER_IP_PREFIX', { PEER_IP_PREFIX: '128' }],
  ['PEER_IP_PREFIX', { PEER_IP_PREFIX: '0' }],
  ['PEER_IP_PREFIX', { PEER_IP_PREFIX: '/127' }],
  ['PEER_IP_PREFIX', { PEER_IP_PREFIX: '129' }],
  ['PEER_IP_PREFIX', { PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255', PEER_IP_PREFIX: '127' }],
  ['PEER_IP_PREFIX', { PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255', PEER_IP_PREFIX: '32' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: '192.168.250.252', PEER_IP_METALLB: '192.168.250.253', PEER_IP_PREFIX: '30' }],
  ['PEER_IP_FRR', { PEER_IP_FRR: 'fda1:b2c3:d4e5:1::', PEER_IP_METALLB: 'fda1:b2c3:d4e5:1::1', PEER_IP_PREFIX: '64' }],
  // INTERFACE_MTU
  ['INTERFACE_MTU', { INTERFACE_MTU: '1279' }],
  ['INTERFACE_MTU', { INTERFACE_MTU: '65536' }],
  ['INTERFACE_MTU', { INTERFACE_MTU: '9000.0' }],
  ['INTERFACE_MTU', { INTERFACE_MTU: 'jumbo' }],
  ['INTERFACE_MTU', { INTERFACE_MTU: '67', PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255' }],
  // ENABLE_BFD / FRR_PROFILE
  ['ENABLE_BFD', { ENABLE_BFD: 'maybe' }],
  ['ENABLE_BFD', { ENABLE_BFD: 'bfdd=yes' }],
  ['ENABLE_BFD', { ENABLE_BFD: '2' }],
  ['FRR_PROFILE', { FRR_PROFILE: 'dc' }],
  ['FRR_PROFILE', { FRR_PROFILE: 'datacenter\nrouter bgp 1' }],
  ['FRR_PROFILE', { FRR_PROFILE: 'datacenter!' }],
  // The waits, the drain, the log format
  ['FE_WAIT_SECONDS', { FE_WAIT_SECONDS: '-1' }],
  ['FE_WAIT_SECONDS', { FE_WAIT_SECONDS: '3601' }],
  ['FE_WAIT_SECONDS', { FE_WAIT_SECONDS: '1m' }],
  ['BGP_GRACEFUL_SHUTDOWN', { BGP_GRACEFUL_SHUTDOWN: 'drain' }],
  ['LOG_FORMAT', { LOG_FORMAT: 'logfmt' }],
  ['SESSION_POLL_SECONDS', { SESSION_POLL_SECONDS: '0' }],
  ['SESSION_POLL_SECONDS', { SESSION_POLL_SECONDS: '301' }],
  // METRICS_ADDRESS
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '9342' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '0.0.0.0:9342' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '[::]:9342' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: 'fd00::11:9342' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '10.0.0.11:0' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '10.0.0.11:65536' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: 'node-1:9342' }],
  ['METRICS_ADDRESS', { METRICS_ADDRESS: '224.0.0.1:9342' }],
  // The speaker's limits
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.1/16' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '0.0.0.0/0' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.0.0.0/8' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '2001:db8::/32' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/33' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/16,10.96.0.0/16' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/16,' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.96.0.0/16 le 32' }],
  // Prefixes the speaker policy refuses whole: the node would announce nothing from them.
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '10.10.10.10/32' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: 'fda1:b2c3:d4e5:1::/127' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: '0.1.0.0/16' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: 'fe80::/64' }],
  ['SPEAKER_ALLOWED_PREFIXES', { FABRIC_PEERS: '10.5.0.1', SPEAKER_ALLOWED_PREFIXES: '10.5.0.1/32' }],
  ['SPEAKER_ALLOWED_PREFIXES', { SPEAKER_ALLOWED_PREFIXES: Array.from({ length: 257 }, (_, i) => `10.${i % 256}.${Math.floor(i / 256)}.0/24`).join(',') }],
  ['SPEAKER_MAX_PREFIXES', { SPEAKER_MAX_PREFIXES: '0' }],
  ['SPEAKER_MAX_PREFIXES', { SPEAKER_MAX_PREFIXES: '1000001' }],
  ['SPEAKER_MAX_PREFIXES', { SPEAKER_MAX_PREFIXES: 'many' }],
  // Names the product owns, names two settings would both take, addresses inside the veth link
  ['VRF_METALLB', { VRF_METALLB: 'veth-frr' }],
  ['VRF_METALLB', { VRF_METALLB: 'veth-metallb' }],
  ['VRF_METALLB', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0,eth1', VRF_METALLB: 'eth1' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'lo' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0,veth-metallb' }],
  ['NODE_IP', { NODE_IP: '192.168.250.254', PEER_IP_FRR: '192.168.250.254', PEER_IP_METALLB: '192.168.250.255' }],
  ['NODE_IP', { NODE_IP: '192.168.250.9', PEER_IP_FRR: '192.168.250.1', PEER_IP_METALLB: '192.168.250.2', PEER_IP_PREFIX: '24' }],
  ['PEER_IP_PREFIX', { PEER_IP_FRR: '10.0.0.1', PEER_IP_METALLB: '10.0.0.2', PEER_IP_PREFIX: '1' }],
  ['PEER_IP_PREFIX', { PEER_IP_PREFIX: '63' }],
  // Where FRR is, how it starts
  ['FRR_PATHSPACE', { FRR_PATHSPACE: 'node 1' }],
  ['FRR_PATHSPACE', { FRR_PATHSPACE: '../etc' }],
  ['FRR_CONFIG_DIR', { FRR_CONFIG_DIR: 'etc/frr' }],
  ['FRR_CONFIG_DIR', { FRR_CONFIG_DIR: '/etc/../root' }],
  ['FRR_RUN_DIR', { FRR_RUN_DIR: '/var/run/frr dir' }],
  ['FRR_BIN_DIR', { FRR_BIN_DIR: 'usr/lib/frr' }],
  ['FRR_RUN_DIR', { FRR_RUN_DIR: '/etc' }],
  ['FRR_RUN_DIR', { FRR_RUN_DIR: '/var/run/', FRR_START_COMMAND: '/usr/lib/frr/watchfrr zebra' }],
  ['FRR_CONFIG_DIR', { FRR_CONFIG_DIR: '/' }],
  ['FRR_CONFIG_DIR', { FRR_CONFIG_DIR: '/srv/frr' }],
  ['FRR_RUN_DIR', { FRR_RUN_DIR: `/srv/${'r'.repeat(100)}`, FRR_START_COMMAND: '/bin/true' }],
  ['FRR_START_COMMAND', { FRR_START_COMMAND: 'watchfrr zebra' }],
  // The speaker's session: the secret itself is never in the output (checked below for each)
  ['SPEAKER_PASSWORD', { SPEAKER_PASSWORD: 'Q7x!' }],
  ['SPEAKER_PASSWORD', { SPEAKER_PASSWORD: 'Tr0ub4dor and3' }],
  ['SPEAKER_PASSWORD', { SPEAKER_PASSWORD: 'Zx"9kLm2pQ' }],
  ['SPEAKER_PASSWORD', { SPEAKER_PASSWORD: 'Kq9'.repeat(27) }],
  ['SPEAKER_PASSWORD', { SPEAKER_PASSWORD: 'Vb8nM3xZ1q', SPEAKER_PASSWORD_FILE: '/nonexistent/speaker-password' }],
  ['SPEAKER_PASSWORD_FILE', { SPEAKER_PASSWORD_FILE: 'secrets/speaker-password' }],
  ['SPEAKER_PASSWORD_FILE', { SPEAKER_PASSWORD_FILE: '/nonexistent/speaker-password' }],
  ['SPEAKER_PASSWORD_FILE', { SPEAKER_PASSWORD_FILE: '/etc' }],
  ['SPEAKER_TTL_SECURITY', { SPEAKER_TTL_SECURITY: 'maybe' }],
  ['FABRIC_PASSWORD', { FABRIC_PASSWORD: 'Jp4#rW9!kL' }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: '65535:666' }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: '0:100' }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: '64512:65536' }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: '64512:100,64512:100' }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: 'no-export' }],
  ['FABRIC_LB_COMMUNITIES', { FABRIC_LB_COMMUNITIES: '4294967296:1:1' }],
  ['FABRIC_LB_COMMUNITIES', { FABRIC_LB_COMMUNITIES: '64512:1:2:3' }],
  ['FABRIC_AS_PATH_PREPEND', { FABRIC_AS_PATH_PREPEND: '11' }],
  ['FABRIC_AS_PATH_PREPEND', { FABRIC_AS_PATH_PREPEND: '-1' }],
  ['FABRIC_PASSWORD', { FABRIC_PASSWORD: 'Ym6nB2vC8x', FABRIC_PASSWORD_FILE: '/nonexistent/fabric-password' }],
  ['FABRIC_PASSWORD_FILE', { FABRIC_PASSWORD_FILE: '/nonexistent/fabric-password' }],
  // FABRIC_PEERS and the settings that go with it
  ['FE_MACS', { FE_MACS: undefined, FABRIC_PEER_MULTIHOP: '2' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'gateway' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'fe80::1' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'fe80::1%eth0' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.0/24' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '224.0.0.5' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1@' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1@65001.5' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1@23456' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1@65002@65003' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1,10.5.0.1@65002' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'fd00:101::fffe,fd00:101:0::fffe' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.10.10.10' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'fda1:b2c3:d4e5:1::1' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: '10.5.0.1@65001' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: 'fd00:101::11', FABRIC_PEER_SOURCE: 'fd00:101::11' }],
  ['FABRIC_PEER_MULTIHOP', { FABRIC_PEER_MULTIHOP: '2' }],
  ['FABRIC_PEER_MULTIHOP', { FABRIC_PEERS: '10.5.0.1', FABRIC_PEER_MULTIHOP: '1' }],
  ['FABRIC_PEER_MULTIHOP', { FABRIC_PEERS: '10.5.0.1', FABRIC_PEER_MULTIHOP: '256' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEER_SOURCE: '10.10.10.10' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEERS: 'fd00:101::fffe', FABRIC_PEER_MULTIHOP: '2' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEERS: 'fd00:101::fffe', FABRIC_PEER_SOURCE: '10.0.0.1,10.0.0.2' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEERS: 'fd00:101::fffe', FABRIC_PEER_SOURCE: 'lo' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEERS: 'fd00:101::fffe', FABRIC_PEER_SOURCE: '::1' }],
  ['FABRIC_PEER_SOURCE', { FABRIC_PEERS: 'fd00:101::fffe', FABRIC_PEER_SOURCE: 'fda1:b2c3:d4e5:1::' }],
  ['FRR_EXTRA_CONFIG_FILE', { FRR_EXTRA_CONFIG_FILE: 'frr-extra.conf' }],
  ['VRF_METALLB', { VRF_METALLB: 'frr-drain' }],
  ['FE_PORT_NAMES', { FE_MACS: undefined, FE_PORT_NAMES: 'eth0,frr-drain' }],
  ['FRR_EXTRA_CONFIG_FILE', { FRR_EXTRA_CONFIG_FILE: '/nonexistent/frr-extra.conf' }],
  ['FRR_EXTRA_CONFIG_FILE', { FRR_EXTRA_CONFIG_FILE: '/etc' }],
  ['FRR_EXTRA_CONFIG_FILE', { FRR_EXTRA_CONFIG_FILE: '/proc/self/pagemap' }],
  ['FABRIC_PEERS', { FABRIC_PEERS: Array.from({ length: 5000 }, (_, i) => `10.5.${Math.floor(i / 250)}.${(i % 250) + 1}`).join(',') }],
  ['FABRIC_COMMUNITIES', { FABRIC_COMMUNITIES: Array.from({ length: 1200 }, (_, i) => `64512:${i}`).join(',') }],
];

const secretVariables = new Set<string>(variables.filter((spec: VariableSpec) => spec.secret).map((spec) => spec.name));

function envWith(change: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string | undefined> = { ...valid, ...change };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe('bad settings', () => {
  const tempDir = useTempDir();

  it('has a bad case for every variable in the table', () => {
    expect(variableNames.filter((name) => !badInputs.some(([variable]) => variable === name))).toEqual([]);
  });

  it.each(badInputs.map(([variable, change], i) => [i, variable, change] as const))(
    '#%i: %s %j is refused, named, and nothing is rendered',
    async (_i, variable, change) => {
      const dir = tempDir();
      // A value with a newline cannot be written in an env file line: pass the environment directly.
      const multiLine = Object.values(change).some((value) => value?.includes('\n'));
      const paths = writeFiles(dir, { 'node.env': multiLine ? '' : envFileText(envWith(change)), 'links.json': links });
      const out = join(dir, 'out');
      const argv = ['render', '--links', paths['links.json'] ?? '', '--out', out, ...(multiLine ? [] : ['--env-file', paths['node.env'] ?? ''])];
      const outcome = await runCliInProcess(argv, { env: multiLine ? envWith(change) : {} });

      expect(outcome.exitCode).toBe(ExitCode.config);
      expect(outcome.stdout).toBe('');
      const errorLines = outcome.stderr.split('\n').filter((line) => line.startsWith('  '));
      expect(errorLines.some((line) => line.startsWith(`  ${variable}=`) || line.startsWith(`  ${variable} (unset)`))).toBe(true);
      for (const [name, value] of Object.entries(change)) if (secretVariables.has(name) && value) expect(outcome.stderr).not.toContain(value);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    },
  );
});

describe('unreadable input files', () => {
  it.each([
    [['render', '--env-file', '/nonexistent.env'], 'cannot read the env file /nonexistent.env: ENOENT'],
    [['render', '--links', '/nonexistent.json'], 'cannot read the links file /nonexistent.json: ENOENT'],
  ])('%j exits 66: %s', async (argv, message) => {
    const outcome = await runCliInProcess(argv, { env: valid });
    expect(outcome.exitCode).toBe(ExitCode.badInput);
    expect(outcome.stderr).toContain(message);
  });
});
