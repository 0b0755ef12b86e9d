import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ChildEnd } from './exit-policy.js';

export interface Child {
  readonly pid: number | undefined;
  /** Settles once, when the child has ended or could not start. */
  readonly ended: Promise<ChildEnd>;
  /** Sends a signal; false when the child is already gone (a warning, not an error, as in tini). */
  signal(signal: NodeJS.Signals): boolean;
}

/**
 * Starts `command` with `env` (the caller's: the process's environment is read only at the
 * root). Its output, when `onLine` is given, comes back line by line so the supervisor can log
 * it under the child's name; otherwise it shares the supervisor's stdio.
 */
export function startChild(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void },
): Child {
  let child: ChildProcess;
  const ended = new Promise<ChildEnd>((resolve) => {
    const stdio = options.onLine ? (['ignore', 'pipe', 'pipe'] as const) : (['ignore', 'inherit', 'inherit'] as const);
    child = spawn(command, [...args], { stdio: [...stdio], env: options.env, cwd: options.cwd });
    if (options.onLine) {
      const onLine = options.onLine;
      for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
    }
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ spawnError: error.code ?? error.message }));
    child.once('exit', (code, signal) => resolve(signal ? { signal } : { code: code ?? 0 }));
  });
  return {
    get pid() {
      return child.pid;
    },
    ended,
    signal(signal) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return false;
      try {
        return child.kill(signal);
      } catch {
        return false;
      }
    },
  };
}
