import type { NodeStatus } from './status-file.js';

/**
 * The node's status as Prometheus metrics (the text exposition format, version 0.0.4): what the
 * status file says, one sample per fact, so that a fleet is watched by one scrape config instead
 * of a `talosctl read` per node. Pure: a function of the status the supervisor keeps.
 */
export function renderMetrics(status: NodeStatus): string {
  const out: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: readonly (readonly [Labels, number])[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) out.push(`${name}${labelText(labels)} ${value}`);
  };
  const flag = (on: boolean) => (on ? 1 : 0);
  const bgp = status.sessions?.bgp ?? [];
  const bfd = status.sessions?.bfd ?? [];
  const bgpLabels = (s: (typeof bgp)[number]) => ({ vrf: s.vrf, peer: s.peer, family: s.family });

  metric('frr_supervisor_frr_running', 'gauge', '1 while FRR runs under the supervisor (not starting, stopping or stopped)', [
    [{}, flag(status.frr.state === 'running')],
  ]);
  metric('frr_supervisor_converged', 'gauge', '1 while every fabric session and the speaker session are Established', [[{}, flag(status.converged)]]);
  if (status.convergedAfterSeconds !== undefined) {
    metric('frr_supervisor_converged_after_seconds', 'gauge', "seconds from FRR's start to this run's first convergence", [[{}, status.convergedAfterSeconds]]);
  }
  metric('frr_supervisor_drained', 'gauge', '1 while the node advertises every route with GRACEFUL_SHUTDOWN (the drain)', [[{}, flag(status.drain.on)]]);
  metric('frr_supervisor_config_applied', 'gauge', '1 while FRR runs the whole frr.conf', [[{}, flag(status.configApply.state === 'applied')]]);
  metric('frr_supervisor_config_repairs_total', 'counter', 'times the supervisor applied frr.conf again because FRR had left a part out', [
    [{}, status.configApply.repairs],
  ]);
  metric('frr_supervisor_config_check_ok', 'gauge', "1 when FRR's own check passed the rendered config without a complaint", [[{}, flag(status.lastCheck.ok)]]);
  metric(
    'frr_supervisor_bgp_session_established',
    'gauge',
    '1 while the BGP session is Established, per address family',
    bgp.map((s) => [bgpLabels(s), flag(s.state === 'Established')] as const),
  );
  metric(
    'frr_supervisor_bgp_prefixes_accepted',
    'gauge',
    "prefixes accepted from the peer, after the policy (FRR's PfxRcd), per address family",
    bgp.map((s) => [bgpLabels(s), s.received] as const),
  );
  metric(
    'frr_supervisor_bgp_prefixes_sent',
    'gauge',
    'prefixes advertised to the peer, per address family',
    bgp.map((s) => [bgpLabels(s), s.sent] as const),
  );
  metric(
    'frr_supervisor_bgp_prefixes_received',
    'gauge',
    "prefixes the speaker announces, before the policy: accepted and refused (the speaker's session, while Established)",
    bgp.flatMap((s) => (s.announced === undefined ? [] : [[bgpLabels(s), s.announced] as const])),
  );
  metric(
    'frr_supervisor_bgp_prefixes_refused',
    'gauge',
    "prefixes the speaker announces that the policy refuses, per address family (the speaker's session, while Established)",
    bgp.flatMap((s) => (s.refused === undefined ? [] : [[bgpLabels(s), s.refused] as const])),
  );
  metric(
    'frr_supervisor_bgp_session_changed_timestamp_seconds',
    'gauge',
    'when the BGP session last came up or went down (Unix time; time() minus it is its uptime while Established), per address family',
    bgp.flatMap((s) => (s.changedAt === undefined ? [] : [[bgpLabels(s), s.changedAt] as const])),
  );
  metric(
    'frr_supervisor_bfd_session_up',
    'gauge',
    '1 while the BFD session is up',
    bfd.map((s) => [{ vrf: s.vrf, peer: s.peer, interface: s.interface ?? '' }, flag(s.status === 'up')] as const),
  );
  metric(
    'frr_supervisor_frr_daemon_restarts_total',
    'counter',
    'times watchfrr restarted the daemon in this run (daemon "all": every daemon at once)',
    Object.entries(status.daemonRestarts ?? {}).map(([daemon, n]) => [{ daemon }, n] as const),
  );
  metric('frr_supervisor_status_updated_timestamp_seconds', 'gauge', 'when the supervisor last learned something about FRR (Unix time)', [
    [{}, Date.parse(status.updatedAt) / 1000],
  ]);
  return `${out.join('\n')}\n`;
}

type Labels = Readonly<Record<string, string>>;

/** `{name="value",...}`, each value escaped as the format says (backslash, quote, line feed). */
function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}
