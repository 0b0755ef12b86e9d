import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { frrFacts } from '../../src/frr/facts.js';
import { createLogger } from '../../src/log.js';
import type { BfdPacketSession } from '../../src/supervise/bfd-admin-down.js';
import { statusKeeper } from '../../src/supervise/status-file.js';
import { superviseFrr, type StopParts } from '../../src/supervise/supervise-frr.js';
import { fakeVty } from '../helpers/fake-vty.js';
import { useTempDir } from '../helpers/temp.js';
import { freePort } from '../helpers/free-port.js';

/**
 * The supervision policy (supervise-frr.ts) around a real child process in FRR's place (it prints
 * each signal it gets), with bgpd's and bfdd's vty sockets answering as FRR's do and the stop's
 * two outside effects (AdminDown packets, FRR's stop sequence) recorded instead of done. The real
 * ones have tests of their own (netns/bfd-admin-down, uml/run).
 */
describe('the supervision policy', () => {
  const tempDir = useTempDir();
  let servers: Server[] = [];
  afterEach(() => {
    for (const server of servers) server.close();
    servers = [];
  });

  const bfdSessionUp = {
    peer: 'fe80::2',
    local: 'fe80::1',
    interface: 'eth0',
    vrf: 'default',
    status: 'up',
    id: 11,
    'remote-id': 22,
    'detect-multiplier': 3,
    'transmit-interval': 300,
    'receive-interval': 300,
  };

  // After a graceful restart: both told End-of-RIB, the speaker's received.
  const neighbors = {
    default: { eth0: { bgpState: 'Established', gracefulRestartInfo: { endOfRibSend: { ipv4Unicast: true }, endOfRibRecv: { ipv4Unicast: true } } } },
    metallb: { 'fda1:b2c3:d4e5:1::1': { bgpState: 'Established', gracefulRestartInfo: { endOfRibSend: {}, endOfRibRecv: { ipv4Unicast: true } } } },
  };

  async function supervise(
    restartedGracefully = false,
    command = [process.execPath, join(import.meta.dirname, '..', 'fixtures', 'forever.mjs')],
    more: Record<string, string> = {},
  ) {
    const runDir = tempDir();
    servers = [
      await fakeVty(runDir, 'bgpd', { 'show bgp vrf all summary json': '{}', 'show bgp vrf all neighbors json': JSON.stringify(neighbors) }),
      await fakeVty(runDir, 'bfdd', { 'show bfd peers json': JSON.stringify([bfdSessionUp]) }),
    ];
    const { settings } = loadSettings({
      NODE_IP: '10.0.0.1',
      ASN_LOCAL: '65001',
      FE_PORT_NAMES: 'eth0',
      FRR_RUN_DIR: runDir,
      SESSION_POLL_SECONDS: '1',
      FRR_START_COMMAND: command.join(' '),
      ...more,
    });
    const facts = frrFacts({
      version: { major: 10, minor: 7, text: '10.7.1' },
      bfd: true,
      binDir: '/usr/lib/frr',
      vtyshProgram: '/usr/bin/vtysh',
      configDir: runDir,
      runDir,
      pathspace: undefined,
    });
    const lines: string[] = [];
    const handlers = new Map<string, (signal: NodeJS.Signals) => void>();
    const events: string[] = [];
    const told: BfdPacketSession[][] = [];
    const parts: StopParts = {
      sendAdminDown: async (sessions) => {
        events.push('AdminDown');
        told.push([...sessions]);
        return { told: sessions.length, problems: [] };
      },
      stopFrr: async () => {
        events.push('FRR stopped');
        return { stopped: [], killed: [], ms: 0 };
      },
    };
    const io = {
      env: {},
      onSignals: (signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void) => {
        for (const signal of signals) handlers.set(signal, handler);
        return () => signals.forEach((signal) => handlers.delete(signal));
      },
      codeCache: { state: 'off: test', keep: () => undefined },
    };
    const drainLink = { present: async () => false, watch: () => () => undefined };
    const status = statusKeeper(runDir, '', new Date().toISOString(), [], []);
    const logger = createLogger('text', (line) => lines.push(line.trimEnd()));
    const exit = superviseFrr(
      { settings, facts, command, fabric: ['eth0'], frrConf: 'bfd\n profile fabric\n exit\nexit\n', drainLink, logger, status, restartedGracefully },
      io,
      parts,
    );
    const signal = (name: NodeJS.Signals) => handlers.get(name)?.(name);
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      return what();
    };
    return { exit, lines, events, told, signal, until };
  }

  it("forwards SIGHUP, SIGUSR1 and SIGUSR2 to FRR's start command", async () => {
    const run = await supervise();
    expect(await run.until(() => run.lines.some((line) => line.endsWith('ready'))), run.lines.join('\n')).toBe(true);
    for (const name of ['SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const) {
      run.signal(name);
      expect(await run.until(() => run.lines.some((line) => line.endsWith(`got ${name}`))), `${name} reached FRR's start command`).toBe(true);
    }
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('at a planned stop, tells each BFD session that is up (AdminDown) before FRR stops', async () => {
    const run = await supervise();
    // The monitor has seen the session up.
    expect(await run.until(() => run.lines.some((line) => line.includes('bfd fe80::2 on eth0 vrf default: new -> up')))).toBe(true);
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.events).toEqual(['AdminDown', 'FRR stopped']);
    expect(run.told).toEqual([[expect.objectContaining({ peer: 'fe80::2', interface: 'eth0', localDiscriminator: 11, remoteDiscriminator: 22 })]]);
    expect(run.lines.some((line) => line.includes('told 1 BFD peer the stop is planned (AdminDown)'))).toBe(true);
  });

  it('after a graceful restart, says when the fabric got its End-of-RIB and that the speaker had sent its own', async () => {
    const run = await supervise(true);
    expect(await run.until(() => run.lines.some((line) => line.includes('End-of-RIB sent to every fabric peer')))).toBe(true);
    expect(run.lines.find((line) => line.includes('End-of-RIB sent'))).toMatch(
      /INFO {2}supervisor: End-of-RIB sent to every fabric peer \d+ s after FRR started, once the speaker's routes were in/,
    );
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('after a first start, asks nothing about End-of-RIB', async () => {
    const run = await supervise(false);
    expect(await run.until(() => run.lines.some((line) => line.includes('bfd fe80::2')))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.lines.some((line) => line.includes('End-of-RIB'))).toBe(false);
  });

  it("ends with the code of FRR's start command when it exits on its own, and stops what is left of FRR", async () => {
    const run = await supervise(false, [process.execPath, '-e', 'setTimeout(()=>process.exit(3),300)']);
    expect(await run.exit).toBe(3);
    expect(run.events).toContain('FRR stopped');
    expect(run.lines.join('\n')).toMatch(/exit|ended/i);
  });

  it('serves the status as Prometheus metrics at METRICS_ADDRESS while FRR runs, and not after its stop', async () => {
    const port = await freePort();
    const run = await supervise(false, undefined, { METRICS_ADDRESS: `127.0.0.1:${port}` });
    expect(await run.until(() => run.lines.some((line) => line.includes('bfd fe80::2 on eth0 vrf default: new -> up')))).toBe(true);
    expect(run.lines.some((line) => line.includes(`Prometheus metrics at http://127.0.0.1:${port}/metrics`))).toBe(true);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('frr_supervisor_frr_running 1');
    expect(text).toContain('frr_supervisor_bfd_session_up{vrf="default",peer="fe80::2",interface="eth0"} 1');
    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
