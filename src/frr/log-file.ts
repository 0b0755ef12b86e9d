import type { Settings } from '../config/settings.js';

/**
 * Where FRR's daemons log (frr.conf's `log file`): in FRR's run directory, which is the
 * supervisor's to clean and FRR's to write, and which the supervisor tails for FRR's lines.
 */
export function frrLogFile(settings: Settings): string {
  return `${settings.frr.runDir}/frr.log`;
}
