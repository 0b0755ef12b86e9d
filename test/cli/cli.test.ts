import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { bundlePath, repoRoot, runBundle } from '../helpers/bundle.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

const exampleEnv = join(repoRoot, 'examples', 'node.env');
const exampleLinks = join(repoRoot, 'examples', 'links.json');

describe('the bundled program, run with a plain node from another directory', () => {
  const tempDir = useTempDir();

  it('is the entry and the bundle, with the netlink addon and the templates beside it', () => {
    expect(readdirSync(join(bundlePath, '..')).sort()).toEqual(['frr-supervisor-main.cjs', 'frr-supervisor.cjs', 'netlink.node', 'templates']);
  });

  it('render prints the same frr.conf as the library renders', async () => {
    const result = await runBundle(['render', '--env-file', exampleEnv, '--links', exampleLinks]);
    expect(result.exitCode).toBe(0);
    const inProcess = await runCliInProcess(['render', '--env-file', exampleEnv, '--links', exampleLinks]);
    expect(result.stdout).toBe(inProcess.stdout.trimEnd());
    expect(result.stdout).toContain('neighbor eth0 interface peer-group fabric');
    expect(result.stderr).toBe('fabric interfaces: eth0, eth1');
  });

  it('render --out writes frr.conf, daemons, vtysh.conf and daemon-log.conf and nothing else', async () => {
    const out = join(tempDir(), 'etc-frr');
    const result = await runBundle(['render', '--env-file', exampleEnv, '--links', exampleLinks, '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['daemon-log.conf', 'daemons', 'frr.conf', 'vtysh.conf']);
    expect(readFileSync(join(out, 'daemon-log.conf'), 'utf8')).toContain('log record-priority');
    expect(readFileSync(join(out, 'daemons'), 'utf8')).toContain('bfdd=yes');
    expect(readFileSync(join(out, 'vtysh.conf'), 'utf8')).toContain('service integrated-vtysh-config');
  });

  it('check has FRR accept the example', async () => {
    const result = await runBundle(['check', '--env-file', exampleEnv, '--links', exampleLinks]);
    expect(result.stderr).toContain('frr.conf accepted by FRR 8.4.4 (vtysh --dryrun, zebra -C, bgpd -C, bfdd -C)');
    expect(result.exitCode).toBe(0);
  });

  it('check reports what FRR rejects, line by line, and exits 65', async () => {
    const templates = join(tempDir(), 'templates');
    cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
    const template = join(templates, 'frr.conf.njk');
    writeFileSync(template, readFileSync(template, 'utf8').replace(' bgp bestpath as-path multipath-relax', ' bgp bestpath as-path multipath-relaxed'));
    const result = await runBundle(['check', '--env-file', exampleEnv, '--links', exampleLinks, '--templates', templates]);
    expect(result.exitCode).toBe(ExitCode.frrRejected);
    expect(result.stderr).toMatch(/^error: FRR rejected the rendered frr.conf; nothing was started$/m);
    expect(result.stderr).toMatch(/^ {2}vtysh: line \d+: % Unknown command.*multipath-relaxed$/m);
  });

  it('bad settings: exit 78, every variable named, no file written', async () => {
    const dir = tempDir();
    const { 'bad.env': envFile } = writeFiles(dir, { 'bad.env': 'NODE_IP=fd00::1\nASN_LOCAL=0\nFE_MACS=ff:ff:ff:ff:ff:ff\n' });
    const out = join(dir, 'out');
    const result = await runBundle(['render', '--env-file', envFile ?? '', '--links', exampleLinks, '--out', out]);
    expect(result.exitCode).toBe(ExitCode.config);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'error: invalid settings: 3 variables to fix, nothing was changed',
      '  NODE_IP="fd00::1": an IPv6 address (the BGP router-id must be IPv4); expected the node\'s IPv4 address as a dotted quad, e.g. 10.10.10.10',
      '  ASN_LOCAL="0": out of range; expected an AS number from 1 to 4294967295',
      '  FE_MACS="ff:ff:ff:ff:ff:ff": ff:ff:ff:ff:ff:ff is a broadcast or multicast MAC, which no NIC has; expected the MAC of a fabric NIC',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('reads the process environment without --env-file', async () => {
    const result = await runBundle(['render', '--links', exampleLinks], { env: { NODE_IP: '10.0.0.9', ASN_LOCAL: '65009', FE_PORT_NAMES: 'eth1' } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('router bgp 65009');
  });

  it.each([
    [['frobnicate'], ExitCode.usage, 'unknown command "frobnicate"'],
    [['render', '--bogus'], ExitCode.usage, "Unknown option '--bogus'"],
    [['render', '--out', '/tmp/x', '--vtysh', '/bin/true'], ExitCode.usage, '--vtysh does not apply to render'],
    [[], ExitCode.usage, 'no command given'],
    [['run'], ExitCode.config, 'error: invalid settings: 3 variables to fix, nothing was changed'],
    [['render', '--env-file', '/nonexistent.env'], ExitCode.badInput, 'cannot read the env file /nonexistent.env: ENOENT'],
    [['render', '--env-file', '/tmp'], ExitCode.badInput, 'cannot read the env file /tmp: EISDIR'],
    [['render', '--env-file', exampleEnv, '--links', '/nonexistent.json'], ExitCode.badInput, 'cannot read the links file /nonexistent.json: ENOENT'],
  ])('%j exits %i: %s', async (args, code, message) => {
    const result = await runBundle(args);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('a MAC no link has: exit 69 with the links that exist', async () => {
    const dir = tempDir();
    const { 'node.env': envFile } = writeFiles(dir, { 'node.env': 'NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:00:09\n' });
    const result = await runBundle(['render', '--env-file', envFile ?? '', '--links', exampleLinks]);
    expect(result.exitCode).toBe(ExitCode.unavailable);
    expect(result.stderr).toContain('no link has the MAC 02:00:00:00:00:09 of FE_MACS');
    expect(result.stderr).toContain('  link "eth1": 02:00:00:00:00:02');
  });

  it('--help prints the usage', async () => {
    const result = await runBundle(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: frr-supervisor <command> [options]');
  });
});

describe('the program from source with tsx', () => {
  it('renders the example like the bundle does', async () => {
    const tsx = await execa(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/main.ts', 'render', '--env-file', exampleEnv, '--links', exampleLinks], {
      cwd: repoRoot,
      reject: false,
    });
    const bundled = await runBundle(['render', '--env-file', exampleEnv, '--links', exampleLinks]);
    expect(tsx.exitCode).toBe(0);
    expect(tsx.stdout).toBe(bundled.stdout);
  });
});
