import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIp } from '../../src/config/ip.js';
import { metricsLimits, serveMetrics, type MetricsServer } from '../../src/supervise/metrics-server.js';
import { freePort } from '../helpers/free-port.js';

/**
 * The metrics endpoint on real sockets: what a scraper gets, and what a bad client can cost.
 * The limits are the real ones but for the request time, shortened so the test does not wait.
 */
describe('the metrics endpoint', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const limits = { ...metricsLimits, requestMs: 400, idleMs: 400 };
  const loopback = parseIp('127.0.0.1');
  if (!loopback) throw new Error('127.0.0.1 did not parse');

  async function start(render = () => 'frr_supervisor_converged 1\n') {
    server = await serveMetrics({ address: loopback as NonNullable<typeof loopback>, port: await freePort() }, render, limits);
    const [host = '', port = ''] = server.address.split(':');
    return { host, port: Number(port) };
  }

  /** Sends `request` as it is and returns what came back before the server closed or 2 s passed. */
  function exchange(at: { host: string; port: number }, request: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(at.port, at.host);
      let reply = '';
      socket.on('data', (data) => (reply += data.toString()));
      socket.on('error', () => resolve(reply));
      socket.on('close', () => resolve(reply));
      socket.write(request);
      setTimeout(() => {
        socket.destroy();
        resolve(reply);
      }, 2000);
    });
  }

  it('answers GET /metrics with the Prometheus text the render gives, and HEAD with its headers alone', async () => {
    const at = await start();
    const get = await fetch(`http://${at.host}:${at.port}/metrics`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await get.text()).toBe('frr_supervisor_converged 1\n');
    const head = await fetch(`http://${at.host}:${at.port}/metrics?x=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses other methods (405) and other paths (404)', async () => {
    const at = await start();
    const post = await fetch(`http://${at.host}:${at.port}/metrics`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`http://${at.host}:${at.port}/`)).status).toBe(404);
    expect((await fetch(`http://${at.host}:${at.port}/metrics/../etc/passwd`)).status).toBe(404);
  });

  it('refuses headers over its limit (431)', async () => {
    const at = await start();
    const reply = await exchange(at, `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(metricsLimits.headerBytes)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('cuts a client that sends its request too slowly', async () => {
    const at = await start();
    const reply = await exchange(at, 'GET /metrics HTTP/1.1\r\nHost: x\r\n');
    // No end of headers: the server answers 408 and closes once the request time is up, within
    // the 2 s the exchange waits (the limit is 0.4 s here).
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('holds at most its number of connections; a scrape works again once they are gone', async () => {
    const at = await start();
    const sockets: Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < metricsLimits.connections + 4; i += 1) {
      const socket = connect(at.port, at.host);
      socket.on('error', () => undefined);
      const index = i;
      closed[index] = false;
      socket.on('close', () => (closed[index] = true));
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed.filter(Boolean).length).toBe(4);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`http://${at.host}:${at.port}/metrics`)).status).toBe(200);
  });

  it('rejects an address that is not this host', async () => {
    const elsewhere = parseIp('192.0.2.77');
    if (!elsewhere) throw new Error('192.0.2.77 did not parse');
    await expect(serveMetrics({ address: elsewhere, port: await freePort() }, () => '')).rejects.toThrow(/EADDRNOTAVAIL/);
  });
});
