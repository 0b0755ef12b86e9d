import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { watchConfigApply } from '../../src/supervise/apply-watch.js';
import { repoRoot } from '../helpers/bundle.js';

/**
 * The apply watch with a real child process in vtysh's place (it exits with the code given):
 * what it logs, records and decides when FRR ran only part of frr.conf.
 */
const exitWith = (code: number) => [process.execPath, join(repoRoot, 'test', 'fixtures', 'exit-with.mjs'), String(code)];
const cutShort = [
  'Forked background command [pid 21]: /usr/lib/frr/watchfrr.sh restart all',
  'restart all child process 21 still running after 20 seconds, sending signal 15',
  'all daemons up, doing startup-complete notify',
];

async function watch(vtyshExit: number, lines: readonly string[]) {
  const log: string[] = [];
  const statuses: { state: string; repairs: number }[] = [];
  const w = watchConfigApply({
    vtysh: exitWith(vtyshExit),
    logger: createLogger('text', (l) => log.push(l)),
    onStatus: (s) => statuses.push(s),
    alive: () => false,
    intervalMs: 20,
  });
  for (const line of lines) w.observe(line);
  const gaveUp = await Promise.race([w.unrecoverable, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000))]);
  await w.stop();
  return { log: log.join(''), statuses, gaveUp };
}

describe('the apply watch', () => {
  it('applies the whole config again when FRR ran part of it, and says so', async () => {
    const { log, statuses, gaveUp } = await watch(0, cutShort);
    expect(gaveUp).toBeUndefined();
    expect(log).toMatch(/ERROR supervisor: FRR runs only part of frr.conf: watchfrr killed its job "all"/);
    expect(log).toMatch(/WARN {2}supervisor: frr.conf re-applied: FRR now runs all of it/);
    expect(log).toMatch(/FRR runs the whole frr.conf: applied again by the supervisor \(1 time\)/);
    expect(statuses.map((s) => s.state)).toEqual(['failed', 'applied']);
    expect(statuses.at(-1)?.repairs).toBe(1);
  });

  it('gives up when FRR refuses the config again, so the service can stop', async () => {
    const { log, statuses, gaveUp } = await watch(13, cutShort);
    expect(gaveUp?.join('\n')).toMatch(/watchfrr killed its job "all"/);
    expect(log).toMatch(/ERROR supervisor: FRR refused frr.conf again \(vtysh -b exited with 13\)/);
    expect(statuses.map((s) => s.state)).toEqual(['failed']);
  });

  it("polls only while a job applies frr.conf, and again from watchfrr's next line", async () => {
    vi.useFakeTimers();
    try {
      let jobAlive = true;
      const w = watchConfigApply({
        vtysh: exitWith(0),
        logger: createLogger('text', () => undefined),
        onStatus: () => undefined,
        alive: () => jobAlive,
        intervalMs: 20,
      });
      w.observe('Forked background command [pid 21]: /usr/lib/frr/watchfrr.sh restart all');
      await vi.advanceTimersByTimeAsync(100);
      expect(vi.getTimerCount()).toBe(1);
      jobAlive = false;
      w.observe('all daemons up, doing startup-complete notify');
      await vi.advanceTimersByTimeAsync(100);
      expect(vi.getTimerCount()).toBe(0);
      w.observe('Forked background command [pid 22]: /usr/lib/frr/watchfrr.sh restart bgpd');
      expect(vi.getTimerCount()).toBe(1);
      await w.stop();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not apply again while a daemon has not come up yet (vtysh would skip it and exit 0)', async () => {
    const { log, statuses } = await watch(0, cutShort.slice(0, 2));
    expect(log).not.toContain('applying the whole frr.conf again');
    expect(statuses.map((s) => s.state)).toEqual(['failed']);
  });
});
