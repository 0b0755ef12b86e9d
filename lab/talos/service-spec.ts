/**
 * What Talos makes of an extension service, as pure functions: the service definition
 * (/usr/local/etc/containers/NAME.yaml) and an ExtensionServiceConfig become the OCI runtime
 * config that Talos hands to containerd (siderolabs/talos, machined's services/extension.go):
 * the container rootfs, the host network and IPC namespaces (its own PID, mount and UTS ones),
 * every capability, every device, no rlimits, a read-only rootfs unless `writeableRootfs`, the
 * service's mounts, and the environment merged in Talos's order.
 */

export interface ServiceDefinition {
  readonly name: string;
  readonly container: {
    readonly entrypoint: string;
    readonly args?: readonly string[];
    readonly environment?: readonly string[];
    readonly mounts?: readonly { source: string; destination: string; type?: string; options?: readonly string[] }[];
    readonly security?: { writeableRootfs?: boolean; writeableSysfs?: boolean; readonlyPaths?: readonly string[]; maskedPaths?: readonly string[] };
  };
  readonly restart?: 'always' | 'never' | 'untilSuccess';
}

/** The parts of an ExtensionServiceConfig document a service sees. */
export interface ExtensionServiceConfig {
  readonly name: string;
  readonly environment?: readonly string[];
  readonly configFiles?: readonly { content: string; mountPath: string }[];
}

/** containerd's default PATH, which Talos's spec starts from. */
const defaultPath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Low to high: the kernel command line / machine.env, the service's container.environment, the
 * ExtensionServiceConfig's environment. A later KEY replaces an earlier one.
 */
export function mergeEnvironment(...layers: readonly (readonly string[] | undefined)[]): string[] {
  const merged = new Map<string, string>();
  for (const entry of [defaultPath, ...layers.flatMap((layer) => layer ?? [])]) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`environment entry ${JSON.stringify(entry.slice(0, 60))} is not KEY=VALUE`);
    merged.delete(entry.slice(0, eq));
    merged.set(entry.slice(0, eq), entry);
  }
  return [...merged.values()];
}

// containerd's defaults for an unprivileged container, which Talos keeps unless the service
// names its own.
const defaultMaskedPaths = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/proc/scsi',
];
const defaultReadonlyPaths = ['/proc/asound', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Every capability Linux has (5.9 through 7.2 add none; Talos grants all the host kernel knows). */
const allCapabilities = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
].map((c) => `CAP_${c}`);

export interface OciInput {
  readonly service: ServiceDefinition;
  readonly config: ExtensionServiceConfig | undefined;
  readonly machineEnv: readonly string[];
  /** The container rootfs as the runtime sees it (the overlay's merged directory). */
  readonly rootfs: string;
  /** Host paths in the service's mounts are taken relative to this directory (one per lab node). */
  readonly hostRoot: string;
  /** Where each configFiles entry was written on the host, by mountPath. */
  readonly configFileSources: ReadonlyMap<string, string>;
}

export function ociConfig(input: OciInput): Record<string, unknown> {
  const { service, config } = input;
  const security = service.container.security ?? {};
  const hostPath = (path: string) => `${input.hostRoot.replace(/\/+$/, '')}${path}`;
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [service.container.entrypoint, ...(service.container.args ?? [])],
      env: mergeEnvironment(input.machineEnv, service.container.environment, config?.environment),
      cwd: '/',
      capabilities: Object.fromEntries(['bounding', 'effective', 'permitted', 'inheritable', 'ambient'].map((set) => [set, allCapabilities])),
      noNewPrivileges: false,
    },
    root: { path: input.rootfs, readonly: !security.writeableRootfs },
    hostname: service.name,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', security.writeableSysfs ? 'rw' : 'ro'] },
      ...(service.container.mounts ?? []).map((m) => ({
        destination: m.destination,
        type: m.type ?? 'bind',
        source: hostPath(m.source),
        options: [...(m.options ?? ['bind', 'rw'])],
      })),
      ...(config?.configFiles ?? []).map((f) => ({
        destination: f.mountPath,
        type: 'bind',
        source: input.configFileSources.get(f.mountPath) ?? '',
        options: ['bind', 'ro'],
      })),
    ],
    linux: {
      // No network or IPC namespace: the host's (here: the lab node's network namespace).
      namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'uts' }],
      resources: { devices: [{ allow: true, access: 'rwm' }] },
      maskedPaths: security.maskedPaths ?? defaultMaskedPaths,
      readonlyPaths: security.readonlyPaths ?? defaultReadonlyPaths,
      rootfsPropagation: 'private',
    },
  };
}
