/**
 * Every failure the product reports is one of these classes. Each carries a stable code and the
 * process exit code it leads to, so that the composition root is the only place that turns an
 * error into an exit, and operators can tell from the exit code alone which kind of problem
 * stopped the service (`talosctl services` shows it).
 *
 * The numbers follow sysexits.h so they stay clear of the child-process codes a supervisor
 * passes through (a child's own code, 128 + signal, 126/127 when exec fails).
 */
export const ExitCode = {
  ok: 0,
  /** Bad command line: unknown subcommand or option. */
  usage: 64,
  /** FRR itself rejected the rendered configuration. */
  frrRejected: 65,
  /** An input file (env file, links file) is missing or malformed. */
  badInput: 66,
  /** Something the host must provide is not there: an interface, an FRR binary. */
  unavailable: 69,
  /** A bug in frr-supervisor: please report it. */
  internal: 70,
  /** A system call or kernel request failed. */
  system: 71,
  /** Writing an output file failed. */
  io: 74,
  /** The settings (environment variables) are invalid. Nothing was changed. */
  config: 78,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class SupervisorError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCodeValue;
  /** Lines printed under the message, one problem each. */
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The settings are wrong; `details` holds one line per variable. */
export class ConfigError extends SupervisorError {
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = ExitCode.config;
}

export class UsageError extends SupervisorError {
  readonly code = 'USAGE';
  readonly exitCode = ExitCode.usage;
}

export class InputFileError extends SupervisorError {
  readonly code = 'INPUT_INVALID';
  readonly exitCode = ExitCode.badInput;
}

/** The host lacks something the settings ask for (a MAC no link has, a missing interface). */
export class HostMismatchError extends SupervisorError {
  readonly code = 'HOST_MISMATCH';
  readonly exitCode = ExitCode.unavailable;
}

/** A program frr-supervisor needs (vtysh, an FRR daemon) is not installed where expected. */
export class MissingProgramError extends SupervisorError {
  readonly code = 'PROGRAM_MISSING';
  readonly exitCode = ExitCode.unavailable;
}

/** FRR's own check refused the rendered configuration; `details` holds FRR's complaints. */
export class FrrRejectedError extends SupervisorError {
  readonly code = 'FRR_REJECTED';
  readonly exitCode = ExitCode.frrRejected;
}

export class OutputError extends SupervisorError {
  readonly code = 'OUTPUT_FAILED';
  readonly exitCode = ExitCode.io;
}

export class SystemError extends SupervisorError {
  readonly code = 'SYSTEM_FAILED';
  readonly exitCode = ExitCode.system;
}
