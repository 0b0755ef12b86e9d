import { constants } from 'node:os';

/**
 * PID-1 exit codes, as tini and dumb-init define them, so Talos (and anyone reading
 * `talosctl services`) can tell what happened from the code alone:
 *   - the child's own exit code when it exited;
 *   - 128 + signal number when a signal killed it;
 *   - 127 when the program was not found, 126 when it could not be executed.
 * The supervisor's own failures use the sysexits codes of errors.ts (64..78).
 */
export type ChildEnd = { readonly code: number } | { readonly signal: NodeJS.Signals } | { readonly spawnError: string };

export function exitCodeFor(end: ChildEnd): number {
  if ('code' in end) return end.code;
  if ('signal' in end) return 128 + (constants.signals[end.signal] ?? 0);
  return end.spawnError === 'ENOENT' ? 127 : 126;
}

export function describeEnd(end: ChildEnd): string {
  if ('code' in end) return `exited with ${end.code}`;
  if ('signal' in end) return `was killed by ${end.signal}`;
  return `could not be started (${end.spawnError})`;
}

/**
 * The exit code when FRR's start command ended without being asked to: never 0, even when it
 * exited 0, because FRR is no longer running and Talos restarts only a service that failed.
 */
export function exitCodeForUnaskedEnd(end: ChildEnd): number {
  const code = exitCodeFor(end);
  return code === 0 ? 1 : code;
}
