import type { Settings } from '../config/settings.js';
import type { Logger } from '../log.js';
import type { Rtnl } from '../net/rtnl.js';
import { frrLogFile } from '../frr/log-file.js';
import { clearStaleRunFiles, clearStaleScratchDirs } from './frr-processes.js';
import { describeOtherBfd, otherBfdSockets, udpSockets } from './other-bfd.js';
import { frrIds, prepareRunDir } from './run-dir.js';
import type { IpAddress } from '../config/ip.js';
import { HostMismatchError } from '../errors.js';
import { retryUntil, type Attempt } from '../retry-until.js';
import type { HostAddress, HostLink } from '../net/links.js';

/** NODE_IP must be an address of this host: zebra's `set src` is refused by the kernel otherwise. */
export function nodeIpProblem(nodeIp: IpAddress, addresses: readonly HostAddress[]): string | undefined {
  if (addresses.some((a) => a.family === 'ipv4' && a.address === nodeIp.text)) return undefined;
  return `NODE_IP=${nodeIp.text} is not an address of this host, so the kernel would refuse routes with it as source; add it to lo or dummy0 in the machine config, or correct NODE_IP`;
}

/** What keeps a fabric interface from carrying an unnumbered BGP session, or undefined. */
export function fabricProblem(name: string, links: readonly HostLink[], addresses: readonly HostAddress[]): string | undefined {
  const link = links.find((l) => l.name === name);
  if (!link) return `fabric interface ${name} is gone`;
  if (!link.up) return `fabric interface ${name} is down`;
  if (!addresses.some((a) => a.linkIndex === link.index && a.family === 'ipv6' && a.linkLocal))
    return `fabric interface ${name} has no IPv6 link-local address (IPv6 off on it?), which unnumbered BGP needs`;
  return undefined;
}

/** Waits up to `timeoutMs` for every fabric interface to be up with a link-local address. */
export async function waitForFabricReady(
  names: readonly string[],
  look: () => Promise<{ links: HostLink[]; addresses: HostAddress[] }>,
  timeoutMs: number,
  onWait: (problems: string[]) => void,
): Promise<void> {
  const attempt = async (): Promise<Attempt<undefined, string[]>> => {
    const { links, addresses } = await look();
    const problems = names.map((name) => fabricProblem(name, links, addresses)).filter((p): p is string => p !== undefined);
    return problems.length === 0 ? { value: undefined } : { problem: problems };
  };
  await retryUntil(attempt, (problems) => new HostMismatchError('the fabric interfaces are not ready; FRR was not started', problems), {
    timeoutMs,
    intervalMs: 250,
    onWait,
  });
}

/**
 * What must hold before FRR starts, checked after the kernel steps: NODE_IP is this host's, the
 * fabric is up, the run directory is FRR's, and nothing of an earlier run is left in FRR's way.
 */
export async function preflight(settings: Settings, fabric: readonly string[], rtnl: Rtnl, log: Logger): Promise<void> {
  const nodeIp = nodeIpProblem(settings.nodeIp, await rtnl.listAddresses());
  if (nodeIp) throw new HostMismatchError(`${nodeIp}; FRR was not started`);
  await waitForFabricReady(
    fabric,
    async () => ({ links: await rtnl.listLinks(), addresses: await rtnl.listAddresses() }),
    settings.fabricWaitSeconds * 1000,
    (problems) => log.warn(`waiting up to ${settings.fabricWaitSeconds} s: ${problems.join('; ')}`),
  );
  if (settings.bfd) {
    const others = otherBfdSockets(await udpSockets(), new Set());
    if (others.length > 0) log.warn(`${describeOtherBfd(others)}; FRR starts anyway, so that BGP can bring the node up`);
  }
  const logFile = frrLogFile(settings);
  await prepareRunDir(settings.frr.runDir, logFile);
  const stale = await clearStaleRunFiles(settings.frr.runDir);
  if (stale.length > 0) log.info(`removed stale FRR run files from an earlier run: ${stale.join(', ')}`);
  const ids = await frrIds();
  const scratch = ids ? await clearStaleScratchDirs(ids) : [];
  for (const { name, crashLog } of scratch) if (crashLog) log.warn(`${name} crashed in an earlier run; its crash log: ${crashLog}`);
  if (scratch.length > 0)
    log.info(`removed the scratch directories of ${scratch.length} FRR process${scratch.length > 1 ? 'es' : ''} gone since an earlier run`);
}
