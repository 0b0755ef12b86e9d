import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { usage } from '../../src/cli.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { isObject } from '../../src/json.js';
import { talosDocumentProblems } from '../../src/talos/document-rules.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * What the operator's guide shows is what the product does: its Talos documents pass Talos's
 * rules, its settings load, its shell lines write the documents it says, its error examples are
 * the errors the product prints, its command synopses the options the CLI has.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const guide = readFileSync(join(repoRoot, 'docs', 'operator-guide.md'), 'utf8');

/** Every fenced block: its language and its text, unindented as far as its fence is (a block in a list item). */
const blocks = [...guide.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)].map((m) => ({
  lang: m[2] ?? '',
  text: (m[3] ?? '')
    .split('\n')
    .map((line) => line.slice((m[1] ?? '').length))
    .join('\n'),
}));
const talosKinds = ['ExtensionServiceConfig', 'LinkConfig', 'DummyLinkConfig'];
const documentsIn = (text: string): unknown[] => parseAllDocuments(text).map((d) => d.toJS() as unknown);
const environmentOf = (document: Record<string, unknown>) =>
  Object.fromEntries((Array.isArray(document.environment) ? document.environment : []).map((entry) => String(entry).split(/=(.*)/s).slice(0, 2)));

describe("the operator's guide's examples", () => {
  const tempDir = useTempDir();
  const talosDocuments = blocks
    .filter((b) => b.lang === 'yaml')
    .flatMap((b) => documentsIn(b.text))
    .filter((d): d is Record<string, unknown> => isObject(d) && talosKinds.includes(String(d.kind)));

  it('has Talos documents, each of which Talos takes, and settings in them that load', () => {
    expect(talosDocuments.length).toBeGreaterThan(0);
    for (const document of talosDocuments) {
      expect(talosDocumentProblems(document), JSON.stringify(document)).toEqual([]);
      if (document.kind === 'ExtensionServiceConfig') expect(() => loadSettings(environmentOf(document))).not.toThrow();
    }
  });

  it('has a ServiceMonitor whose Service, Endpoints and selector agree, on the port the scrape config uses', () => {
    const documents = blocks
      .filter((b) => b.lang === 'yaml')
      .flatMap((b) => documentsIn(b.text))
      .filter((d): d is Record<string, any> => isObject(d)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const of = (kind: string) => documents.filter((d) => d.kind === kind);
    const [service] = of('Service');
    const [endpoints] = of('Endpoints');
    const [monitor] = of('ServiceMonitor');
    const port = (service?.spec?.ports ?? [])[0];
    expect(endpoints?.metadata?.name).toBe(service?.metadata?.name);
    expect(endpoints?.metadata?.namespace).toBe(service?.metadata?.namespace);
    expect(monitor?.metadata?.namespace).toBe(service?.metadata?.namespace);
    expect(service?.spec?.selector).toBeUndefined();
    expect(service?.metadata?.labels).toMatchObject(monitor?.spec?.selector?.matchLabels ?? { none: 'given' });
    expect(monitor?.spec?.endpoints?.[0]?.port).toBe(port?.name);
    expect(endpoints?.subsets?.[0]?.ports?.[0]).toEqual({ name: port?.name, port: port?.port });
    // The same nodes and port as the static scrape config.
    const targets = guide.match(/targets: \[([^\]]*)\]/)?.[1]?.match(/[\d.]+:\d+/g) ?? [];
    expect(endpoints?.subsets?.[0]?.addresses?.map((a: { ip: string }) => `${a.ip}:${port?.port}`)).toEqual(targets);
  });

  it("writes, with its own printf lines, the drain switch's documents: a DummyLinkConfig frr-drain, and its deletion", () => {
    const drain = blocks.find((b) => b.lang === 'sh' && b.text.includes('DummyLinkConfig'));
    const printfs = drain?.text.split('\n').filter((line) => line.startsWith('printf ')) ?? [];
    expect(printfs).toHaveLength(2);
    const dir = tempDir();
    for (const line of printfs) execFileSync('bash', ['-c', line], { cwd: dir });
    const [on] = documentsIn(readFileSync(join(dir, 'drain.yaml'), 'utf8'));
    const [off] = documentsIn(readFileSync(join(dir, 'undrain.yaml'), 'utf8'));
    expect(on).toEqual({ apiVersion: 'v1alpha1', kind: 'DummyLinkConfig', name: 'frr-drain' });
    expect(talosDocumentProblems(on)).toEqual([]);
    expect(off).toEqual({ apiVersion: 'v1alpha1', kind: 'DummyLinkConfig', name: 'frr-drain', $patch: 'delete' });
  });

  it('prints, with its own shell lines for talos-config, the machine-config patch it shows', () => {
    const script = blocks.find((b) => b.lang === 'sh' && b.text.includes('frr-supervisor talos-config'))?.text ?? '';
    const output = /^(\S+) then holds/m.exec(guide)?.[1] ?? '';
    const shown = blocks.find((b) => b.lang === 'yaml' && b.text.includes('"a-long-random-fabric-secret'))?.text;
    expect(output).toBe('solcp01-frr.yaml');
    const dir = tempDir();
    // The command from this checkout's source, as docs/operator-guide.md's "Command line" runs it.
    const cli = `frr-supervisor() { "${process.execPath}" "${join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')}" "${join(repoRoot, 'src', 'main.ts')}" "$@"; }`;
    execFileSync('bash', ['-euc', `${cli}\n${script}`], { cwd: dir, stdio: 'pipe' });
    expect(readFileSync(join(dir, output), 'utf8')).toBe(shown);
  }, 30_000);

  it('shows the invalid-settings error the product prints for those settings, word for word', async () => {
    const shown = blocks.find((b) => b.text.startsWith('error: invalid settings'))?.text.trimEnd();
    const outcome = await runCliInProcess(['render'], {
      env: { NODE_IP: '10.0.0.11', FE_MACS: '00:11:22:33:44:55', ASN_LOCAL: '65001.5', PEER_IP_LOCAL: '192.168.250.254' },
      hostLinks: [],
    });
    expect(outcome.exitCode).toBe(78);
    expect(outcome.stderr.trimEnd()).toBe(shown);
  });

  it("names in its command synopses only the commands and options the CLI's usage has", () => {
    const synopsis = blocks.find((b) => b.text.startsWith('frr-supervisor render'))?.text ?? '';
    const lines = synopsis.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const command = line.split(/\s+/)[1] ?? '';
      expect(usage, command).toMatch(new RegExp(`^  ${command} `, 'm'));
      for (const option of line.match(/--[a-z-]+/g) ?? []) expect(usage, option).toContain(`  ${option} `);
    }
  });
});
