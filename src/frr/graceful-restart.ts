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
 * session before the whole config is in, and sends End-of-RIB to no peer before every instance
 * has its routes back, so the fabric's End-of-RIB waits for the speaker's in VRF metallb (or
 * speakerEndOfRibWaitSeconds). Without it bgpd sends End-of-RIB once the fabric's peers have
 * sent theirs, and a leaf keeping the node's routes by graceful restart drops the LoadBalancer
 * routes until the speaker is back (FRRouting/frr#22623).
 *
 * Only when the kernel still holds routes FRR installed (zebra -r kept them through the stop):
 * -K also tells the peers that forwarding was kept (the F bit), which after a reboot would be
 * false, and a leaf still holding the node's routes would go on sending it traffic it cannot
 * forward yet. Pure.
 */
export function bgpdStart(version: FrrVersion, keptRoutes: number): BgpdStart {
  if (keptRoutes === 0) return { gracefully: false, warn: false, why: 'bgpd starts afresh: the kernel holds no route FRR installed (a first start since boot)' };
  const kept = `the kernel holds ${keptRoutes} route${keptRoutes === 1 ? '' : 's'} FRR installed before this start`;
  if (!atLeast(version, 10, 4)) {
    return { gracefully: false, warn: true, why: `${kept}, but FRR ${version.text} cannot hold its End-of-RIB until the speaker's routes are back (FRR 10.4 and later can): leaves that keep this node's routes by graceful restart may drop its LoadBalancer routes until the speaker's session is back` };
  }
  return { gracefully: true, warn: false, why: `${kept}: bgpd restarts gracefully (-K), its End-of-RIB to the fabric waits for the speaker's routes (at most ${speakerEndOfRibWaitSeconds} s)` };
}
