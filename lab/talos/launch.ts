// Starts an extension service the way Talos does, for the lab and the tests: the service
// definition from an extension tree, an ExtensionServiceConfig, the container rootfs as an
// overlay whose upper layer outlives the container (as Talos's does until reboot), crun as the
// OCI runtime, a stop that sends SIGTERM to every process of the container and SIGKILL 10 s later,
// and the restart policy (`always`: again 5 s after the container ends on its own).
//
//   node dist/lab/talos-service.mjs --tree DIR --state DIR --host-root DIR --id ID
//        [--service frr] [--config PATCH.yaml] [--machine-env FILE]
//
// PATCH.yaml: a machine-config patch as `frr-supervisor talos-config` prints it (link documents,
// then the ExtensionServiceConfig), or an ExtensionServiceConfig alone.
//
// Runs in the foreground; SIGTERM or SIGINT stops the service and then the launcher (exit 0).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { applyLinkDocument, isLinkDocument } from './network.js';
import { ociConfig, type ExtensionServiceConfig, type ServiceDefinition } from './service-spec.js';

const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    state: { type: 'string' },
    'host-root': { type: 'string' },
    id: { type: 'string' },
    service: { type: 'string', default: 'frr' },
    config: { type: 'string' },
    'machine-env': { type: 'string' },
  },
});
const need = (name: 'tree' | 'state' | 'host-root' | 'id'): string => {
  const value = values[name];
  if (!value) throw new Error(`--${name} is required`);
  return value;
};
const tree = need('tree');
const state = need('state');
const hostRoot = need('host-root');
const id = need('id');
const name = values.service ?? 'frr';
// Timed as the supervisor's lines are, so a restart's phases (lab/restart-phases.ts) can tell the
// lab's own stand-in for Talos from the container runtime and Node.
const say = (line: string) => process.stderr.write(`${new Date().toISOString()} INFO  talos: ${id}: ${line}\n`);

const service = parse(readFileSync(join(tree, 'rootfs', 'usr', 'local', 'etc', 'containers', `${name}.yaml`), 'utf8')) as ServiceDefinition;
const documents = values.config ? parseAllDocuments(readFileSync(values.config, 'utf8')).map((d) => d.toJS() as { kind?: string; name?: string }) : [];
for (const document of documents) if (isLinkDocument(document)) applyLinkDocument(document);
const config = documents.find((d): d is ExtensionServiceConfig & { kind: string } => d.kind === 'ExtensionServiceConfig' && d.name === name);
const machineEnv = values['machine-env']
  ? readFileSync(values['machine-env'], 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
  : [];

// The rootfs: the extension's container rootfs under a writeable layer kept in `state`.
const lower = join(tree, 'rootfs', 'usr', 'local', 'lib', 'containers', name);
const [upper, work, rootfs, bundle, files] = ['upper', 'work', 'rootfs', 'bundle', 'config-files'].map((d) => join(state, d)) as [
  string,
  string,
  string,
  string,
  string,
];
for (const dir of [upper, work, rootfs, bundle, files]) mkdirSync(dir, { recursive: true });
const mountPoints = readFileSync('/proc/self/mountinfo', 'utf8')
  .split('\n')
  .map((line) => line.split(' ')[4]);
// `ip netns exec` mounts a fresh /sys for the namespace, which hides the cgroup2 mount crun
// needs to place and signal the container's processes.
if (!mountPoints.includes('/sys/fs/cgroup')) run('mount', ['-t', 'cgroup2', 'none', '/sys/fs/cgroup']);
if (!mountPoints.includes(rootfs)) run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, rootfs]);

const configFileSources = new Map<string, string>();
for (const [i, file] of (config?.configFiles ?? []).entries()) {
  const source = join(files, String(i));
  writeFileSync(source, file.content, { mode: 0o644 });
  configFileSources.set(file.mountPath, source);
}
// Talos creates a bind mount's host directory when it is missing.
for (const mount of service.container.mounts ?? []) mkdirSync(`${hostRoot}${mount.source}`, { recursive: true });
writeFileSync(join(bundle, 'config.json'), JSON.stringify(ociConfig({ service, config, machineEnv, rootfs, hostRoot, configFileSources }), null, 2));
chmodSync(join(bundle, 'config.json'), 0o600);

function run(program: string, args: string[]): void {
  const result = spawnSync(program, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${result.stderr || result.error?.message}`);
}
const crun = (...args: string[]) => spawnSync('crun', args, { stdio: 'ignore' });

let stopping = false;
let killTimer: NodeJS.Timeout | undefined;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping (SIGTERM to every process of the container, SIGKILL after 10 s)`);
  crun('kill', '--all', id, 'TERM');
  killTimer = setTimeout(() => {
    say('still running after 10 s: SIGKILL');
    crun('kill', '--all', id, 'KILL');
  }, 10_000);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

async function once(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  crun('delete', '--force', id);
  say(`starting ${service.container.entrypoint} ${(service.container.args ?? []).join(' ')}`);
  const child = spawn('crun', ['run', '--bundle', bundle, id], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // No crun at all: say so and end as a container that could not start would.
    child.once('error', (error) => {
      say(`cannot run crun: ${error.message} (apt-get install crun; scripts/setup.sh does)`);
      resolve({ code: 127, signal: null });
    });
  });
}

for (;;) {
  const end = await once();
  crun('delete', '--force', id);
  const how = end.signal ? `killed by ${end.signal}` : `exited with ${end.code}`;
  if (stopping) {
    clearTimeout(killTimer);
    say(`stopped (${how})`);
    process.exit(0);
  }
  const again = service.restart === 'always' || (service.restart === 'untilSuccess' && end.code !== 0);
  if (!again) {
    say(`${how}; restart: ${service.restart ?? 'never'}`);
    process.exit(end.code ?? 1);
  }
  say(`${how}; restarting in 5 s (restart: ${service.restart})`);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  if (stopping) process.exit(0);
}
