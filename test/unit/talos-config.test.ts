import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { ExitCode } from '../../src/errors.js';
import { talosDocumentProblems } from '../../src/talos/document-rules.js';
import { machineConfigPatch, nodeAddresses, parseLinkAddress, serviceName } from '../../src/talos/machine-config.js';
import { envFileText, runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir, writeFiles } from '../helpers/temp.js';

const root = join(import.meta.dirname, '..', '..');

describe("Talos's checks of the documents talos-config prints (pure)", () => {
  const service = { apiVersion: 'v1alpha1', kind: 'ExtensionServiceConfig', name: 'frr' };
  it.each([
    [
      'an ExtensionServiceConfig with neither environment nor config files (Talos 1.7 and later)',
      { ...service, environment: [] },
      'no config files found for extension "frr"',
    ],
    ['an ExtensionServiceConfig without a name', { ...service, name: '', environment: ['A=1'] }, 'name is required'],
    ['a config file without content', { ...service, configFiles: [{ content: '', mountPath: '/etc/x' }] }, 'extension content is required for extension "frr"'],
    ['a config file without a mount path', { ...service, configFiles: [{ content: 'x' }] }, 'extension mount path is required for extension "frr"'],
    ['an environment entry that is not KEY=VALUE', { ...service, environment: ['NODE_IP'] }, 'environment entry "NODE_IP" is not KEY=VALUE'],
    [
      'a DummyLinkConfig without a name',
      { apiVersion: 'v1alpha1', kind: 'DummyLinkConfig', addresses: [{ address: '10.0.0.1/32' }] },
      'name must be specified',
    ],
    [
      'an address without its length',
      { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'lo', addresses: [{ address: '10.0.0.1' }] },
      'address "10.0.0.1" is not an address with its prefix length',
    ],
    ['another apiVersion', { ...service, apiVersion: 'v1', environment: ['A=1'] }, 'apiVersion "v1" is not v1alpha1'],
  ])('refuses %s', (_what, document, problem) => {
    expect(talosDocumentProblems(document)).toContain(problem);
  });

  it('talos-config prints no ExtensionServiceConfig without a setting: Talos would refuse it', () => {
    expect(() => machineConfigPatch({ environment: [], configFiles: [], addresses: [] })).toThrow(
      /Talos refuses an empty one \(`no config files found for extension "frr"`\)/,
    );
  });
});

describe('the machine-config patch', () => {
  it("names the service as the extension's frr.yaml does", () => {
    expect((parse(readFileSync(join(root, 'frr.yaml'), 'utf8')) as { name: string }).name).toBe(serviceName);
  });

  it('puts NODE_IP on lo unless it is listed, and refuses an address listed twice', () => {
    expect(nodeAddresses('10.0.0.3', [parseLinkAddress('lo=FD00::3/128')])).toEqual([
      { link: 'lo', cidr: '10.0.0.3/32' },
      { link: 'lo', cidr: 'fd00::3/128' },
    ]);
    expect(nodeAddresses('10.0.0.3', [parseLinkAddress('dummy0=10.0.0.3/32')])).toEqual([{ link: 'dummy0', cidr: '10.0.0.3/32' }]);
    expect(() => nodeAddresses('10.0.0.3', [parseLinkAddress('dummy1=10.0.0.100/32'), parseLinkAddress('dummy0=10.0.0.100/32')])).toThrow(
      /10\.0\.0\.100 is listed twice/,
    );
  });

  it.each(['eth0=10.0.0.1/32', 'lo=10.0.0.1', 'lo=10.0.0.1/33', 'lo=127.0.0.2/32', 'lo=fe80::1/64', 'dummy1=10.0.0.1/32=x', 'lo=10.0.0.1/0'])(
    'refuses --address %s',
    (text) => {
      expect(() => parseLinkAddress(text)).toThrow(/^--address /);
    },
  );

  it('is YAML Talos reads: link documents, then the ExtensionServiceConfig with every value as written', () => {
    const text = machineConfigPatch({
      environment: ['NODE_IP=10.0.0.3', 'FRR_EXTRA_CONFIG_FILE=/etc/x.conf', 'ODD=a: b # "c"\\'],
      configFiles: [{ mountPath: '/etc/x.conf', content: 'router bgp 65003\n neighbor fabric timers 2 6\nexit\n' }],
      addresses: [
        { link: 'lo', cidr: '10.0.0.3/32' },
        { link: 'dummy1', cidr: '10.0.0.100/32' },
      ],
    });
    const documents = parseAllDocuments(text).map((d) => d.toJS());
    expect(documents).toEqual([
      { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'lo', addresses: [{ address: '10.0.0.3/32' }] },
      { apiVersion: 'v1alpha1', kind: 'DummyLinkConfig', name: 'dummy1', up: true, addresses: [{ address: '10.0.0.100/32' }] },
      {
        apiVersion: 'v1alpha1',
        kind: 'ExtensionServiceConfig',
        name: 'frr',
        configFiles: [{ content: 'router bgp 65003\n neighbor fabric timers 2 6\nexit\n', mountPath: '/etc/x.conf' }],
        environment: ['NODE_IP=10.0.0.3', 'FRR_EXTRA_CONFIG_FILE=/etc/x.conf', 'ODD=a: b # "c"\\'],
      },
    ]);
  });
});

describe('talos-config', () => {
  const tempDir = useTempDir();
  const settings = {
    NODE_IP: '10.0.0.2',
    ASN_LOCAL: '65002',
    FE_MACS: '02:00:00:00:02:01,02:00:00:00:02:02',
    FABRIC_PASSWORD_FILE: '/usr/local/etc/frr-supervisor/fabric-password',
    TYPO_VARIABLE: 'x',
  };

  async function talosConfig(env: Record<string, string>, extra: readonly string[], files: Record<string, string> = {}) {
    const paths = writeFiles(tempDir(), { 'node.env': envFileText(env), ...files });
    const argv = [
      'talos-config',
      '--env-file',
      paths['node.env'] ?? '',
      ...extra.map((arg) => arg.replace(/\{(\w[\w.-]*)\}/g, (_m, name: string) => paths[name] ?? name)),
    ];
    return runCliInProcess(argv);
  }

  it("prints the node's patch with the secret as it is, its settings validated", async () => {
    const outcome = await talosConfig(settings, ['--address', 'dummy1=10.0.0.100/32', '--file', '/usr/local/etc/frr-supervisor/fabric-password={pw}'], {
      pw: 'Hx8:mQ2@vN5^rT7~wZ1\n',
    });
    expect(outcome.exitCode).toBe(0);
    const [lo, dummy1, esc] = parseAllDocuments(outcome.stdout).map((d) => d.toJS());
    expect(lo).toMatchObject({ kind: 'LinkConfig', name: 'lo', addresses: [{ address: '10.0.0.2/32' }] });
    expect(dummy1).toMatchObject({ kind: 'DummyLinkConfig', name: 'dummy1', addresses: [{ address: '10.0.0.100/32' }] });
    expect(esc).toMatchObject({
      kind: 'ExtensionServiceConfig',
      configFiles: [{ mountPath: '/usr/local/etc/frr-supervisor/fabric-password', content: 'Hx8:mQ2@vN5^rT7~wZ1\n' }],
      environment: [
        'NODE_IP=10.0.0.2',
        'ASN_LOCAL=65002',
        'FE_MACS=02:00:00:00:02:01,02:00:00:00:02:02',
        'FABRIC_PASSWORD_FILE=/usr/local/etc/frr-supervisor/fabric-password',
      ],
    });
    expect(outcome.stderr).toContain('TYPO_VARIABLE is not a setting of frr-supervisor; ignored');
    // Each document as Talos's own checks take it.
    expect([lo, dummy1, esc].flatMap((document) => talosDocumentProblems(document))).toEqual([]);
  });

  it.each([
    [
      'a file the settings name is not given',
      [],
      {},
      ExitCode.config,
      'FABRIC_PASSWORD_FILE="/usr/local/etc/frr-supervisor/fabric-password": names a file whose content is not given; expected --file /usr/local/etc/frr-supervisor/fabric-password=LOCALFILE with it',
    ],
    [
      'a given file is not named',
      ['--file', '/usr/local/etc/frr-supervisor/fabric-password={pw}', '--file', '/etc/other={pw}'],
      { pw: 'Hx8:mQ2@vN5^rT7~wZ1' },
      ExitCode.usage,
      '--file /etc/other: no setting names this file',
    ],
    [
      "the file's content is a bad password",
      ['--file', '/usr/local/etc/frr-supervisor/fabric-password={pw}'],
      { pw: 'short' },
      ExitCode.config,
      'FABRIC_PASSWORD=(hidden, 5 characters) (from FABRIC_PASSWORD_FILE): 5 characters long',
    ],
    ['an address on another link', ['--address', 'eth0=10.0.0.9/32'], {}, ExitCode.usage, '--address "eth0=10.0.0.9/32": expected LINK=ADDRESS/LENGTH'],
  ])('refuses when %s, printing nothing', async (_what, extra, files, code, message) => {
    const outcome = await talosConfig(settings, extra, files);
    expect(outcome.exitCode).toBe(code);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stdout).toBe('');
  });

  it("refuses an extra config line that changes the supervisor's config, as the node would", async () => {
    const env = { NODE_IP: '10.0.0.2', ASN_LOCAL: '65002', FE_PORT_NAMES: 'eth0', FRR_EXTRA_CONFIG_FILE: '/etc/frr-extra.conf' };
    const outcome = await talosConfig(env, ['--file', '/etc/frr-extra.conf={extra}'], { extra: 'router bgp 65002\n neighbor eth0 remote-as 65009\nexit\n' });
    expect(outcome.exitCode).toBe(ExitCode.config);
    expect(outcome.stderr).toContain('line 2 "neighbor eth0 remote-as 65009": neighbor eth0 is the supervisor\'s');
    expect(outcome.stdout).toBe('');
  });
});
