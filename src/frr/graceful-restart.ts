import { atLeast, type FrrVersion } from './version.js';

/**
 * How long a restarted node's End-of-RIB to the fabric waits for its speaker's routes: bgpd's
 * select-defer-time in the speaker's VRF instance. Long enough for a speaker whose reconnect
 * timer is 120 s (GoBGP's and Cilium's default), short of what a leaf keeps stale routes for
 * once the session is back (FRR and Cisco 360 s, Arista and Juniper 300 s).
 */
export const speakerEndOfRibWaitSeconds = 120;

/** Whether bgpd starts as a graceful restart (-K), and why, for the log. */
export interface BgpdStart {
  readonly gracefully: boolean;
  readonly why: string;
  /** A restart that may cost LoadBalancer routes at the leaves: said as a warning. */
  readonly warn: boolean;
}

/**
 * From FRR 10.4, bgpd started with -K restarts gracefully as RFC 4724 means it: it opens no
 * session before the whole config is in, and sends no UPDATE and no End-of-RIB to any peer before
 * every instance has its routes back, so the fabric hears from the node only once the speaker's
 * routes are in VRF metallb (or speakerEndOfRibWaitSeconds are out). Without it bgpd sends
 * End-of-RIB once the fabric's peers have sent theirs, and a leaf keeping the node's routes by
 * graceful restart drops the LoadBalancer routes until the speaker is back (FRRouting/frr#22623).
 *
 * Only when the kernel still holds the speaker's routes in the VRF's table (zebra -r kept them
 * through the stop): then there is something for the leaves to keep. Not after a reboot, where
 * -K would also tell the peers that forwarding was kept (the F bit), which would be false; nor
 * on a node whose speaker announced nothing, where waiting for it would only hold the node's own
 * routes back from a leaf that dropped them. `keptRoutes`: the VRF table's routes of protocol bgp. Pure.
 */
export function bgpdStart(version: FrrVersion, keptRoutes: number): BgpdStart {
  if (keptRoutes === 0)
    return {
      gracefully: false,
      warn: false,
      why: "bgpd starts afresh: the kernel holds none of the speaker's routes (a first start since boot, or no LoadBalancer IP announced)",
    };
  const kept = `the kernel holds ${keptRoutes} of the speaker's routes from before this start`;
  if (!atLeast(version, 10, 4)) {
    return {
      gracefully: false,
      warn: true,
      why: `${kept}, but FRR ${version.text} cannot hold its End-of-RIB until they are back (FRR 10.4 and later can): leaves that keep this node's routes by graceful restart may drop its LoadBalancer routes until the speaker's session is back`,
    };
  }
  return {
    gracefully: true,
    warn: false,
    why: `${kept}: bgpd restarts gracefully (-K), and tells the fabric nothing until the speaker's routes are back (at most ${speakerEndOfRibWaitSeconds} s)`,
  };
}
