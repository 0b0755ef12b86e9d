/**
 * Runs `task` now (when `immediately`) and every `intervalMs`, one run at a time: a slow run
 * delays the next rather than overlapping it. `stop()` waits for the run under way.
 */
export function every(intervalMs: number, task: () => Promise<void>, onError: (error: unknown) => void, options: { immediately?: boolean } = {}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(task).catch(onError);
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  if (options.immediately) run();
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
