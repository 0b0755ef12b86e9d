/**
 * frr-supervisor for the host side of the start-up benchmark: the same program as src/main.ts on
 * the real kernel, except that the host's kernel has no VRF driver, so the VRF alone is held in
 * memory: created, listed, set up and given veth-frr as a slave here, everything else (veth pair,
 * MTU, addresses, rules, sysctls, interface resolution) goes to the kernel. The baseline's host
 * variant drops the same three commands. Built by bench/startup.ts, never shipped.
 */
import type { HostLink } from '../../src/net/links.js';
import { openRtnl, type LinkRef, type Rtnl } from '../../src/net/rtnl.js';
import { runProcess } from '../../src/process-main.js';
import type { CodeCache } from '../../src/code-cache.js';

function withVrfInMemory(rtnl: Rtnl): Rtnl {
  const vrfIndex = 0x7fff_fff0;
  let vrf: HostLink | undefined;
  const slaves = new Set<number>();
  const isVrf = (link: LinkRef) => vrf !== undefined && link.index === vrfIndex;
  return {
    ...rtnl,
    listLinks: async () => {
      const links = (await rtnl.listLinks()).map((link) => (slaves.has(link.index) ? { ...link, masterIndex: vrfIndex } : link));
      return vrf ? [...links, vrf] : links;
    },
    createVrf: async (name, table) => {
      vrf = { index: vrfIndex, name, mac: undefined, mtu: 65575, kind: 'vrf', masterIndex: undefined, up: false, vrfTable: table };
    },
    setUp: async (link) => {
      if (isVrf(link) && vrf) vrf = { ...vrf, up: true };
      else await rtnl.setUp(link);
    },
    setMaster: async (link, master) => {
      if (isVrf(master)) slaves.add(link.index);
      else await rtnl.setMaster(link, master);
    },
    deleteLink: async (link) => {
      if (isVrf(link)) vrf = undefined;
      else await rtnl.deleteLink(link);
    },
  };
}

/** Called by the bundle's entry (src/launcher.ts), as src/main.ts's `main` is. */
export function main(codeCache: CodeCache): Promise<void> {
  return runProcess(() => withVrfInMemory(openRtnl()), codeCache);
}
