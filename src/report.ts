import { ExitCode, SupervisorError, type ExitCodeValue } from './errors.js';

/** The lines an error prints, and the exit code it leads to. */
export function describeFailure(error: unknown): { lines: string[]; exitCode: ExitCodeValue } {
  if (error instanceof SupervisorError) {
    return { lines: [`error: ${error.message}`, ...error.details.map((detail) => `  ${detail}`)], exitCode: error.exitCode };
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { lines: [`internal error (please report it): ${text}`], exitCode: ExitCode.internal };
}
