import { processOfLogTag } from '../frr/facts.js';
import { startScriptPrefix } from '../frr/start-script.js';
import { knownFrrLine } from './frr-known-lines.js';

export type FrrLineLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

export interface FrrLine {
  /** The process that wrote it, from FRR's tag; 'frr-start' for the start script; else undefined. */
  readonly daemon: string | undefined;
  readonly message: string;
  readonly level: FrrLineLevel;
  /** Why a known line has the level it has rather than FRR's (frr-known-lines.ts). */
  readonly why?: string;
  /** The severity FRR gave a known line (recorded, or a warning by its error code), when above INFO. */
  readonly frrLevel?: FrrLineLevel;
}

/** The text to log for FRR's line: its message, and for a known line FRR's own level and why it is not kept. */
export function loggedText(line: FrrLine): string {
  if (!line.why) return line.message;
  return `${line.message} (${line.frrLevel ? `FRR: ${line.frrLevel.toUpperCase()}; ` : ''}${line.why})`;
}

/** FRR's names of the syslog priorities, as `log record-priority` writes them. */
const levelOfPriority: Readonly<Record<string, FrrLineLevel>> = {
  emergencies: 'fatal',
  alerts: 'fatal',
  critical: 'fatal',
  errors: 'error',
  warnings: 'warn',
  notifications: 'info',
  informational: 'info',
  debugging: 'debug',
};

// "2026/11/22 04:49:02.123 warnings: BGP: [SHWNK-NWT5S][EC 100663304] message"; the priority
// only where FRR records it (daemon-log.conf), the unique id and error code where FRR has them.
const frrFormat =
  /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? (?:(emergencies|alerts|critical|errors|warnings|notifications|informational|debugging): )?(\w+): (?:\[[\w-]+\](\[EC \d+\])? ?)?(.*)$/;

/**
 * One line from FRR, from the daemons' log file or from the start command's output (watchfrr,
 * the start script, vtysh, a daemon before it forks), with the severity FRR gave it. Where FRR
 * recorded none (watchfrr, mgmtd and FRR 10's staticd, which read no config file to turn it on), a line with an error code is
 * a warning at least: FRR gives codes only to its errors and warnings (flog_err, flog_warn).
 */
export function parseFrrLine(line: string): FrrLine {
  return judged(asFrrSaidIt(line));
}

function asFrrSaidIt(line: string): FrrLine {
  const frr = frrFormat.exec(line);
  if (frr) {
    const [, priority, tag = '', errorCode, message = ''] = frr;
    const level = (priority ? levelOfPriority[priority] : undefined) ?? (errorCode ? 'warn' : 'info');
    return { daemon: processOfLogTag[tag] ?? tag.toLowerCase(), message, level };
  }
  if (line.startsWith(startScriptPrefix)) {
    // The start script's own lines (frr/start-script.ts), frrcommon.sh's messages among them.
    const message = line.slice(startScriptPrefix.length);
    const severity = /^(error|warning): /.exec(message)?.[1];
    return { daemon: 'frr-start', message, level: severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'info' };
  }
  // A daemon's own output before it forks (mgmtd's and staticd's "Unable to set log file"), or watchfrr's.
  return { daemon: undefined, message: line, level: 'info' };
}

/** A known line (frr-known-lines.ts) at the level it deserves, FRR's own kept beside why. */
function judged(line: FrrLine): FrrLine {
  const known = knownFrrLine(line.message);
  if (!known) return line;
  return { ...line, level: known.level, why: known.why, ...(line.level !== 'info' ? { frrLevel: line.level } : {}) };
}
