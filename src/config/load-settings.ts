import { ConfigError } from '../errors.js';
import { checkAcrossVariables, withPathspace } from './cross-checks.js';
import { Problems, type RawValue } from './problems.js';
import { collectRawValues, readExtraConfig } from './raw-values.js';
import { isDocumentationAsn } from './schema.js';
import type { Environment, ExtraConfig, FabricSelector, LoadedSettings, NamedFile, Settings } from './settings.js';
import { variables, type VariableName, type VariableValues } from './variables.js';
import type { VariableSpec } from './variable-spec.js';

/**
 * Reads, validates and types every variable of the contract from `env`, reporting every
 * problem at once: one line per variable naming it, its value, what is wrong and what would be
 * right. Throws ConfigError when any line is an error. Pure: `env` is injected.
 */
export function loadSettings(env: Environment, files: ReadonlyMap<string, NamedFile> = new Map()): LoadedSettings {
  const problems = new Problems();
  const warnings: string[] = [];
  const raw = collectRawValues(env, files, problems, warnings);

  const parsed: Partial<VariableValues> = {};
  for (const { name, schema } of variables) {
    const value = raw.get(name);
    if (!value || problems.has(name)) continue; // unset, or already refused as a whole (control character, old-name conflict)
    const result = schema.safeParse(value.text);
    if (result.success) (parsed as Record<string, unknown>)[name] = result.data;
    else for (const issue of result.error.issues) problems.add(name, value, issue.message);
  }

  const extraConfig = readExtraConfig(parsed, files, raw, problems);
  const settings = assemble(parsed, raw, problems, extraConfig);
  for (const name of ['ASN_LOCAL', 'ASN_VRF_METALLB', 'ASN_METALLB_SPEAKER'] as const) {
    const asn = parsed[name];
    if (asn !== undefined && isDocumentationAsn(asn))
      warnings.push(`${name}=${asn} is an AS number for documentation (RFC 5398); expected a private AS on a real fabric, e.g. 4200001001`);
  }
  if (problems.size > 0 || !settings) {
    throw new ConfigError(`invalid settings: ${problems.size} variable${problems.size === 1 ? '' : 's'} to fix, nothing was changed`, [
      ...problems.lines(),
      ...warnings.map((warning) => `(warning) ${warning}`),
    ]);
  }
  return { settings, warnings };
}

function assemble(
  parsed: Partial<VariableValues>,
  raw: Map<VariableName, RawValue>,
  problems: Problems,
  extraConfig: ExtraConfig | undefined,
): Settings | undefined {
  const { peer, numberedPeers } = checkAcrossVariables(parsed, raw, problems);
  if (problems.size > 0 || !peer) return undefined;
  const values = complete(parsed);
  const fabric: FabricSelector = values.FE_MACS ? { by: 'mac', macs: values.FE_MACS } : { by: 'name', names: values.FE_PORT_NAMES ?? [] };
  return {
    nodeIp: values.NODE_IP,
    asnLocal: values.ASN_LOCAL,
    fabric,
    numberedPeers,
    asnVrfMetallb: values.ASN_VRF_METALLB,
    asnMetallbSpeaker: values.ASN_METALLB_SPEAKER,
    vrfName: values.VRF_METALLB,
    vrfTableId: values.METALLB_VRF_ROUTE_TABLE_ID,
    peer,
    interfaceMtu: values.INTERFACE_MTU,
    bfd: values.ENABLE_BFD,
    fabricPassword: values.FABRIC_PASSWORD,
    fabricExport: {
      communities: values.FABRIC_COMMUNITIES ?? { standard: [], large: [] },
      lbCommunities: values.FABRIC_LB_COMMUNITIES ?? { standard: [], large: [] },
      prepend: values.FABRIC_AS_PATH_PREPEND,
    },
    fabricWaitSeconds: values.FE_WAIT_SECONDS,
    profile: values.FRR_PROFILE,
    gracefulShutdown: values.BGP_GRACEFUL_SHUTDOWN,
    logFormat: values.LOG_FORMAT,
    sessionPollSeconds: values.SESSION_POLL_SECONDS,
    metrics: values.METRICS_ADDRESS,
    speaker: {
      allowedPrefixes: values.SPEAKER_ALLOWED_PREFIXES,
      maxPrefixes: values.SPEAKER_MAX_PREFIXES,
      password: values.SPEAKER_PASSWORD,
      ttlSecurity: values.SPEAKER_TTL_SECURITY,
    },
    frr: {
      pathspace: values.FRR_PATHSPACE,
      configDir: withPathspace(values.FRR_CONFIG_DIR, values.FRR_PATHSPACE),
      runDir: withPathspace(values.FRR_RUN_DIR, values.FRR_PATHSPACE),
      binDir: values.FRR_BIN_DIR,
      startCommand: values.FRR_START_COMMAND,
    },
    extraConfig,
    secrets: variables.flatMap((spec: VariableSpec) => {
      const value = spec.secret ? values[spec.name as VariableName] : undefined;
      return typeof value === 'string' ? [value] : [];
    }),
  };
}

/** The variables that have a value whenever the settings are valid: the required ones and those with a default. */
type AlwaysSet = Extract<(typeof variables)[number], { readonly required: 'yes' } | { readonly defaultValue: string }>['name'];
type CompleteValues = Pick<VariableValues, AlwaysSet> & Partial<VariableValues>;

/**
 * The parsed values, typed as complete: with no problem left, every required variable was set
 * and every default applied, which the table says and this checks once for all of them.
 */
function complete(parsed: Partial<VariableValues>): CompleteValues {
  const missing = variables.filter((spec) => (spec.required === 'yes' || 'defaultValue' in spec) && parsed[spec.name] === undefined);
  if (missing.length > 0) throw new Error(`settings: ${missing.map((spec) => spec.name).join(', ')} missing with no problem reported`);
  return parsed as CompleteValues;
}
