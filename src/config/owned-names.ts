/**
 * Names the product owns on every node, which no setting may take: the veth pair's legs (a
 * same-named link of another kind is replaced) and the loopback device.
 */
export const vethNames = {
  /** In the default VRF; the MetalLB speaker binds its session address here. */
  hostLeg: 'veth-metallb',
  /** Enslaved to the MetalLB VRF; FRR listens here. */
  vrfLeg: 'veth-frr',
} as const;

export const loopbackName = 'lo';

/**
 * The live drain switch: while a link of this name exists, the node is drained (RFC 8326). A
 * machine-config patch adds it (a DummyLinkConfig), which Talos applies without restarting the
 * service; removing the document removes the link and ends the drain.
 */
export const drainLinkName = 'frr-drain';

/**
 * FRR's own directories, built into FRR (its sysconfdir and runstatedir): its daemons, vtysh and
 * frrcommon.sh look there, whatever the supervisor's settings say. /var/run is /run.
 */
export const frrBuiltInDirectories = { FRR_CONFIG_DIR: ['/etc/frr'], FRR_RUN_DIR: ['/var/run/frr', '/run/frr'] } as const;

/** Directories of the system itself: the supervisor chowns the run directory and deletes files in it. */
export const systemDirectories: ReadonlySet<string> = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/local',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/share',
  '/var',
  '/var/lib',
  '/var/log',
  '/var/run',
  '/var/tmp',
]);
