/**
 * The checks across variables, each value already valid on its own: what FRR, the kernel or the
 * rest of the fabric would refuse or misread, reported on the variable to change.
 */
import { addressBits, hostPart, mtuRange, networkOf, type IpAddress } from './ip.js';
import { drainLinkName, frrBuiltInDirectories, loopbackName, systemDirectories, vethNames } from './owned-names.js';
import type { Problems, RawValue } from './problems.js';
import { whyRefusedWhole } from './refused-whole.js';
import type { NumberedPeers, PeerLink } from './settings.js';
import type { VariableName, VariableValues } from './variables.js';

/** Every check across variables, in the order their messages read best; the links they yield. */
export function checkAcrossVariables(
  parsed: Partial<VariableValues>,
  raw: Map<VariableName, RawValue>,
  problems: Problems,
): { peer: PeerLink | undefined; numberedPeers: NumberedPeers | undefined } {
  checkRequired(raw, problems);
  checkAsns(parsed, raw, problems);
  const peer = checkPeerLink(parsed, raw, problems);
  checkMtu(parsed, peer, raw, problems);
  checkOwnedNames(parsed, raw, problems);
  checkNodeIpOutsidePeerLink(parsed, peer, raw, problems);
  checkAllowedPrefixesAnnounce(parsed, peer, raw, problems);
  checkDirectories(parsed, raw, problems);
  return { peer, numberedPeers: checkNumberedPeers(parsed, peer, raw, problems) };
}

/** The variables without a default that a node cannot do without. */
function checkRequired(raw: Map<VariableName, RawValue>, problems: Problems): void {
  const unset = (name: VariableName, message: string) => problems.add(name, undefined, message);
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);

  if (!raw.has('NODE_IP')) unset('NODE_IP', "required; expected the node's IPv4 address, e.g. NODE_IP=10.10.10.10");
  if (!raw.has('ASN_LOCAL')) unset('ASN_LOCAL', 'required; expected the AS number for the fabric sessions, e.g. ASN_LOCAL=4200001001');

  const hasMacs = raw.has('FE_MACS');
  const hasNames = raw.has('FE_PORT_NAMES');
  if (!hasMacs && !hasNames && !raw.has('FABRIC_PEERS')) {
    unset('FE_MACS', "required unless FE_PORT_NAMES or FABRIC_PEERS is set; expected the fabric NICs' MACs, e.g. FE_MACS=02:00:00:00:00:01,02:00:00:00:00:02");
  } else if (hasMacs && hasNames) {
    at('FE_PORT_NAMES', 'set together with FE_MACS; expected exactly one of FE_MACS or FE_PORT_NAMES: remove one');
  }
}

/** The three AS numbers: FRR refuses some pairs, and one would make the speaker's session iBGP. */
function checkAsns(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  const { ASN_LOCAL: asnLocal, ASN_VRF_METALLB: asnVrf, ASN_METALLB_SPEAKER: asnSpeaker } = parsed;
  if (asnLocal !== undefined && asnVrf !== undefined && asnVrf === asnLocal) {
    at('ASN_VRF_METALLB', `equals ASN_LOCAL (FRR refuses a local-as equal to its own AS); expected another AS, e.g. 4000099998`);
  }
  if (asnSpeaker !== undefined && asnLocal !== undefined && asnSpeaker === asnLocal) {
    at('ASN_METALLB_SPEAKER', "equals ASN_LOCAL; expected the MetalLB speaker's own AS, e.g. 4000099999");
  } else if (asnSpeaker !== undefined && asnVrf !== undefined && asnSpeaker === asnVrf) {
    at('ASN_METALLB_SPEAKER', 'equals ASN_VRF_METALLB, which would make the MetalLB session iBGP; expected another AS, e.g. 4000099999');
  }
}

function checkPeerLink(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): PeerLink | undefined {
  const { PEER_IP_FRR: frr, PEER_IP_METALLB: metallb } = parsed;
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  if (!frr || !metallb) return undefined;
  if (frr.family !== metallb.family) {
    // Blame the address the operator wrote; the other one is most likely still the default.
    const [blamed, other] =
      raw.get('PEER_IP_METALLB')?.origin === 'default' ? (['PEER_IP_FRR', 'PEER_IP_METALLB'] as const) : (['PEER_IP_METALLB', 'PEER_IP_FRR'] as const);
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
    at(
      'PEER_IP_METALLB',
      `equals PEER_IP_FRR; expected the other address of the link, e.g. ${frr.family === 'ipv6' ? 'fda1:b2c3:d4e5:1::1' : '192.168.250.255'}`,
    );
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
  for (const [name, address] of [
    ['PEER_IP_FRR', frr],
    ['PEER_IP_METALLB', metallb],
  ] as const) {
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
function checkNumberedPeers(
  parsed: Partial<VariableValues>,
  link: PeerLink | undefined,
  raw: Map<VariableName, RawValue>,
  problems: Problems,
): NumberedPeers | undefined {
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  const { FABRIC_PEERS: peers, FABRIC_PEER_MULTIHOP: multihop, FABRIC_PEER_SOURCE: source, NODE_IP: nodeIp, ASN_LOCAL: asnLocal } = parsed;
  if (!raw.has('FABRIC_PEERS')) {
    for (const name of ['FABRIC_PEER_MULTIHOP', 'FABRIC_PEER_SOURCE'] as const) {
      if (raw.has(name)) at(name, 'applies to FABRIC_PEERS, which is unset; expected FABRIC_PEERS set too, or this removed');
    }
    return undefined;
  }
  if (!peers) return undefined;
  const onVethLink = (address: IpAddress) =>
    link !== undefined && address.family === link.family && networkOf(address, link.prefixLength) === networkOf(link.frr, link.prefixLength);
  for (const peer of peers) {
    if (nodeIp && peer.address.text === nodeIp.text)
      at('FABRIC_PEERS', `${peer.address.text} is NODE_IP, this node's own address; expected the address of a router`);
    else if (onVethLink(peer.address))
      at('FABRIC_PEERS', `${peer.address.text} is on the veth link to the speaker (PEER_IP_FRR, PEER_IP_PREFIX); expected a router of the fabric`);
    else if (source && [source.ipv4, source.ipv6].some((own) => own?.text === peer.address.text))
      at('FABRIC_PEERS', `${peer.address.text} is also in FABRIC_PEER_SOURCE, this node's own address; expected the address of a router`);
    if (peer.asn !== undefined && peer.asn === asnLocal)
      at(
        'FABRIC_PEERS',
        `${peer.address.text}@${peer.asn} is in ASN_LOCAL; expected the peer's own AS (the fabric sessions are eBGP), or no @ASN for remote-as external`,
      );
  }
  for (const own of [source?.ipv4, source?.ipv6]) {
    if (own && onVethLink(own))
      at('FABRIC_PEER_SOURCE', `${own.text} is on the veth link to the speaker; expected this node's own address, on lo or a fabric port`);
  }
  const sources = { ipv4: source?.ipv4 ?? (multihop !== undefined ? nodeIp : undefined), ipv6: source?.ipv6 };
  const ipv6Peer = peers.find((peer) => peer.address.family === 'ipv6');
  if (multihop !== undefined && ipv6Peer && !sources.ipv6) {
    problems.add(
      'FABRIC_PEER_SOURCE',
      raw.get('FABRIC_PEER_SOURCE'),
      `has no IPv6 address, which FABRIC_PEER_MULTIHOP needs toward ${ipv6Peer.address.text}; expected this node's IPv6 address to leave from (its loopback's), e.g. FABRIC_PEER_SOURCE=${nodeIp?.text ?? '10.0.0.3'},fd00::3`,
    );
  }
  return { peers, multihop, source: sources };
}

/** Names the product owns (the veth legs, lo) and names two settings would both take. */
function checkOwnedNames(parsed: Partial<VariableValues>, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const at = (name: VariableName, message: string) => problems.add(name, raw.get(name), message);
  const legs: readonly string[] = [vethNames.hostLeg, vethNames.vrfLeg];
  const vrf = parsed.VRF_METALLB;
  const ports = parsed.FE_PORT_NAMES ?? [];
  if (vrf !== undefined && legs.includes(vrf))
    at('VRF_METALLB', `is the name of a leg of the veth pair the supervisor creates (${legs.join(', ')}); expected another name, e.g. metallb`);
  else if (vrf === drainLinkName)
    at('VRF_METALLB', `is the name of the live drain switch (a link ${drainLinkName} drains the node); expected another name, e.g. metallb`);
  else if (vrf !== undefined && ports.includes(vrf)) at('VRF_METALLB', `is also a fabric port in FE_PORT_NAMES; expected a name of its own, e.g. metallb`);
  for (const port of ports) {
    if (port === loopbackName) at('FE_PORT_NAMES', `${loopbackName} is the loopback device, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
    else if (legs.includes(port))
      at('FE_PORT_NAMES', `${port} is a leg of the veth pair the supervisor creates, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
    else if (port === drainLinkName) at('FE_PORT_NAMES', `${port} is the live drain switch, not a fabric port; expected the fabric NICs, e.g. eth0,eth1`);
  }
}

/** An allowed prefix the speaker policy refuses whole would let the node announce nothing from it, silently. */
function checkAllowedPrefixesAnnounce(parsed: Partial<VariableValues>, peer: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): void {
  for (const cidr of parsed.SPEAKER_ALLOWED_PREFIXES ?? []) {
    const why = whyRefusedWhole(cidr, { nodeIp: parsed.NODE_IP, fabricPeers: (parsed.FABRIC_PEERS ?? []).map((p) => p.address), peer });
    if (why)
      problems.add(
        'SPEAKER_ALLOWED_PREFIXES',
        raw.get('SPEAKER_ALLOWED_PREFIXES'),
        `${cidr.text} ${why}: the node would announce nothing from it; expected the LoadBalancer pools, e.g. 10.96.0.0/16`,
      );
  }
}

/** NODE_IP inside the veth link would pass the pre-flight because the supervisor itself puts the link there. */
function checkNodeIpOutsidePeerLink(parsed: Partial<VariableValues>, peer: PeerLink | undefined, raw: Map<VariableName, RawValue>, problems: Problems): void {
  const nodeIp = parsed.NODE_IP;
  if (!nodeIp || !peer || nodeIp.family !== peer.family) return;
  if (networkOf(nodeIp, peer.prefixLength) === networkOf(peer.frr, peer.prefixLength)) {
    problems.add(
      'NODE_IP',
      raw.get('NODE_IP'),
      `is inside the veth link ${peer.frr.text}/${peer.prefixLength} (PEER_IP_FRR, PEER_IP_PREFIX), which the supervisor creates; expected the node's own address, on lo or dummy0`,
    );
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
      problems.add(
        name,
        raw.get(name),
        `makes FRR's socket path ${Buffer.byteLength(socket)} bytes long (${socket.slice(0, 40)}...); expected at most 107, a Unix socket's limit: a shorter directory`,
      );
    }
  }
  for (const name of ['FRR_CONFIG_DIR', 'FRR_RUN_DIR'] as const) {
    const value = parsed[name];
    if (value === undefined) continue;
    const dir = value.length > 1 ? value.replace(/\/+$/, '') : value;
    const builtIn: readonly string[] = frrBuiltInDirectories[name];
    if (systemDirectories.has(dir)) {
      problems.add(
        name,
        raw.get(name),
        `is a system directory, which the supervisor would give to the frr user and clean up; expected FRR's own, ${builtIn[0]}`,
      );
    } else if (!builtIn.includes(dir) && parsed.FRR_START_COMMAND === undefined) {
      problems.add(
        name,
        raw.get(name),
        `is not where FRR looks (its directories are built in: ${builtIn[0]}); expected ${builtIn[0]}, or FRR_START_COMMAND set to a start that points FRR at ${dir}`,
      );
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

export function withPathspace(dir: string, pathspace: string | undefined): string {
  return pathspace ? `${dir.replace(/\/+$/, '')}/${pathspace}` : dir;
}
