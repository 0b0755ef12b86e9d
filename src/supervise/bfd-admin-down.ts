import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isObject } from '../json.js';

/**
 * A planned stop, told to the fabric: BFD control packets in state AdminDown (RFC 5880 6.8.16)
 * for each of the node's BFD sessions that is up, sent by the supervisor itself as FRR stops.
 * bfdd cannot be the one to send them: Talos signals every process of the container at once, and
 * bfdd closes its sockets without a word. A peer that receives AdminDown does not take it as a
 * failure: from FRR 10.7.0 its BGP session stays up (and then, with graceful restart, its routes
 * too when bgpd exits without a Cease); older peers take the session down as before.
 */

/** What a session's AdminDown packet needs, from `show bfd peers json`. */
export interface BfdPacketSession {
  readonly peer: string;
  /** The node's address of the session; undefined: the kernel picks it. */
  readonly local: string | undefined;
  readonly interface: string | undefined;
  readonly multihop: boolean;
  readonly localDiscriminator: number;
  readonly remoteDiscriminator: number;
  readonly detectMultiplier: number;
  readonly transmitMs: number;
  readonly receiveMs: number;
}

const whole = (value: unknown, max: number): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;

/** The sessions of the default VRF that are up and know their peer's discriminator. Pure. */
export function adminDownSessions(json: unknown): BfdPacketSession[] {
  if (!Array.isArray(json)) return [];
  return json.filter(isObject).flatMap((p) => {
    const localDiscriminator = whole(p.id, 0xffffffff);
    const remoteDiscriminator = whole(p['remote-id'], 0xffffffff);
    const vrf = typeof p.vrf === 'string' ? p.vrf : 'default';
    if (p.status !== 'up' || vrf !== 'default' || typeof p.peer !== 'string' || !localDiscriminator || !remoteDiscriminator) return [];
    return [
      {
        peer: p.peer,
        local: typeof p.local === 'string' ? p.local : undefined,
        interface: typeof p.interface === 'string' ? p.interface : undefined,
        multihop: p.multihop === true,
        localDiscriminator,
        remoteDiscriminator,
        detectMultiplier: Math.max(1, whole(p['detect-multiplier'], 255) ?? 3),
        transmitMs: whole(p['transmit-interval'], 60_000) ?? 300,
        receiveMs: whole(p['receive-interval'], 60_000) ?? 300,
      },
    ];
  });
}

/** Diagnostic 7: Administratively Down (RFC 5880 4.1). */
const adminDownDiagnostic = 7;

/** The 24-byte control packet: version 1, AdminDown, no flags, the session's discriminators. Pure. */
export function adminDownPacket(session: BfdPacketSession): Buffer {
  const packet = Buffer.alloc(24);
  packet.writeUInt8((1 << 5) | adminDownDiagnostic, 0);
  packet.writeUInt8(0, 1); // state AdminDown (0), no flags
  packet.writeUInt8(session.detectMultiplier, 2);
  packet.writeUInt8(24, 3);
  packet.writeUInt32BE(session.localDiscriminator, 4);
  packet.writeUInt32BE(session.remoteDiscriminator, 8);
  packet.writeUInt32BE(session.transmitMs * 1000, 12);
  packet.writeUInt32BE(session.receiveMs * 1000, 16);
  packet.writeUInt32BE(0, 20); // no echo
  return packet;
}

/** RFC 5881 and 5883: the ports of single-hop and multihop control packets. */
const singleHopPort = 3784;
const multihopPort = 4784;

/** An address with its zone where it needs one (a link-local address names its interface). */
function scoped(address: string, ifname: string | undefined): string {
  return ifname && address.toLowerCase().startsWith('fe80:') ? `${address}%${ifname}` : address;
}

/**
 * Sends each session's AdminDown packet `times` times, `gapMs` apart (a lost packet would leave
 * the peer to its detection time), from the session's own address and interface, with TTL 255
 * (RFC 5881: a single-hop peer drops anything else) and a source port of the range RFC 5881
 * gives. Resolves with the number of sessions told; never throws: a stop goes on regardless.
 */
export async function sendAdminDown(
  sessions: readonly BfdPacketSession[],
  options: { times?: number; gapMs?: number } = {},
): Promise<{ told: number; problems: string[] }> {
  const problems: string[] = [];
  const sockets = await Promise.all(
    sessions.map(async (session) => {
      try {
        return { session, socket: await openSocket(session) };
      } catch (error) {
        problems.push(`${session.peer}: ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
  const open = sockets.filter((s): s is { session: BfdPacketSession; socket: Socket } => s !== undefined);
  const times = options.times ?? 3;
  for (let i = 0; i < times; i++) {
    await Promise.all(
      open.map(({ session, socket }) => sendOne(socket, session).catch((error: Error) => void (i === 0 && problems.push(`${session.peer}: ${error.message}`)))),
    );
    if (i < times - 1) await new Promise((resolve) => setTimeout(resolve, options.gapMs ?? 50));
  }
  for (const { socket } of open) socket.close();
  return { told: open.length, problems };
}

async function openSocket(session: BfdPacketSession): Promise<Socket> {
  const ipv6 = session.peer.includes(':');
  for (let attempt = 0; ; attempt++) {
    const socket = createSocket({ type: ipv6 ? 'udp6' : 'udp4' });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: session.local ? scoped(session.local, session.interface) : ipv6 ? '::' : '0.0.0.0', port: randomInt(49152, 65536) }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.setTTL(255);
      return socket;
    } catch (error) {
      socket.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}

function sendOne(socket: Socket, session: BfdPacketSession): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.send(adminDownPacket(session), session.multihop ? multihopPort : singleHopPort, scoped(session.peer, session.interface), (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
