import { describe, expect, it } from 'vitest';
import { describeOtherBfd, otherBfdSockets, parseProcNetUdp } from '../../src/supervise/other-bfd.js';

// /proc/net/udp as Linux writes it: local address:port in hex, then uid (8th) and inode (10th).
const procNetUdp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 00000000:0EC8 00000000:0000 07 00000000:00000000 00:00000000 00000000   102        0 41001 2 0000000000000000 0
  124: 00000000:12B0 00000000:0000 07 00000000:00000000 00:00000000 00000000   102        0 41002 2 0000000000000000 0
  125: 00000000:0EC8 00000000:0000 07 00000000:00000000 00:00000000 00000000   100        0 52001 2 0000000000000000 0
  126: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1234 2 0000000000000000 0
`;

describe('another BFD daemon in the network namespace (pure)', () => {
  it("reads /proc/net/udp's ports, owners and inodes", () => {
    expect(parseProcNetUdp(procNetUdp)).toEqual([
      { port: 3784, uid: 102, inode: 41001 },
      { port: 4784, uid: 102, inode: 41002 },
      { port: 3784, uid: 100, inode: 52001 },
      { port: 53, uid: 0, inode: 1234 },
    ]);
    expect(parseProcNetUdp('')).toEqual([]);
  });

  it("keeps the BFD sockets that are not its own bfdd's", () => {
    const sockets = parseProcNetUdp(procNetUdp);
    expect(otherBfdSockets(sockets, new Set([41001, 41002]))).toEqual([{ port: 3784, uid: 100, inode: 52001 }]);
    expect(otherBfdSockets(sockets, new Set([41001, 41002, 52001]))).toEqual([]);
  });

  it('says which ports and owners, and what to do', () => {
    expect(describeOtherBfd([{ port: 3784, uid: 100, inode: 52001 }])).toBe(
      "another BFD daemon listens in this network namespace (UDP 3784 (uid 100)): the kernel can hand it this node's BFD packets, and the fabric's BFD sessions then go down. MetalLB's FRR and frr-k8s modes run one: run MetalLB in native mode or use Cilium's BGP, or set ENABLE_BFD=false here",
    );
  });
});
