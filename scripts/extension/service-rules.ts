import { isObject } from '../../src/json.js';

/**
 * The rules Talos applies to an extension service definition (siderolabs/talos,
 * pkg/machinery/extensions/services/services.go), plus this product's own: no dependency on
 * network connectivity. Talos ignores unknown fields silently, so a misspelt field is reported
 * here too. Pure: takes the parsed YAML, returns one line per problem.
 */
const nameRe = /^[-_a-z0-9]{1,}$/;
const restartKinds = ['always', 'never', 'untilSuccess'];
const networkStatuses = ['addresses', 'connectivity', 'hostname', 'etcfiles'];
const dependencyKinds = ['service', 'path', 'network', 'time', 'configuration'] as const;
const knownFields: Record<string, readonly string[]> = {
  '': ['name', 'container', 'depends', 'restart'],
  container: ['entrypoint', 'environment', 'environmentFile', 'args', 'mounts', 'security'],
  'container.security': ['writeableSysfs', 'maskedPaths', 'readonlyPaths', 'writeableRootfs', 'rootfsPropagation'],
};

export function serviceProblems(spec: unknown): string[] {
  if (!isObject(spec)) return ['the service definition is not a YAML mapping'];
  const problems: string[] = [];
  for (const [path, fields] of Object.entries(knownFields)) {
    const node = path === '' ? spec : path.split('.').reduce<unknown>((n, key) => (isObject(n) ? n[key] : undefined), spec);
    if (!isObject(node)) continue;
    for (const key of Object.keys(node))
      if (!fields.includes(key)) problems.push(`${path ? `${path}.` : ''}${key}: unknown field, which Talos would ignore silently`);
  }
  if (typeof spec.name !== 'string' || !nameRe.test(spec.name)) problems.push(`name ${JSON.stringify(spec.name)} is invalid: it must match ${nameRe.source}`);
  if (!restartKinds.includes(String(spec.restart))) problems.push(`restart ${JSON.stringify(spec.restart)} is invalid: one of ${restartKinds.join(', ')}`);
  const container = isObject(spec.container) ? spec.container : {};
  if (typeof container.entrypoint !== 'string' || container.entrypoint === '') problems.push('container.entrypoint is required');
  const depends = spec.depends === undefined ? [] : spec.depends;
  if (!Array.isArray(depends)) problems.push('depends must be a list');
  else
    depends.forEach((dep: unknown, i) => {
      const at = `depends[${i}]`;
      if (!isObject(dep)) return problems.push(`${at} must be a mapping`);
      const set = dependencyKinds.filter(
        (kind) => dep[kind] !== undefined && dep[kind] !== false && dep[kind] !== '' && !(Array.isArray(dep[kind]) && (dep[kind] as unknown[]).length === 0),
      );
      if (set.length === 0) problems.push(`${at}: no dependency specified (one of ${dependencyKinds.join(', ')})`);
      if (set.length > 1) problems.push(`${at}: more than a single dependency is set (${set.join(', ')})`);
      if (dep.path !== undefined && !(typeof dep.path === 'string' && dep.path.startsWith('/')))
        problems.push(`${at}: path is not absolute: ${JSON.stringify(dep.path)}`);
      if (dep.network !== undefined) {
        const statuses = Array.isArray(dep.network) ? dep.network : [dep.network];
        for (const status of statuses) if (!networkStatuses.includes(String(status))) problems.push(`${at}: invalid network dependency: ${String(status)}`);
        if (statuses.includes('connectivity'))
          problems.push(`${at}: network connectivity can deadlock when the default route is learned through FRR; use addresses`);
      }
      return undefined;
    });
  return problems;
}

/** The extension manifest's rules: version v1alpha1, a name, a version, Talos compatibility. */
export function manifestProblems(manifest: unknown, serviceName: string): string[] {
  if (!isObject(manifest)) return ['manifest.yaml is not a YAML mapping'];
  const problems: string[] = [];
  if (manifest.version !== 'v1alpha1') problems.push(`version ${JSON.stringify(manifest.version)} is not v1alpha1`);
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  if (metadata.name !== serviceName) problems.push(`metadata.name ${JSON.stringify(metadata.name)} is not the service's name ${serviceName}`);
  if (typeof metadata.version !== 'string' || !/^\S+$/.test(metadata.version) || metadata.version.includes('{{'))
    problems.push(`metadata.version ${JSON.stringify(metadata.version)} is not a version`);
  const talos = isObject(metadata.compatibility) && isObject(metadata.compatibility.talos) ? metadata.compatibility.talos : {};
  if (typeof talos.version !== 'string' || !/^>= ?v\d+\.\d+\.\d+$/.test(talos.version))
    problems.push(`metadata.compatibility.talos.version ${JSON.stringify(talos.version)} is not like ">= v1.11.0"`);
  return problems;
}
