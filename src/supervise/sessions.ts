import { isObject } from '../json.js';

/**
 * BGP and BFD session state from FRR's JSON (`show bgp vrf all summary json`,
 * `show bfd peers json`), reduced to what an operator needs in the log. Pure.
 */
export interface BgpSession {
  readonly vrf: string;
  readonly peer: string;
  readonly family: string;
  readonly state: string;
  readonly received: number;
  readonly sent: number;
  /** When the session last came up or went down (Unix seconds, FRR's peerUptimeEstablishedEpoch); undefined: never up. */
  readonly changedAt?: number;
  /** BGP messages received on the session (FRR's msgRcvd): what the speaker sent changes only with it. */
  readonly messagesReceived?: number;
  /** The speaker's session: every prefix it announced, before the policy (FRR's received-routes totalPrefixCounter). */
  readonly announced?: number;
  /** The speaker's session: the prefixes it announced that the policy refused (received-routes' filteredPrefixCounter). */
  readonly refused?: number;
}

export interface BfdSession {
  readonly vrf: string;
  readonly peer: string;
  readonly interface: string | undefined;
  readonly status: string;
}

export interface SessionState {
  readonly bgp: readonly BgpSession[];
  readonly bfd: readonly BfdSession[];
}

export function parseBgpSummary(json: unknown): BgpSession[] {
  if (!isObject(json)) return [];
  const sessions: BgpSession[] = [];
  for (const [vrf, families] of Object.entries(json)) {
    if (!isObject(families)) continue;
    for (const [family, summary] of Object.entries(families)) {
      if (!isObject(summary) || !isObject(summary.peers)) continue;
      for (const [peer, data] of Object.entries(summary.peers)) {
        if (!isObject(data)) continue;
        const changedAt = typeof data.peerUptimeEstablishedEpoch === 'number' ? { changedAt: data.peerUptimeEstablishedEpoch } : {};
        const messagesReceived = typeof data.msgRcvd === 'number' ? { messagesReceived: data.msgRcvd } : {};
        sessions.push({
          vrf,
          peer,
          family,
          state: String(data.state ?? 'unknown'),
          received: Number(data.pfxRcd ?? 0),
          sent: Number(data.pfxSnt ?? 0),
          ...changedAt,
          ...messagesReceived,
        });
      }
    }
  }
  return sessions;
}

export function parseBfdPeers(json: unknown): BfdSession[] {
  if (!Array.isArray(json)) return [];
  return json.filter(isObject).map((p) => ({
    vrf: String(p.vrf ?? 'default'),
    peer: String(p.peer ?? '?'),
    interface: p.interface === undefined ? undefined : String(p.interface),
    status: String(p.status ?? 'unknown'),
  }));
}

/**
 * How many prefixes a peer announced, and how many of them its inbound policy refused, from FRR's
 * `show bgp vrf VRF AFI unicast neighbors PEER received-routes json` (which needs
 * soft-reconfiguration inbound on the neighbor); undefined when the answer has no counts.
 */
export function parseReceivedRoutes(json: unknown): { announced: number; refused: number } | undefined {
  if (!isObject(json) || typeof json.totalPrefixCounter !== 'number' || typeof json.filteredPrefixCounter !== 'number') return undefined;
  return { announced: json.totalPrefixCounter, refused: json.filteredPrefixCounter };
}

/**
 * A question about the routes of one unicast session (`received-routes json`, `filtered-routes`),
 * FRR's family name (ipv4Unicast) in its command's words; undefined for another family.
 */
export function neighborRoutesCommand(session: Pick<BgpSession, 'vrf' | 'peer' | 'family'>, routes: string): string | undefined {
  const afi = /^(ipv4|ipv6)Unicast$/.exec(session.family)?.[1];
  return afi ? `show bgp vrf ${session.vrf} ${afi} unicast neighbors ${session.peer} ${routes}` : undefined;
}

/**
 * One line per speaker session whose count of refused prefixes changed, a warning while it
 * announces some: the speaker announces what the policy does not allow. Pure.
 */
export function refusedChanges(before: SessionState, after: SessionState, vrf: string): { readonly line: string; readonly warn: boolean }[] {
  const key = (s: BgpSession) => `${s.peer}|${s.family}`;
  const old = new Map(before.bgp.filter((s) => s.vrf === vrf).map((s) => [key(s), s.refused ?? 0]));
  return after.bgp.flatMap((s): { line: string; warn: boolean }[] => {
    const was = old.get(key(s)) ?? 0;
    if (s.vrf !== vrf || s.refused === undefined || s.refused === was) return [];
    const where = `bgp ${s.peer} vrf ${vrf} ${s.family}`;
    if (s.refused === 0) return [{ line: `${where}: the speaker no longer announces prefixes the policy refuses (was ${was})`, warn: false }];
    const filtered = neighborRoutesCommand(s, 'filtered-routes');
    return [
      {
        line: `${where}: the speaker announces ${s.refused} prefix${s.refused === 1 ? '' : 'es'} the policy refuses (was ${was}; vtysh: ${filtered}); SPEAKER_ALLOWED_PREFIXES and the speaker's pools disagree, or it is not the speaker it should be`,
        warn: true,
      },
    ];
  });
}

/** One line per session whose state changed (or that appeared or went away). */
export function sessionChanges(before: SessionState, after: SessionState): string[] {
  const lines: string[] = [];
  const bgpKey = (s: BgpSession) => `${s.vrf}|${s.peer}|${s.family}`;
  const old = new Map(before.bgp.map((s) => [bgpKey(s), s]));
  for (const s of after.bgp) {
    const was = old.get(bgpKey(s));
    if (!was || was.state !== s.state) {
      lines.push(`bgp ${s.peer} vrf ${s.vrf} ${s.family}: ${was?.state ?? 'new'} -> ${s.state}, ${s.received} prefixes received, ${s.sent} sent`);
    }
    old.delete(bgpKey(s));
  }
  for (const s of old.values()) lines.push(`bgp ${s.peer} vrf ${s.vrf} ${s.family}: ${s.state} -> gone`);
  const bfdKey = (s: BfdSession) => `${s.vrf}|${s.peer}|${s.interface ?? ''}`;
  const oldBfd = new Map(before.bfd.map((s) => [bfdKey(s), s]));
  for (const s of after.bfd) {
    const was = oldBfd.get(bfdKey(s));
    if (!was || was.status !== s.status)
      lines.push(`bfd ${s.peer}${s.interface ? ` on ${s.interface}` : ''} vrf ${s.vrf}: ${was?.status ?? 'new'} -> ${s.status}`);
  }
  return lines;
}

/**
 * One line when the prefixes the speaker's session (VRF `vrf`) brought in change in number,
 * per family: when its routes are in after a start is a moment the restart's timeline needs, and
 * an operator sees the speaker's announcements come and go. Pure.
 */
export function speakerPrefixChanges(before: SessionState, after: SessionState, vrf: string): string[] {
  const key = (s: BgpSession) => `${s.peer}|${s.family}`;
  const old = new Map(before.bgp.filter((s) => s.vrf === vrf).map((s) => [key(s), s.received]));
  return after.bgp
    .filter((s) => s.vrf === vrf && s.state === 'Established' && s.received !== (old.get(key(s)) ?? 0))
    .map((s) => `bgp ${s.peer} vrf ${vrf} ${s.family}: ${s.received} prefix${s.received === 1 ? '' : 'es'} received (was ${old.get(key(s)) ?? 0})`);
}

export interface Convergence {
  readonly converged: boolean;
  readonly fabricEstablished: number;
  readonly fabricTotal: number;
  readonly metallbState: string;
  readonly lbPrefixesReceived: number;
  readonly advertisedToPeers: number;
  /** What keeps the node from converging, for the log. */
  readonly blockers: readonly string[];
}

/**
 * The node is converged when every fabric peer (an interface's unnumbered session, or a
 * FABRIC_PEERS address as FRR names the session) has an Established session and the MetalLB
 * session is Established (it may carry no prefixes yet: no LoadBalancer service is a fine state).
 */
export function convergence(state: SessionState, fabricPeers: readonly string[], vrf: string): Convergence {
  const fabric = fabricPeers.map((name) => state.bgp.filter((s) => s.vrf === 'default' && s.peer === name));
  const established = fabric.filter((sessions) => sessions.length > 0 && sessions.every((s) => s.state === 'Established')).length;
  const metallb = state.bgp.filter((s) => s.vrf === vrf);
  const metallbState = metallb[0]?.state ?? 'not configured';
  const blockers: string[] = [];
  fabricPeers.forEach((name, i) => {
    const sessions = fabric[i] ?? [];
    const down = sessions.find((s) => s.state !== 'Established');
    if (sessions.length === 0) blockers.push(`fabric session ${name} is missing`);
    else if (down) blockers.push(`fabric session ${name} is ${down.state}`);
  });
  if (metallb.length === 0 || metallb.some((s) => s.state !== 'Established')) blockers.push(`MetalLB session is ${metallbState}`);
  const advertising = state.bgp.filter((s) => s.vrf === 'default' && fabricPeers.includes(s.peer) && s.sent > 0);
  return {
    converged: blockers.length === 0,
    fabricEstablished: established,
    fabricTotal: fabricPeers.length,
    metallbState,
    lbPrefixesReceived: metallb.reduce((sum, s) => sum + s.received, 0),
    advertisedToPeers: new Set(advertising.map((s) => s.peer)).size,
    blockers,
  };
}

export function describeConvergence(c: Convergence): string {
  return `fabric sessions Established ${c.fabricEstablished}/${c.fabricTotal}, MetalLB session ${c.metallbState}, LoadBalancer prefixes received ${c.lbPrefixesReceived}, advertising to ${c.advertisedToPeers} fabric peer${c.advertisedToPeers === 1 ? '' : 's'}`;
}
