/**
 * Reading the variables' raw values: the environment, old names, X_FILE files and
 * FRR_EXTRA_CONFIG_FILE, each refused here when it cannot be read as one line of text.
 */
import { hasLineUnsafeCharacter } from '../one-line.js';
import type { Problems, RawValue } from './problems.js';
import type { Environment, ExtraConfig, NamedFile } from './settings.js';
import { shown } from './shown.js';
import { variables, type VariableName, type VariableValues } from './variables.js';
import type { VariableSpec } from './variable-spec.js';

/** The value a file such as SPEAKER_PASSWORD_FILE holds: its one line, without the line's end. */
export function valueInFile(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** The most a file of a secret, and a file of extra config, may hold. */
const largestSecretFile = 4096;
const largestConfigFile = 65536;

/**
 * The files the settings name (secrets, extra config): what the caller reads, as root, before
 * loadSettings, which stays pure. Paths that are not absolute are left to the schema to refuse.
 */
export function filesNamed(env: Environment): { readonly variable: string; readonly path: string; readonly secret: boolean; readonly largest: number }[] {
  return variables.flatMap((spec: VariableSpec) => {
    const path = spec.fileFor || spec.holdsConfig ? trimmedValue(env, spec.name) : undefined;
    if (!path?.startsWith('/')) return [];
    return [{ variable: spec.name, path, secret: spec.fileFor !== undefined, largest: spec.holdsConfig ? largestConfigFile : largestSecretFile }];
  });
}

function trimmedValue(env: Environment, key: string): string | undefined {
  const value = env[key];
  if (value === undefined) return undefined;
  const trimmed = value.replace(/^ +| +$/g, '');
  return trimmed === '' ? undefined : trimmed; // an empty value counts as unset
}

export function collectRawValues(env: Environment, files: ReadonlyMap<string, NamedFile>, problems: Problems, warnings: string[]): Map<VariableName, RawValue> {
  const raw = new Map<VariableName, RawValue>();
  const read = (key: string): string | undefined => trimmedValue(env, key);

  for (const spec of variables) {
    const name = spec.name as VariableName;
    const current = read(name);
    const legacyName = 'legacyName' in spec ? spec.legacyName : undefined;
    const legacy = legacyName ? read(legacyName) : undefined;
    if (legacyName && legacy !== undefined) {
      if (current === undefined) {
        warnings.push(`${legacyName} is the old name of ${name}: using ${legacyName}=${shown(legacy)}; rename it to ${name}`);
        raw.set(name, { text: legacy, origin: { legacy: legacyName } });
        continue;
      }
      if (current !== legacy) {
        problems.add(
          name,
          { text: current, origin: 'set' },
          `conflicts with its old name ${legacyName}=${shown(legacy)}; expected only ${name}: remove ${legacyName}`,
        );
      } else {
        warnings.push(`${legacyName} repeats ${name} under its old name; remove ${legacyName}`);
      }
    }
    if (current !== undefined) raw.set(name, { text: current, origin: 'set' });
    else if ('defaultValue' in spec) raw.set(name, { text: spec.defaultValue, origin: 'default' });
  }
  takeValuesFromFiles(raw, files, problems);

  for (const [name, value] of raw) {
    if (hasLineUnsafeCharacter(value.text)) {
      problems.add(name, value, 'contains a control character (newline, tab, ...); expected a single line of text');
    }
  }
  return raw;
}

/** X_FILE set: X's value is the file's content (its one line), unless X is set too. */
function takeValuesFromFiles(raw: Map<VariableName, RawValue>, files: ReadonlyMap<string, NamedFile>, problems: Problems): void {
  for (const spec of variables as readonly VariableSpec[]) {
    const fileValue = raw.get(spec.name as VariableName);
    if (!spec.fileFor || !fileValue || problems.has(spec.name as VariableName)) continue;
    const target = spec.fileFor as VariableName;
    if (raw.has(target)) {
      problems.add(target, raw.get(target), `set together with ${spec.name}; expected one of them: remove one`);
      continue;
    }
    const file = files.get(spec.name);
    if (!file) continue; // not an absolute path: its schema says so
    if ('problem' in file) {
      problems.add(
        spec.name as VariableName,
        fileValue,
        `${file.problem}; expected ${file.expected ?? "a regular file of root's, writable by root only, holding the value on one line"}`,
      );
      continue;
    }
    const text = valueInFile(file.text);
    if (text === '') problems.add(spec.name as VariableName, fileValue, `is empty; expected the value of ${target} on one line`);
    else raw.set(target, { text, origin: { file: spec.name } });
  }
}

/**
 * FRR_EXTRA_CONFIG_FILE's text, each line safe to print and to hand to FRR (no control or
 * invisible characters). What its lines may change is checked against the rendered config
 * (render/extra-config.ts): the supervisor's own lines are known only there.
 */
export function readExtraConfig(
  parsed: Partial<VariableValues>,
  files: ReadonlyMap<string, NamedFile>,
  raw: Map<VariableName, RawValue>,
  problems: Problems,
): ExtraConfig | undefined {
  const path = parsed.FRR_EXTRA_CONFIG_FILE;
  const file = path === undefined ? undefined : files.get('FRR_EXTRA_CONFIG_FILE');
  if (path === undefined || !file) return undefined;
  const at = (message: string) => problems.add('FRR_EXTRA_CONFIG_FILE', raw.get('FRR_EXTRA_CONFIG_FILE'), message);
  if ('problem' in file) {
    at(`${file.problem}; expected ${file.expected ?? "a regular file of root's, writable by root only, holding FRR config"}`);
    return undefined;
  }
  const unsafe = file.text
    .split('\n')
    .map((line, i) => [i + 1, line.replace(/\r$/, '')] as const)
    .filter(([, line]) => hasLineUnsafeCharacter(line));
  if (unsafe.length > 0) {
    at(
      `line${unsafe.length > 1 ? 's' : ''} ${unsafe
        .slice(0, 5)
        .map(([n, line]) => `${n} (${shown(line, 60)})`)
        .join(
          ', ',
        )} ${unsafe.length > 1 ? 'have' : 'has'} a control or invisible character (a tab, an escape, U+200B, ...); expected plain text, indented with spaces`,
    );
    return undefined;
  }
  return { path, text: file.text.replace(/\r\n/g, '\n') };
}
