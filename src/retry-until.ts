/**
 * The one wait loop: tries until an attempt succeeds or time is up, saying once that it waits.
 * At boot, NICs appear, come up and get their addresses after the service starts; the clock is
 * injectable so that the loop's logic is tested without waiting.
 */
export interface RetryOptions<P> {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called once, with the first attempt's problem, when waiting begins. */
  readonly onWait?: (problem: P) => void;
}

export type Attempt<T, P> = { readonly value: T } | { readonly problem: P };

/** `giveUp` turns the last attempt's problem into the error thrown when time is up. */
export async function retryUntil<T, P>(attempt: () => Promise<Attempt<T, P>>, giveUp: (problem: P) => Error, options: RetryOptions<P>): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    const outcome = await attempt();
    if ('value' in outcome) return outcome.value;
    if (now() >= deadline) throw giveUp(outcome.problem);
    if (!waiting) options.onWait?.(outcome.problem);
    waiting = true;
    await sleep(Math.min(options.intervalMs ?? 500, Math.max(0, deadline - now())));
  }
}
