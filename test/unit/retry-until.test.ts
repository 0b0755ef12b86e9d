import { describe, expect, it } from 'vitest';
import { retryUntil, type Attempt } from '../../src/retry-until.js';

/** A clock that moves only when the loop sleeps. */
const fakeClock = () => {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps };
};

describe('the wait loop', () => {
  it('returns the first success, having said once that it waits', async () => {
    const clock = fakeClock();
    const outcomes: Attempt<string, string>[] = [{ problem: 'eth1 missing' }, { problem: 'eth1 down' }, { value: 'ready' }];
    const waits: string[] = [];
    const value = await retryUntil(
      async () => outcomes.shift() ?? { problem: 'none left' },
      (p) => new Error(p),
      { timeoutMs: 10_000, intervalMs: 500, ...clock, onWait: (p) => waits.push(p) },
    );
    expect(value).toBe('ready');
    expect(waits).toEqual(['eth1 missing']);
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it("gives up at the deadline with the last attempt's problem, never sleeping past it", async () => {
    const clock = fakeClock();
    let n = 0;
    const run = retryUntil(
      async () => ({ problem: `attempt ${++n}` }),
      (p) => new Error(`gave up: ${p}`),
      { timeoutMs: 1200, intervalMs: 500, ...clock },
    );
    await expect(run).rejects.toThrow('gave up: attempt 4');
    expect(clock.sleeps).toEqual([500, 500, 200]);
  });

  it('with no time at all, tries once', async () => {
    const clock = fakeClock();
    await expect(
      retryUntil(
        async () => ({ problem: 'no' }),
        (p) => new Error(p),
        { timeoutMs: 0, ...clock },
      ),
    ).rejects.toThrow('no');
    expect(clock.sleeps).toEqual([]);
  });
});
