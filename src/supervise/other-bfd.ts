import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Another BFD daemon in this network namespace: MetalLB's FRR and frr-k8s modes run their own
 * bfdd in the host network namespace, beside this extension's. Both bind UDP 3784 with
 * SO_REUSEPORT, and the kernel then hands the fabric's BFD packets to one of them: on a host
 * with Debian's FRR, a second bfdd took every packet of the first's session, which stayed down
 * (a bfdd of another user cannot bind at all, and whichever starts second has no BFD).
 */

/** BFD's UDP ports: single hop (the fabric's sessions), multihop (RFC 5881, 5883). */
export const bfdPorts = [3784, 4784] as const;

export interface UdpSocket {
  readonly port: number;
  readonly uid: number;
  readonly inode: number;
}

/** The sockets of /proc/net/udp or udp6 (local address:port in hex, uid, inode). Pure. */
export function parseProcNetUdp(text: string): UdpSocket[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const fields = line.trim().split(/\s+/);
      const port = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16);
      const uid = Number(fields[7]);
      const inode = Number(fields[9]);
      return Number.isInteger(port) && Number.isInteger(uid) && Number.isInteger(inode) ? [{ port, uid, inode }] : [];
    });
}

/** The BFD sockets of this network namespace that are not among `own` (socket inodes). Pure. */
export function otherBfdSockets(sockets: readonly UdpSocket[], own: ReadonlySet<number>): UdpSocket[] {
  return sockets.filter((s) => (bfdPorts as readonly number[]).includes(s.port) && !own.has(s.inode));
}

/** What to tell the operator. Pure. */
export function describeOtherBfd(sockets: readonly UdpSocket[]): string {
  const which = [...new Set(sockets.map((s) => `UDP ${s.port} (uid ${s.uid})`))].join(', ');
  return `another BFD daemon listens in this network namespace (${which}): the kernel can hand it this node's BFD packets, and the fabric's BFD sessions then go down. MetalLB's FRR and frr-k8s modes run one: run MetalLB in native mode or use Cilium's BGP, or set ENABLE_BFD=false here`;
}

/** The socket inodes process `pid` holds (its /proc/PID/fd links "socket:[N]"); none if it is gone. */
export async function socketInodesOf(pid: number): Promise<Set<number>> {
  const dir = `/proc/${pid}/fd`;
  const entries = await readdir(dir).catch(() => []);
  const links = await Promise.all(entries.map((fd) => readlink(join(dir, fd)).catch(() => '')));
  return new Set(links.flatMap((link) => /^socket:\[(\d+)\]$/.exec(link)?.[1] ?? []).map(Number));
}

/** This network namespace's UDP sockets, both families (/proc/self/net: the reader's namespace). */
export async function udpSockets(): Promise<UdpSocket[]> {
  const texts = await Promise.all(['udp', 'udp6'].map((name) => readFile(`/proc/self/net/${name}`, 'utf8').catch(() => '')));
  return texts.flatMap(parseProcNetUdp);
}
