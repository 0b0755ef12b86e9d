import { ConfigError } from '../errors.js';
import { addressBits, hostPart, mtuRange, networkOf, type Family, type IpAddress } from './ip.js';
import { whyRefusedWhole } from './refused-whole.js';
import { isDocumentationAsn, type Cidr, type Communities, type FabricPeer } from './schema.js';
import { variables, type VariableName, type VariableSpec, type VariableValues } from './variables.js';
import { shown } from './shown.js';
import { hasLineUnsafeCharacter } from '../one-line.js';
import { drainLinkName, frrBuiltInDirectories, loopbackName, systemDirectories, vethNames } from './owned-names.js';

export type Profile = 'datacenter' | 'traditional';

export type FabricSelector = { readonly by: 'mac'; readonly macs: readonly string[] } | { readonly by: 'name'; readonly names: readonly string[] };

/** The fabric peers by address (FABRIC_PEERS) and how the node reaches them. */
export interface NumberedPeers {
  readonly peers: readonly FabricPeer[];
  /** eBGP multihop hop count; undefined: directly connected. */
  readonly multihop: number | undefined;
  /** update-source per family; undefined: the kernel's choice, the address toward the peer. */
  readonly source: { readonly ipv4: IpAddress | undefined; readonly ipv6: IpAddress | undefined };
}

export interface PeerLink {
  readonly family: Family;
  /** FRR's address, on the VRF leg. */
  readonly frr: IpAddress;
  /** MetalLB's address, on the host leg. */
  readonly metallb: IpAddress;
  readonly prefixLength: number;
}

/** The validated settings: everything later stages need, already typed and canonical. */
export interface Settings {
  readonly nodeIp: IpAddress;
  readonly asnLocal: number;
  /** The unnumbered fabric ports; no MACs or names when the fabric is FABRIC_PEERS only. */
  readonly fabric: FabricSelector;
  /** Undefined: no FABRIC_PEERS. */
  readonly numberedPeers: NumberedPeers | undefined;
  readonly asnVrfMetallb: number;
  readonly asnMetallbSpeaker: number;
  readonly vrfName: string;
  readonly vrfTableId: number;
  readonly peer: PeerLink;
  /** Unset means: take the first fabric interface's MTU (1500 when there is none). */
  readonly interfaceMtu: number | undefined;
  readonly bfd: boolean;
  /** What is added to the routes toward the fabric (export policy). */
  readonly fabricExport: FabricExport;
  /** TCP MD5 password of the fabric sessions; a secret (Settings.secrets). */
  readonly fabricPassword: string | undefined;
  /** How long to wait at start for fabric interfaces that are not there yet. */
  readonly fabricWaitSeconds: number;
  readonly profile: Profile;
  /** Drain: RFC 8326 graceful shutdown, applied at run time. */
  readonly gracefulShutdown: boolean;
  readonly logFormat: 'text' | 'json';
  readonly sessionPollSeconds: number;
  /** What the in-cluster speaker may announce (render/speaker-policy.ts). */
  readonly speaker: SpeakerLimits;
  readonly frr: FrrLocation;
  /** FRR_EXTRA_CONFIG_FILE's text, appended to frr.conf (render/extra-config.ts). */
  readonly extraConfig: ExtraConfig | undefined;
  /** The values of the secret variables that are set: to be hidden from every output. */
  readonly secrets: readonly string[];
}

export interface FabricExport {
  /** On every route advertised to the fabric. */
  readonly communities: Communities;
  /** On the LoadBalancer routes only, besides `communities`. */
  readonly lbCommunities: Communities;
  /** How often ASN_LOCAL is prepended to every route. */
  readonly prepend: number;
}

export interface SpeakerLimits {
  /** Undefined: any prefix the safe default allows; else only prefixes inside these. */
  readonly allowedPrefixes: readonly Cidr[] | undefined;
  readonly maxPrefixes: number;
  /** TCP MD5 password of the session; a secret (Settings.secrets). */
  readonly password: string | undefined;
  /** GTSM: only packets with TTL 255 (RFC 5082). */
  readonly ttlSecurity: boolean;
}

/** Where FRR is and how it starts; the pathspace is already applied to the directories. */
export interface FrrLocation {
  readonly pathspace: string | undefined;
  readonly configDir: string;
  readonly runDir: string;
  readonly binDir: string;
  /** Undefined: the start script (frr/start-script.ts): every daemon, frr.conf applied, then watchfrr. */
  readonly startCommand: readonly string[] | undefined;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Non-fatal remarks (old variable names), one line each. */
  readonly warnings: readonly string[];
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where a variable's value came from, for the error line. */
type Origin = 'set' | 'default' | { readonly legacy: string } | { readonly file: string };

/** A file named by a variable such as SPEAKER_PASSWORD_FILE, as the caller read it. */
export type NamedFile = { readonly text: string } | { readonly problem: string; /** What would be right, when not the usual file. */ readonly expected?: string };

/** FRR_EXTRA_CONFIG_FILE: where it is, and what it holds. */
export interface ExtraConfig {
  readonly path: string;
  readonly text: string;
}

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

interface RawValue {
  readonly text: string;
  readonly origin: Origin;
}

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
  const settings = crossCheck(parsed, raw, problems, extraConfig);
  for (const name of ['ASN_LOCAL', 'ASN_VRF_METALLB', 'ASN_METALLB_SPEAKER'] as const) {
    const asn = parsed[name];
    if (asn !== undefined && isDocumentationAsn(asn)) warnings.push(`${name}=${asn} is an AS number for documentation (RFC 5398); expected a private AS on a real fabric, e.g. 4200001001`);
  }
  if (problems.size > 0 || !settings) {
    throw new ConfigError(
      `invalid settings: ${problems.size} variable${problems.size === 1 ? '' : 's'} to fix, nothing was changed`,
      [...problems.lines(), ...warnings.map((warning) => `(warning) ${warning}`)],
    );
  }
  return { settings, warnings };
}

function collectRawValues(env: Environment, files: ReadonlyMap<string, NamedFile>, problems: Problems, warnings: string[]): Map<VariableName, RawValue> {
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
      problems.add(spec.name as VariableName, fileValue, `${file.problem}; expected ${file.expected ?? "a regular file of root's, writable by root only, holding the value on one line"}`);
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
function readExtraConfig(parsed: Partial<VariableValues>, files: ReadonlyMap<string, NamedFile>, raw: Map<VariableName, RawValue>, problems: Problems): ExtraConfig | undefined {
  const path = parsed.FRR_EXTRA_CONFIG_FILE;
  const file = path === undefined ? undefined : files.get('FRR_EXTRA_CONFIG_FILE');
  if (path === undefined || !file) return undefined;
  const at = (message: string) => problems.add('FRR_EXTRA_CONFIG_FILE', raw.get('FRR_EXTRA_CONFIG_FILE'), message);
  if ('problem' in file) {
    at(`${file.problem}; expected ${file.expected ?? "a regular file of root's, writable by root only, holding FRR config"}`);
    return undefined;
  }
  const unsafe = file.text.split('\n').map((line, i) => [i + 1, line.replace(/\r$/, '')] as const).filter(([, line]) => hasLineUnsafeCharacter(line));
  if (unsafe.length > 0) {
    at(`line${unsafe.length > 1 ? 's' : ''} ${unsafe.slice(0, 5).map(([n, line]) => `${n} (${shown(line, 60)})`).join(', ')} ${unsafe.length > 1 ? 'have' : 'has'} a control or invisible character (a tab, an escape, U+200B, ...); expected plain text, indented with spaces`);
    return undefined;
  }
  return { path, text: file.text.replace(/\r\n/g, '\n') };
}

function crossCheck(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems, extraConfig: ExtraConfig | undefined): Settings | undefined {
  const unset = (name: VariableName, message: string) => problems.add(name, undefined, message);
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);

  if (!raw.has('NODE_IP')) unset('NODE_IP', "required; expected the node's IPv4 address, e.g. NODE_IP=10.10.10.10");
  if (!raw.has('ASN_LOCAL')) unset('ASN_LOCAL', 'required; expected the AS number for the fabric sessions, e.g. ASN_LOCAL=4200001001');

  const hasMacs = raw.has('FE_MACS');
  const hasNames = raw.has('FE_PORT_NAMES');
  if (!hasMacs && !hasNames && !raw.has('FABRIC_PEERS')) {
    unset('FE_MACS', 'required unless FE_PORT_NAMES or FABRIC_PEERS is set; expected the fabric NICs\' MACs, e.g. FE_MACS=02:00:00:00:00:01,02:00:00:00:00:02');
  } else if (hasMacs && hasNames) {
    at('FE_PORT_NAMES', 'set together with FE_MACS; expected exactly one of FE_MACS or FE_PORT_NAMES: remove one');
  }

  const { ASN_LOCAL: asnLocal, ASN_VRF_METALLB: asnVrf, ASN_METALLB_SPEAKER: asnSpeaker } = parsed;
  if (asnLocal !== undefined && asnVrf !== undefined && asnVrf === asnLocal) {
    at('ASN_VRF_METALLB', `equals ASN_LOCAL (FRR refuses a local-as equal to its own AS); expected another AS, e.g. 4000099998`);
  }
  if (asnSpeaker !== undefined && asnLocal !== undefined && asnSpeaker === asnLocal) {
    at('ASN_METALLB_SPEAKER', 'equals ASN_LOCAL; expected the MetalLB speaker\'s own AS, e.g. 4000099999');
  } else if (asnSpeaker !== undefined && asnVrf !== undefined && asnSpeaker === asnVrf) {
    at('ASN_METALLB_SPEAKER', 'equals ASN_VRF_METALLB, which would make the MetalLB session iBGP; expected another AS, e.g. 4000099999');
  }

  const peer = checkPeerLink(parsed, raw, problems);
  checkMtu(parsed, peer, raw, problems);
  checkOwnedNames(parsed, raw, problems);
  checkNodeIpOutsidePeerLink(parsed, peer, raw, problems);
  checkAllowedPrefixesAnnounce(parsed, peer, raw, problems);
  checkDirectories(parsed, raw, problems);
  const numberedPeers = checkNumberedPeers(parsed, peer, raw, problems);

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

function checkPeerLink(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): PeerLink | undefined {
  const { PEER_IP_FRR: frr, PEER_IP_METALLB: metallb } = parsed;
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  if (!frr || !metallb) return undefined;
  if (frr.family !== metallb.family) {
    // Blame the address the operator wrote; the other one is most likely still the default.
    const [blamed, other] = raw.get('PEER_IP_METALLB')?.origin === 'default' ? (['PEER_IP_FRR', 'PEER_IP_METALLB'] as const) : (['PEER_IP_METALLB', 'PEER_IP_FRR'] as const);
    const blamedFamily = blamed === 'PEER_IP_FRR' ? frr.family : metallb.family;
    const otherAddress = blamed === 'PEER_IP_FRR' ? metallb : frr;
    const otherOrigin = raw.get(other)?.origin === 'default' ? ' (default)' : '';
    at(
      blamed,
      `is ${blamedFamily} but ${other}=${otherAddress.text}${otherOrigin} is ${otherAddress.family}; expected both of one family: set both, e.g. PEER_IP_FRR=192.168.250.254 PEER_IP_METALLB=192.168.250.255`,
    );
    return undefined;
  }
  if (frr.text === metallb.text) {
    at('PEER_IP_METALLB', `equals PEER_IP_FRR; expected the other address of the link, e.g. ${frr.family === 'ipv6' ? 'fda1:b2c3:d4e5:1::1' : '192.168.250.255'}`);
    return undefined;
  }
  const family = frr.family;
  const bits = addressBits[family];
  const prefixLength = parsed.PEER_IP_PREFIX ?? (family === 'ipv6' ? 127 : 31);
  if (raw.has('PEER_IP_PREFIX') && parsed.PEER_IP_PREFIX === undefined) return undefined; // already reported
  // A link between two addresses: a small subnet at most, never a range that takes in the
  // fabric's or anyone's addresses (/1 put 0.0.0.0/1 on the veth).
  const shortest = family === 'ipv6' ? 64 : 24;
  if (prefixLength < shortest || prefixLength > bits - 1) {
    at('PEER_IP_PREFIX', `${prefixLength} is not valid for ${family} peer addresses; expected ${shortest}..${bits - 1}, e.g. ${family === 'ipv6' ? 127 : 31}`);
    return undefined;
  }
  if (networkOf(frr, prefixLength) !== networkOf(metallb, prefixLength)) {
    at('PEER_IP_METALLB', `is not in the /${prefixLength} subnet of PEER_IP_FRR=${frr.text}; expected both in one subnet of PEER_IP_PREFIX`);
    return undefined;
  }
  let valid = true;
  for (const [name, address] of [['PEER_IP_FRR', frr], ['PEER_IP_METALLB', metallb]] as const) {
    const host = hostPart(address, prefixLength);
    const lastHost = (1n << BigInt(bits - prefixLength)) - 1n;
    if (family === 'ipv4' && prefixLength <= 30 && (host === 0n || host === lastHost)) {
      at(name, `is the ${host === 0n ? 'network' : 'broadcast'} address of its /${prefixLength}; expected a host address, or PEER_IP_PREFIX=31`);
      valid = false;
    } else if (family === 'ipv6' && prefixLength <= 126 && host === 0n) {
      at(name, `is the subnet-router anycast address of its /${prefixLength}; expected another address, or PEER_IP_PREFIX=127`);
      valid = false;
    }
  }
  return valid ? { family, frr, metallb, prefixLength } : undefined;
}

/**
 * FABRIC_PEERS and the two settings that only apply to it. A peer must be another router: not
 * this node's address, not on the veth link, not in ASN_LOCAL (the fabric sessions are eBGP:
 * the no-transit policy and multipath rely on it). Multihop toward IPv6 peers needs an IPv6
 * source: NODE_IP, the default source for IPv4, has no IPv6 counterpart.
 */
function checkNumberedPeers(parsed: Partial<VariableValues>, link: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): NumberedPeers | undefined {
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  const { FABRIC_PEERS: peers, FABRIC_PEER_MULTIHOP: multihop, FABRIC_PEER_SOURCE: source, NODE_IP: nodeIp, ASN_LOCAL: asnLocal } = parsed;
  if (!raw.has('FABRIC_PEERS')) {
    for (const name of ['FABRIC_PEER_MULTIHOP', 'FABRIC_PEER_SOURCE'] as const) {
      if (raw.has(name)) at(name, 'applies to FABRIC_PEERS, which is unset; expected FABRIC_PEERS set too, or this removed');
    }
    return undefined;
  }
  if (!peers) return undefined;
  const onVethLink = (address: IpAddress) => link !== undefined && address.family === link.family && networkOf(address, link.prefixLength) === networkOf(link.frr, link.prefixLength);
  for (const peer of peers) {
    if (nodeIp && peer.address.text === nodeIp.text) at('FABRIC_PEERS', `${peer.address.text} is NODE_IP, this node's own address; expected the address of a router`);
    else if (onVethLink(peer.address)) at('FABRIC_PEERS', `${peer.address.text} is on the veth link to the speaker (PEER_IP_FRR, PEER_IP_PREFIX); expected a router of the fabric`);
    else if (source && [source.ipv4, source.ipv6].some((own) => own?.text === peer.address.text)) at('FABRIC_PEERS', `${peer.address.text} is also in FABRIC_PEER_SOURCE, this node's own address; expected the address of a router`);
    if (peer.asn !== undefined && peer.asn === asnLocal) at('FABRIC_PEERS', `${peer.address.text}@${peer.asn} is in ASN_LOCAL; expected the peer's own AS (the fabric sessions are eBGP), or no @ASN for remote-as external`);
  }
  for (const own of [source?.ipv4, source?.ipv6]) {
    if (own && onVethLink(own)) at('FABRIC_PEER_SOURCE', `${own.text} is on the veth link to the speaker; expected this node's own address, on lo or a fabric port`);
  }
  const sources = { ipv4: source?.ipv4 ?? (multihop !== undefined ? nodeIp : undefined), ipv6: source?.ipv6 };
  const ipv6Peer = peers.find((peer) => peer.address.family === 'ipv6');
  if (multihop !== undefined && ipv6Peer && !sources.ipv6) {
    problems.add('FABRIC_PEER_SOURCE', raw.get('FABRIC_PEER_SOURCE'), `has no IPv6 address, which FABRIC_PEER_MULTIHOP needs toward ${ipv6Peer.address.text}; expected this node's IPv6 address to leave from (its loopback's), e.g. FABRIC_PEER_SOURCE=${nodeIp?.text ?? '10.0.0.3'},fd00::3`);
  }
  return { peers, multihop, source: sources };
}

/** Names the product owns (the veth legs, lo) and names two settings would both take. */
function checkOwnedNames(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  const legs: readonly string[] = [vethNames.hostLeg, vethNames.vrfLeg];
  const vrf = parsed.VRF_METALLB;
  const ports = parsed.FE_PORT_NAMES ?? [];
  if (vrf !== undefined && legs.includes(vrf)) at('VRF_METALLB', `is the name of a leg of the veth pair the supervisor creates (${legs.join(', ')}); expected another name, e.g. metallb`);
  else if (vrf === drainLinkName) at('VRF_METALLB', `is the name of the live drain switch (a link ${drainLinkName} drains the node); expected another name, e.g. metallb`);
  else if (vrf !== undefined && ports.includes(vrf)) at('VRF_METALLB', `is also a fabric port in FE_PORT_NAMES; expected a name of its own, e.g. metallb`);
  for (const port of ports) {
    if (port === loopbackName) at('FE_PORT_NAMES', `${loopbackName} is the loopback device, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
    else if (legs.includes(port)) at('FE_PORT_NAMES', `${port} is a leg of the veth pair the supervisor creates, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
    else if (port === drainLinkName) at('FE_PORT_NAMES', `${port} is the live drain switch, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
  }
}

/** An allowed prefix the speaker policy refuses whole would let the node announce nothing from it, silently. */
function checkAllowedPrefixesAnnounce(parsed: Partial<VariableValues>, peer: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): void {
  for (const cidr of parsed.SPEAKER_ALLOWED_PREFIXES ?? []) {
    const why = whyRefusedWhole(cidr, { nodeIp: parsed.NODE_IP, fabricPeers: (parsed.FABRIC_PEERS ?? []).map((p) => p.address), peer });
    if (why) problems.add('SPEAKER_ALLOWED_PREFIXES', raw.get('SPEAKER_ALLOWED_PREFIXES'), `${cidr.text} ${why}: the node would announce nothing from it; expected the LoadBalancer pools, e.g. 10.96.0.0/16`);
  }
}

/** NODE_IP inside the veth link would pass the pre-flight because the supervisor itself puts the link there. */
function checkNodeIpOutsidePeerLink(parsed: Partial<VariableValues>, peer: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const nodeIp = parsed.NODE_IP;
  if (!nodeIp || !peer || nodeIp.family !== peer.family) return;
  if (networkOf(nodeIp, peer.prefixLength) === networkOf(peer.frr, peer.prefixLength)) {
    problems.add('NODE_IP', raw.get('NODE_IP'), `is inside the veth link ${peer.frr.text}/${peer.prefixLength} (PEER_IP_FRR, PEER_IP_PREFIX), which the supervisor creates; expected the node's own address, on lo or dummy0`);
  }
}

/**
 * FRR's directories are built into FRR: the default start (frrcommon.sh, the daemons, vtysh)
 * uses them whatever a setting says, so another one means FRR runs elsewhere than where the
 * supervisor writes, checks, stops and cleans up, unless FRR_START_COMMAND starts an FRR pointed
 * there. A system directory is refused outright: the run directory is chowned to frr and its pid
 * files deleted.
 */
function checkDirectories(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): void {
  // FRR's sockets live in the run directory; a Unix socket's path has room for 107 bytes.
  if (parsed.FRR_RUN_DIR !== undefined) {
    const socket = `${withPathspace(parsed.FRR_RUN_DIR, parsed.FRR_PATHSPACE)}/${longestFrrSocket}`;
    if (Buffer.byteLength(socket) > 107) {
      const name = raw.has('FRR_PATHSPACE') ? 'FRR_PATHSPACE' : 'FRR_RUN_DIR';
      problems.add(name, raw.get(name), `makes FRR's socket path ${Buffer.byteLength(socket)} bytes long (${socket.slice(0, 40)}...); expected at most 107, a Unix socket's limit: a shorter directory`);
    }
  }
  for (const name of ['FRR_CONFIG_DIR', 'FRR_RUN_DIR'] as const) {
    const value = parsed[name];
    if (value === undefined) continue;
    const dir = value.length > 1 ? value.replace(/\/+$/, '') : value;
    const builtIn: readonly string[] = frrBuiltInDirectories[name];
    if (systemDirectories.has(dir)) {
      problems.add(name, raw.get(name), `is a system directory, which the supervisor would give to the frr user and clean up; expected FRR's own, ${builtIn[0]}`);
    } else if (!builtIn.includes(dir) && parsed.FRR_START_COMMAND === undefined) {
      problems.add(name, raw.get(name), `is not where FRR looks (its directories are built in: ${builtIn[0]}); expected ${builtIn[0]}, or FRR_START_COMMAND set to a start that points FRR at ${dir}`);
    }
  }
}

/** The longest name of a socket FRR makes in its run directory (mgmtd's, FRR 9 on). */
const longestFrrSocket = 'mgmtd_fe.sock';

function checkMtu(parsed: Partial<VariableValues>, peer: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const mtu = parsed.INTERFACE_MTU;
  if (mtu === undefined) return;
  const family = peer?.family ?? 'ipv6';
  const { min, max } = mtuRange(family);
  if (mtu < min || mtu > max) {
    const why = family === 'ipv6' ? ` (IPv6 peer addresses need at least ${min})` : '';
    problems.add('INTERFACE_MTU', raw.get('INTERFACE_MTU'), `out of range${why}; expected an MTU from ${min} to ${max}, e.g. 9000`);
  }
}

function withPathspace(dir: string, pathspace: string | undefined): string {
  return pathspace ? `${dir.replace(/\/+$/, '')}/${pathspace}` : dir;
}

/** Collects problems and prints one line per variable, in the contract's order. */
class Problems {
  private readonly byName = new Map<VariableName, { value: RawValue | undefined; messages: string[] }>();

  add(name: VariableName, value: RawValue | undefined, message: string): void {
    const entry = this.byName.get(name) ?? { value, messages: [] };
    entry.messages.push(message);
    this.byName.set(name, entry);
  }

  has(name: VariableName): boolean {
    return this.byName.has(name);
  }

  get size(): number {
    return this.byName.size;
  }

  lines(): string[] {
    return variables
      .filter((spec) => this.byName.has(spec.name))
      .map((spec) => {
        const { value, messages } = this.byName.get(spec.name) ?? { value: undefined, messages: [] };
        return `${describe(spec, value)}: ${messages.join('; and ')}`;
      });
  }
}

function describe(spec: VariableSpec, value: RawValue | undefined): string {
  const { name } = spec;
  if (!value) return `${name} (unset)`;
  const text = spec.secret ? `${name}=(hidden, ${[...value.text].length} characters)` : `${name}=${shown(value.text)}`;
  if (value.origin === 'default') return `${text} (default)`;
  if (value.origin === 'set') return text;
  return `${text} (from ${'legacy' in value.origin ? value.origin.legacy : value.origin.file})`;
}
