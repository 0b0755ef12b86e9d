/**
 * Where a node's restart spends its seconds, from the container's start to its LoadBalancer prefix
 * installed at both leaves: each phase ends at a line of the node's log (or, the last, at the
 * leaves' samples), and says what decides its length. Pure: the lab's bench (bench/run.ts) feeds
 * it the node's log of each side-by-side restart.
 */
export interface Phase {
  readonly name: string;
  /** What decides how long it takes. */
  readonly decidedBy: string;
  /** Its length; undefined when its end is not in the log (the phase did not happen, or the log is cut). */
  readonly ms: number | undefined;
}

interface PhaseEnd {
  readonly name: string;
  readonly decidedBy: string;
  /** The first log line that ends it ("component: message"), or the last of several (fabric sessions). */
  readonly line: RegExp;
  readonly last?: boolean;
}

const ends: readonly PhaseEnd[] = [
  {
    name: "the lab's Talos: machine config, overlay, container created",
    decidedBy: "the lab's stand-in for Talos (talos-config, the launcher's own Node start, mounts)",
    line: /^talos: \S+: starting /,
  },
  {
    name: 'crun, tini and Node to the supervisor running',
    decidedBy: "the container runtime and Node (the bundle from V8's code cache)",
    line: /^supervisor: starting: /,
  },
  {
    name: 'the supervisor: settings, FRR found, fabric, render, check, kernel, files',
    decidedBy: "CPU; FRR's check only when frr.conf or FRR changed",
    line: /^supervisor: starting FRR: /,
  },
  {
    name: "FRR's daemons started, one after another",
    decidedBy: 'CPU: each loads its libraries and YANG models',
    line: /^frr-start: applying frr\.conf with vtysh -b$/,
  },
  { name: 'frr.conf applied (vtysh -b)', decidedBy: 'CPU: vtysh hands each daemon its lines', line: /^frr-start: vtysh -b exited with status / },
  {
    name: 'fabric sessions Established',
    decidedBy: "the leaves' link-local addresses (router advertisements), BGP's connect retry and BFD",
    line: /^bgp: bgp \S+ vrf default \S+: \S+ -> Established/,
    last: true,
  },
  {
    name: "the speaker's session Established",
    decidedBy: "the speaker's reconnect timer (FRR only listens)",
    line: /^bgp: bgp \S+ vrf (?!default )\S+ \S+: \S+ -> Established/,
  },
  {
    name: "the speaker's routes in",
    decidedBy: "the speaker's first UPDATE (seen at the supervisor's next poll, SESSION_POLL_SECONDS)",
    line: /^bgp: bgp \S+ vrf (?!default )\S+ \S+: [1-9]\d* prefix(es)? received \(was 0\)/,
  },
];

const lastPhase = { name: 'installed at both leaves', decidedBy: "the node's advertisement (imported from the VRF, then sent) and the leaves' processing" };

/** A log line "<ISO time> LEVEL  component: message" as [ms, "component: message"]. */
function parse(line: string): [number, string] | undefined {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) +[A-Z]+ +(.*)$/.exec(line);
  return m ? [Date.parse(m[1] ?? ''), m[2] ?? ''] : undefined;
}

/**
 * The phases of one start: `log` is the node's log from the container's start (`startMs`) on,
 * `installedMs` when its LoadBalancer prefix was at both leaves (undefined: never). A phase whose
 * moment came before the one before it (the speaker's session up before the fabric's) took no time
 * of its own.
 */
export function restartPhases(log: string, startMs: number, installedMs: number | undefined): Phase[] {
  // Up to the prefix at both leaves: a session reset after that is another story.
  const lines = log
    .split('\n')
    .flatMap((line) => {
      const parsed = parse(line);
      return parsed ? [parsed] : [];
    })
    .filter(([ms]) => ms >= startMs && ms <= (installedMs ?? Infinity));
  const at = ends.map((end) => {
    const matching = lines.filter(([, message]) => end.line.test(message));
    const chosen = end.last ? matching.at(-1) : matching[0];
    return chosen?.[0];
  });
  const moments = [...at, installedMs];
  const names = [...ends, lastPhase];
  let previous = startMs;
  return names.map((end, i) => {
    const moment = moments[i];
    if (moment === undefined) return { name: end.name, decidedBy: end.decidedBy, ms: undefined };
    // A phase that ended before the one before it (the speaker's routes in before the fabric was
    // up) took no time of its own.
    const ms = Math.max(0, moment - previous);
    previous = Math.max(previous, moment);
    return { name: end.name, decidedBy: end.decidedBy, ms };
  });
}
