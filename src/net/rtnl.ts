/**
 * The only module that imports `netlink`. It turns the package's messages into the product's
 * types, and its failures into SystemError naming the operation, the object and the errno.
 */
import { createRtNetlink, type RtNetlinkSocket } from 'netlink';
import { SystemError } from '../errors.js';
import type { HostLink } from './links.js';
import { linkKind } from './rtattr.js';

export interface Rtnl {
  /** All links of this network namespace, from a single RTM_GETLINK dump. */
  listLinks(): Promise<HostLink[]>;
  close(): void;
}

export function openRtnl(): Rtnl {
  let socket: RtNetlinkSocket;
  try {
    socket = createRtNetlink();
  } catch (error) {
    throw kernelError('open an rtnetlink socket', 'NETLINK_ROUTE', error);
  }
  return {
    async listLinks() {
      try {
        const messages = await socket.getLinks();
        return messages.map((message) => ({
          index: message.data.index ?? 0,
          name: message.attrs.ifname ?? `#${message.data.index}`,
          mac: formatMac(message.attrs.address),
          mtu: message.attrs.mtu ?? 0,
          kind: linkKind(message.attrs.linkinfo),
          masterIndex: message.attrs.master,
        }));
      } catch (error) {
        throw kernelError('list links', 'all links', error);
      }
    },
    close() {
      socket.socket.close();
    },
  };
}

function formatMac(address: Uint8Array | undefined): string | undefined {
  if (!address || address.length !== 6 || address.every((byte) => byte === 0)) return undefined;
  return Array.from(address, (byte) => byte.toString(16).padStart(2, '0')).join(':');
}

export function kernelError(operation: string, object: string, error: unknown): SystemError {
  const errno = (error as { code?: string; errno?: number } | undefined)?.code ?? (error as Error | undefined)?.message ?? String(error);
  return new SystemError(`could not ${operation} (${object}): ${errno}`, [], { cause: error });
}
