import { parseIp, unusableReason } from '../config/ip.js';
import { shown } from '../config/shown.js';
import { UsageError } from '../errors.js';
import { talosDocumentProblems } from './document-rules.js';

/**
 * A node's machine-config patch for the extension, as Talos (1.12 and later) takes it with
 * `talosctl patch mc -p @FILE`, in nocloud user-data or embedded in the image: the node's own
 * addresses on lo, dummy0 and dummy1 (LinkConfig, DummyLinkConfig) and the service's
 * ExtensionServiceConfig (its environment, its configFiles). Pure: values in, YAML out.
 */

/** The service's name in the extension's frr.yaml: an ExtensionServiceConfig of another name is not its. */
export const serviceName = 'frr';

/** The links whose connected addresses FRR advertises as the node's own. */
export const ownAddressLinks = ['lo', 'dummy0', 'dummy1'] as const;
export type OwnAddressLink = (typeof ownAddressLinks)[number];

export interface LinkAddress {
  readonly link: OwnAddressLink;
  /** Canonical CIDR text, e.g. fd00::3/128. */
  readonly cidr: string;
}

export interface MachineConfigPatch {
  /** The settings as KEY=VALUE entries, in the order written. */
  readonly environment: readonly string[];
  readonly configFiles: readonly { readonly mountPath: string; readonly content: string }[];
  readonly addresses: readonly LinkAddress[];
}

/** `LINK=CIDR` of `--address`, e.g. dummy1=10.0.0.100/32. */
export function parseLinkAddress(text: string): LinkAddress {
  const expected = `expected LINK=ADDRESS/LENGTH with LINK one of ${ownAddressLinks.join(', ')}, e.g. dummy1=10.0.0.100/32`;
  const [link = '', cidr = '', ...extra] = text.split('=');
  const [addressText = '', lengthText = '', ...more] = cidr.split('/');
  const address = parseIp(addressText);
  const bits = address?.family === 'ipv6' ? 128 : 32;
  if (
    !(ownAddressLinks as readonly string[]).includes(link) ||
    extra.length > 0 ||
    more.length > 0 ||
    !address ||
    !/^\d{1,3}$/.test(lengthText) ||
    Number(lengthText) > bits ||
    Number(lengthText) === 0
  ) {
    throw new UsageError(`--address ${shown(text)}: ${expected}`);
  }
  const unusable = unusableReason(address);
  if (unusable) throw new UsageError(`--address ${shown(text)}: ${address.text} ${unusable}; expected one of the node's own addresses`);
  return { link: link as OwnAddressLink, cidr: `${address.text}/${Number(lengthText)}` };
}

/** The node's addresses: NODE_IP on lo unless it is already listed on lo or dummy0, then the rest. */
export function nodeAddresses(nodeIp: string, listed: readonly LinkAddress[]): LinkAddress[] {
  const repeated = listed.find((a, i) => listed.findIndex((b) => b.cidr.split('/')[0] === a.cidr.split('/')[0]) !== i);
  if (repeated) throw new UsageError(`--address: ${repeated.cidr.split('/')[0]} is listed twice; expected each address once`);
  const hasNodeIp = listed.some((a) => a.cidr.split('/')[0] === nodeIp);
  return hasNodeIp ? [...listed] : [{ link: 'lo', cidr: `${nodeIp}/32` }, ...listed];
}

export function machineConfigPatch(patch: MachineConfigPatch): string {
  // Talos refuses an ExtensionServiceConfig with neither (document-rules.ts).
  if (patch.environment.length === 0 && patch.configFiles.length === 0)
    throw new UsageError(
      'talos-config: no setting to put in the ExtensionServiceConfig, and Talos refuses an empty one (`no config files found for extension "frr"`); expected the node\'s settings in --env-file',
    );
  const links = ownAddressLinks.flatMap((link) => {
    const addresses = patch.addresses.filter((a) => a.link === link);
    // lo is there on every node; dummy0 and dummy1 are created by Talos from this document.
    const kind = link === 'lo' ? 'LinkConfig' : 'DummyLinkConfig';
    return addresses.length === 0
      ? []
      : [{ apiVersion: 'v1alpha1', kind, name: link, ...(link === 'lo' ? {} : { up: true }), addresses: addresses.map((a) => ({ address: a.cidr })) }];
  });
  const service = {
    apiVersion: 'v1alpha1',
    kind: 'ExtensionServiceConfig',
    name: serviceName,
    ...(patch.configFiles.length === 0 ? {} : { configFiles: patch.configFiles.map((f) => ({ content: f.content, mountPath: f.mountPath })) }),
    ...(patch.environment.length === 0 ? {} : { environment: [...patch.environment] }),
  };
  const documents = [...links, service];
  // Never a document a node would refuse: Talos's own checks.
  const problems = documents.flatMap((document, i) => talosDocumentProblems(document).map((problem) => `document ${i + 1} (${document.kind}): ${problem}`));
  if (problems.length > 0) throw new UsageError(`talos-config: Talos would refuse the machine-config patch: ${problems.join('; ')}`);
  return `${documents.map(yamlDocument).join('\n---\n')}\n`;
}

type Value = string | boolean | readonly string[] | readonly Record<string, string>[];

/** One document as YAML: a mapping of scalars and lists, every string double-quoted but the keys. */
function yamlDocument(document: Record<string, Value>): string {
  return Object.entries(document)
    .flatMap(([key, value]) => {
      if (typeof value === 'boolean') return [`${key}: ${value}`];
      if (typeof value === 'string') return [`${key}: ${quoted(value)}`];
      return [
        `${key}:`,
        ...value.flatMap((item) =>
          typeof item === 'string' ? [`  - ${quoted(item)}`] : Object.entries(item).map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${quoted(v)}`),
        ),
      ];
    })
    .join('\n');
}

/**
 * A YAML double-quoted scalar: JSON's string form is one (every control character escaped), so a
 * value can neither end the document nor start another key, whatever it holds.
 */
function quoted(text: string): string {
  // JSON leaves the line and paragraph separators as they are; some YAML readers break lines there.
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
