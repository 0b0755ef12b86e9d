import { InputFileError } from '../errors.js';
import { legacyAliases, variableNames } from './variables.js';
import { shown } from './shown.js';

export interface EnvFile {
  readonly values: Record<string, string>;
  /** Keys that are not a setting of frr-supervisor (typos, most likely). */
  readonly warnings: readonly string[];
}

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses KEY=VALUE lines exactly as Talos ExtensionServiceConfig `environment` entries are
 * written: the value is everything after the first `=`, literal (no quotes, no expansion, a `#`
 * inside a value is part of it). Blank lines and lines starting with `#` are skipped.
 */
export function parseEnvFile(text: string, fileName: string): EnvFile {
  const values: Record<string, string> = {};
  const seenAt = new Map<string, number>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const number = i + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line.trim() : line.slice(0, equals).trim();
    if (equals < 0 || !keyPattern.test(key)) {
      // Only what stands before any '=': the rest may be a secret (`export API_TOKEN=...`).
      problems.push(`${fileName}:${number}: ${shown(key)}${equals < 0 ? '' : '=...'} is not KEY=VALUE; expected e.g. NODE_IP=10.10.10.10`);
      return;
    }
    const earlier = seenAt.get(key);
    if (earlier !== undefined) {
      problems.push(`${fileName}:${number}: ${key} is set again (first on line ${earlier}); expected each variable once`);
      return;
    }
    seenAt.set(key, number);
    values[key] = line.slice(equals + 1);
    if (!(variableNames as readonly string[]).includes(key) && !legacyAliases.has(key)) {
      warnings.push(`${fileName}:${number}: ${key} is not a setting of frr-supervisor; ignored`);
    }
  });
  if (problems.length > 0) throw new InputFileError(`cannot read the env file ${fileName}`, problems);
  return { values, warnings };
}
