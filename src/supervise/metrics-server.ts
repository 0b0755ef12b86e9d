import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ListenAddress } from '../config/schema.js';

/**
 * What a client may cost the supervisor. A scrape is answered from the status already in
 * memory (no question to FRR), so a client can only hold sockets and buffers: these bound both.
 */
export interface MetricsLimits {
  /** Connections at once; more are refused until one closes. */
  readonly connections: number;
  /** Bytes of request line and headers (Node answers 431 beyond). */
  readonly headerBytes: number;
  /** How long a client may take to send its headers, and its whole request. */
  readonly requestMs: number;
  /** How long an idle kept-alive connection stays open. */
  readonly idleMs: number;
}

export const metricsLimits: MetricsLimits = { connections: 16, headerBytes: 8192, requestMs: 5000, idleMs: 5000 };

export interface MetricsServer {
  /** "host:port" as bound (the port the kernel chose when asked for 0). */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Serves `render()` as Prometheus text at GET /metrics on `listen`; every other path is 404,
 * every other method 405. Rejects when it cannot listen (the address is not the node's, the
 * port taken), leaving the caller to say so.
 */
export async function serveMetrics(listen: ListenAddress, render: () => string, limits: MetricsLimits = metricsLimits): Promise<MetricsServer> {
  const server = createServer(
    {
      maxHeaderSize: limits.headerBytes,
      requestTimeout: limits.requestMs,
      headersTimeout: limits.requestMs,
      keepAliveTimeout: limits.idleMs,
      // How often Node looks for requests past their time, waking an idle supervisor each time:
      // as often as the session poll does by default, so a slow sender is cut within twice this.
      connectionsCheckingInterval: limits.requestMs,
    },
    (request, response) => answer(request, response, render),
  );
  server.maxConnections = limits.connections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listen.address.text, port: listen.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : listen.port;
  return {
    address: listen.address.family === 'ipv6' ? `[${listen.address.text}]:${port}` : `${listen.address.text}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(request: IncomingMessage, response: ServerResponse, render: () => string): void {
  // A body, if a client sends one, is read and dropped: nothing of a request is kept.
  request.resume();
  const path = (request.url ?? '').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('only GET /metrics\n');
  } else if (path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics\n');
  } else {
    const body = render();
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}
