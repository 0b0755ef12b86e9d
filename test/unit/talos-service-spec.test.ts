import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeEnvironment, ociConfig, type ServiceDefinition } from '../../lab/talos/service-spec.js';
import { repoRoot } from '../helpers/bundle.js';

/** The lab's Talos: frr.yaml and an ExtensionServiceConfig -> the OCI config Talos would build. */
const service = parse(readFileSync(join(repoRoot, 'frr.yaml'), 'utf8')) as ServiceDefinition;
const config = { name: 'frr', environment: ['NODE_IP=10.0.0.1', 'ASN_LOCAL=65001'], configFiles: [{ content: 'x', mountPath: '/etc/frr-extra.conf' }] };
const spec = (overrides: Partial<Parameters<typeof ociConfig>[0]> = {}) =>
  ociConfig({
    service,
    config,
    machineEnv: ['ASN_LOCAL=1', 'TZ=UTC'],
    rootfs: '/state/rootfs',
    hostRoot: '/run/lab/node1/host',
    configFileSources: new Map([['/etc/frr-extra.conf', '/state/config-files/0']]),
    ...overrides,
  }) as {
    process: { args: string[]; env: string[]; capabilities: { bounding: string[] } };
    root: { path: string; readonly: boolean };
    mounts: { destination: string; source: string; options?: string[] }[];
    linux: { namespaces: { type: string }[]; readonlyPaths: string[] };
  };

describe("the OCI config of an extension service, as Talos's machined builds it", () => {
  it("merges the environment in Talos's order: PATH, machine.env, the service's, the ExtensionServiceConfig's", () => {
    expect(mergeEnvironment(['A=1', 'B=1'], ['B=2'], ['A=3'])).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'B=2', 'A=3']);
    expect(spec().process.env).toContain('ASN_LOCAL=65001');
    expect(spec().process.env).not.toContain('ASN_LOCAL=1');
    expect(spec().process.env).toContain('TZ=UTC');
  });

  it('refuses an environment entry that is not KEY=VALUE', () => {
    expect(() => mergeEnvironment(['JUST_A_NAME'])).toThrow(/"JUST_A_NAME" is not KEY=VALUE/);
  });

  it("runs frr.yaml's entrypoint and args, with every capability", () => {
    const s = spec();
    expect(s.process.args).toEqual([service.container.entrypoint, ...(service.container.args ?? [])]);
    expect(s.process.capabilities.bounding).toContain('CAP_NET_ADMIN');
    expect(s.process.capabilities.bounding).toHaveLength(41);
  });

  it('shares the host network and IPC: only PID, mount and UTS namespaces of its own', () => {
    expect(spec().linux.namespaces.map((n) => n.type)).toEqual(['pid', 'mount', 'uts']);
  });

  it('keeps the rootfs read-only unless writeableRootfs, and takes the service readonlyPaths', () => {
    expect(spec().root).toEqual({ path: '/state/rootfs', readonly: false });
    expect(spec({ service: { ...service, container: { ...service.container, security: {} } } }).root.readonly).toBe(true);
    expect(spec().linux.readonlyPaths).toEqual(service.container.security?.readonlyPaths);
  });

  it("mounts the service's host paths under the node's host root, and configFiles read-only", () => {
    const mounts = spec().mounts;
    expect(mounts).toContainEqual({ destination: '/var/run/frr', type: 'bind', source: '/run/lab/node1/host/var/run/frr', options: ['bind', 'rw'] });
    expect(mounts).toContainEqual({ destination: '/etc/frr-extra.conf', type: 'bind', source: '/state/config-files/0', options: ['bind', 'ro'] });
  });
});
