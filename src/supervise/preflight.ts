import type { IpAddress } from '../config/ip.js';
import { HostMismatchError } from '../errors.js';
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
  if (!addresses.some((a) => a.linkIndex === link.index && a.family === 'ipv6' && a.linkLocal)) return `fabric interface ${name} has no IPv6 link-local address (IPv6 off on it?), which unnumbered BGP needs`;
  return undefined;
}

export async function waitForFabricReady(
  names: readonly string[],
  look: () => Promise<{ links: HostLink[]; addresses: HostAddress[] }>,
  timeoutMs: number,
  onWait: (problems: string[]) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  for (;;) {
    const { links, addresses } = await look();
    const problems = names.map((name) => fabricProblem(name, links, addresses)).filter((p): p is string => p !== undefined);
    if (problems.length === 0) return;
    if (Date.now() >= deadline) throw new HostMismatchError(`the fabric interfaces are not ready; FRR was not started`, problems);
    if (!waited) onWait(problems);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
