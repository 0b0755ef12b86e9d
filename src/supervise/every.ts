/**
 * Runs `task` now (when `immediately`) and every `intervalMs`, one run at a time: a slow run
 * delays the next rather than overlapping it, and calls that come while a run is waiting make
 * no more. `now()` asks for a run at once (an event said there is work). `stop()` waits for the
 * run under way.
 */
export function every(
  intervalMs: number,
  task: () => Promise<void>,
  onError: (error: unknown) => void,
  options: { immediately?: boolean } = {},
): { now(): void; stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  const run = () => {
    if (waiting || stopped) return;
    waiting = true;
    running = running
      .then(() => {
        waiting = false;
        return stopped ? undefined : task();
      })
      .catch(onError);
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  if (options.immediately) run();
  return {
    now: run,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
