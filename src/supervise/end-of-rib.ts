import { isObject, type Json } from '../json.js';

/**
 * End-of-RIB after a graceful restart (frr/graceful-restart.ts): whether bgpd has told every fabric
 * peer it is done, and whether the speaker had told bgpd first, from `show bgp vrf all neighbors
 * json` (each peer's gracefulRestartInfo: endOfRibSend, endOfRibRecv, one key per family). Pure.
 */
export interface EndOfRibState {
  /** Every fabric peer's session is Established and has been sent End-of-RIB. */
  readonly fabricTold: boolean;
  /** The speaker's session (in the speaker's VRF) has sent its End-of-RIB. */
  readonly speakerDone: boolean;
  readonly speakerState: string;
}

const anyFamily = (value: unknown) => isObject(value) && Object.values(value).some((family) => family === true);

export function endOfRibState(json: unknown, fabricPeers: readonly string[], vrf: string): EndOfRibState {
  const peersOf = (name: string): Json => {
    const peers = isObject(json) ? json[name] : undefined;
    return isObject(peers) ? peers : {};
  };
  const grace = (peer: unknown) => (isObject(peer) && isObject(peer.gracefulRestartInfo) ? peer.gracefulRestartInfo : {});
  const fabric = peersOf('default');
  const fabricTold =
    fabricPeers.length > 0 &&
    fabricPeers.every((name) => fabric[name] !== undefined && (fabric[name] as Json).bgpState === 'Established' && anyFamily(grace(fabric[name]).endOfRibSend));
  const speaker = Object.values(peersOf(vrf)).find((peer) => isObject(peer) && 'bgpState' in peer);
  return {
    fabricTold,
    speakerDone: anyFamily(grace(speaker).endOfRibRecv),
    speakerState: isObject(speaker) ? String(speaker.bgpState ?? 'unknown') : 'not configured',
  };
}

/** The log line once the fabric has been told, and whether it is a warning. Pure. */
export function describeEndOfRib(state: EndOfRibState, seconds: number, boundSeconds: number): { line: string; warn: boolean } {
  const told = `End-of-RIB sent to every fabric peer ${seconds} s after FRR started`;
  if (state.speakerDone)
    return {
      warn: false,
      line: `${told}, once the speaker's routes were in (its End-of-RIB received): the leaves kept this node's LoadBalancer routes through the restart`,
    };
  return {
    warn: state.speakerState !== 'Established',
    line: `${told}, without the speaker's End-of-RIB (its session ${state.speakerState}): bgpd waits for it only from a speaker with graceful restart, and at most ${boundSeconds} s; leaves that kept this node's LoadBalancer routes drop those the speaker has not announced again`,
  };
}
