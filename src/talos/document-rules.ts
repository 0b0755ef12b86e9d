import { parseIp } from '../config/ip.js';
import { isObject } from '../json.js';

/**
 * Talos's own checks of the machine-config documents `talos-config` prints (siderolabs/talos,
 * pkg/machinery/config/types: runtime/extensions/service_config.go, network/link.go, dummy.go),
 * so that it never prints one a node would refuse. Pure: one parsed YAML document in, the
 * problems out, as Talos words them where it has words for them.
 */
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function talosDocumentProblems(document: unknown): string[] {
  if (!isObject(document)) return ['not a YAML mapping'];
  const problems: string[] = [];
  const name = typeof document.name === 'string' ? document.name : '';
  if (document.apiVersion !== 'v1alpha1') problems.push(`apiVersion ${JSON.stringify(document.apiVersion)} is not v1alpha1`);
  switch (document.kind) {
    case 'ExtensionServiceConfig': {
      if (name === '') problems.push('name is required');
      const files = list(document.configFiles);
      // Talos 1.7 and later: an empty one is refused, so a node waiting for it would never start the service.
      if (files.length === 0 && list(document.environment).length === 0) problems.push(`no config files found for extension ${JSON.stringify(name)}`);
      for (const file of files) {
        if (!isObject(file) || typeof file.content !== 'string' || file.content === '')
          problems.push(`extension content is required for extension ${JSON.stringify(name)}`);
        if (!isObject(file) || typeof file.mountPath !== 'string' || file.mountPath === '')
          problems.push(`extension mount path is required for extension ${JSON.stringify(name)}`);
      }
      for (const entry of list(document.environment))
        if (typeof entry !== 'string' || !/^[^=\s]+=/.test(entry)) problems.push(`environment entry ${JSON.stringify(entry)} is not KEY=VALUE`);
      break;
    }
    case 'LinkConfig':
    case 'DummyLinkConfig': {
      if (name === '') problems.push('name must be specified');
      for (const entry of list(document.addresses)) {
        const [address = '', length = '', ...rest] = (isObject(entry) && typeof entry.address === 'string' ? entry.address : '').split('/');
        const ip = parseIp(address);
        if (!ip || rest.length > 0 || !/^\d{1,3}$/.test(length) || Number(length) > (ip.family === 'ipv6' ? 128 : 32))
          problems.push(`address ${JSON.stringify(isObject(entry) ? entry.address : entry)} is not an address with its prefix length`);
      }
      break;
    }
    default:
      problems.push(`kind ${JSON.stringify(document.kind)} is not one talos-config prints`);
  }
  return problems;
}
