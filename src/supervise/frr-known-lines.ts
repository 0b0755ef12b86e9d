import type { FrrLineLevel } from './frr-line.js';

/**
 * FRR lines whose own severity misleads an operator: each seen in a healthy lab start, restart or
 * stop, with the level it deserves and why, which the log line carries. Only lines that are
 * harmless wherever they come from are here; one that can mean trouble keeps FRR's severity.
 */
export interface KnownFrrLine {
  readonly pattern: RegExp;
  readonly level: FrrLineLevel;
  readonly why: string;
}

export const knownFrrLines: readonly KnownFrrLine[] = [
  {
    // bgpd_packet.c: an End of Route Refresh without its Beginning. FRR 8.4 peers send one as a
    // session comes up (the lab's 8.4 leaf logs "sending route-refresh (EoRR)" then); the routes
    // came in the session's updates either way.
    pattern: /rcvd route-refresh \(EoRR\) for \S+, whereas no BoRR received$/,
    level: 'info',
    why: 'the peer ended a route refresh it never began, as FRR 8.4 does when a session comes up; no route is missing',
  },
  {
    // bgp_fsm.c: a second start event while a connection attempt is under way (two connections to
    // one unnumbered peer at once, one of them dropped by collision resolution).
    pattern: /\[FSM\] Ignoring event BGP_Start in state Connect\b/,
    level: 'info',
    why: "FRR's: a second connection attempt while one is under way; the session comes up on one of them",
  },
  {
    // bgp_open.c: a capability bgpd does not know, such as the pre-standard route refresh (128)
    // that GoBGP-based speakers (MetalLB's native mode) and older routers still announce.
    pattern: /unrecognized capability code: \d+ - ignored$/,
    level: 'info',
    why: 'the peer offers a capability FRR does not use (128: the pre-standard route refresh); the session works without it',
  },
  {
    pattern: /^Disabling MPLS support \(no kernel support\)$/,
    level: 'info',
    why: "this kernel has no MPLS, which this product's routing does not use",
  },
  {
    // zebra/ge_netlink.c asks each link's speed over ethtool's generic netlink family; a driver
    // without link modes (veth, virtual NICs) refuses, and the kernel's extended error says so.
    // The family's number happens to be RTM_SETLINK's, which is how zebra names it.
    pattern: /^generic-netlink-cmd \(NS \d+\) error: Operation not supported, type=RTM_SETLINK\(\d+\)/,
    level: 'info',
    why: "zebra asked the link's speed over ethtool netlink (not RTM_SETLINK), and this driver has none; routing does not need it",
  },
  {
    pattern: /^Extended Error: failed to retrieve link settings$/,
    level: 'info',
    why: "the kernel's answer to zebra's ethtool query: this driver has no link speed; routing does not need it",
  },
  {
    // lib/log_nb.c, command_setup_early_logging (FRR 10.6 on, still in master in August 2026):
    // set_log_file returns CMD_SUCCESS, 0, when the file is set, and the check reads 0 as a failure.
    // mgmtd and staticd print it: they are the daemons given --log file: (they read no config file).
    pattern: /^Unable to set log file: \S+$/,
    level: 'info',
    why: "FRR's inverted check, printed when the log file was set: this daemon logs there",
  },
];

/** The level FRR's line deserves, and why, when it is a known one. */
export function knownFrrLine(message: string): KnownFrrLine | undefined {
  return knownFrrLines.find((known) => known.pattern.test(message));
}
