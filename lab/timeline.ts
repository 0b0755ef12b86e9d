/**
 * A lab scenario's timeline as an SVG picture: each leaf's routes to the node over time (from the
 * rack's FIB samples), with the moments the rack acted (SIGTERM, container start, the drain link)
 * and the node reacted (FRR up, sessions up, drain applied), so an operator sees the loss instead
 * of reading it. Pure: the rack's files in, the picture out (run-lab.ts reads and writes them).
 */

/** A route the rack sampled at each leaf: a route to `address` through `port` (a glob). */
export interface SampledRoute {
  readonly address: string;
  readonly port: string;
  readonly label: string;
}

export interface Sample {
  readonly leaf: string;
  readonly ms: number;
  /** One per route: whether the leaf had it. */
  readonly present: readonly boolean[];
}

export interface Moment {
  readonly ms: number;
  readonly what: string;
  /** Who: the rack (an operator's or Talos's act), the node (its supervisor's log) or a TCP stream (it ended). */
  readonly by: 'rack' | 'node' | 'stream';
}

/** A TCP stream the rack held through the scenario, from a leaf (lab/stream.py). */
export interface Stream {
  readonly leaf: string;
  /** What it reached: "lb" (the LB IP) or "loopback" (the node's). */
  readonly to: string;
  readonly connectedMs: number;
  /** held: connected to the end; reset: ended (afterMs into it); failed: never connected. */
  readonly outcome: 'held' | 'reset' | 'failed';
  readonly server: string;
  readonly afterMs: number;
  readonly unanswered: number;
  /** The longest it waited for an answer. */
  readonly stallMs: number;
}

export interface Scenario {
  readonly name: string;
  readonly node: string;
  readonly routes: readonly SampledRoute[];
  readonly samples: readonly Sample[];
  readonly moments: readonly Moment[];
  readonly streams: readonly Stream[];
  /** Leaf name -> its FRR version, for the lanes' labels. */
  readonly leafVersions: Readonly<Record<string, string>>;
}

/** A stretch of time in which a leaf did not have a route (`back` false: still gone at the end). */
export interface Loss {
  readonly from: number;
  readonly to: number;
  readonly back: boolean;
}

/** Longer than this between two samples is a stall of the rack: drawn as unknown, not as a state. */
export const stallMs = 2_000;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** SCENARIO.routes: "ADDR PORT LABEL..." a line each. */
export function parseRoutes(text: string): SampledRoute[] {
  return lines(text).map((line) => {
    const [address = '', port = '', ...label] = line.split(/\s+/);
    return { address, port, label: label.join(' ') || `${address} via ${port}` };
  });
}

/** SCENARIO.samples: "<leaf> <ms> <1|0>..." a line each; a line cut short (the sampler stopped mid-write) is left out. */
export function parseSamples(text: string, routes: number): Sample[] {
  return lines(text).flatMap((line) => {
    const [leaf = '', ms = '', ...bits] = line.split(' ');
    if (!/^\d+$/.test(ms) || bits.length !== routes || bits.some((b) => b !== '0' && b !== '1')) return [];
    return [{ leaf, ms: Number(ms), present: bits.map((b) => b === '1') }];
  });
}

/** SCENARIO.marks: "<ms> <what>" a line each, written by the rack. */
export function parseMarks(text: string): Moment[] {
  return lines(text).flatMap((line) => {
    const m = /^(\d+) (.+)$/.exec(line);
    return m ? [{ ms: Number(m[1]), what: m[2] ?? '', by: 'rack' as const }] : [];
  });
}

/** SCENARIO.streams: "<leaf> <lb|loopback> <connected ms> held <server> <sent> <answered> <stall ms>", "... reset <server> <after ms> <sent> <answered> <stall ms>" or "... failed <why>". */
export function parseStreams(text: string): Stream[] {
  return lines(text).map((line) => {
    const [leaf = '', to = '', connected = '0', outcome = 'failed', server = '?', ...rest] = line.split(' ');
    const n = rest.map(Number);
    const connectedMs = Number(connected);
    if (outcome === 'held') return { leaf, to, connectedMs, outcome, server, afterMs: 0, unanswered: (n[0] ?? 0) - (n[1] ?? 0), stallMs: n[2] ?? 0 };
    if (outcome === 'reset') return { leaf, to, connectedMs, outcome, server, afterMs: n[0] ?? 0, unanswered: (n[1] ?? 0) - (n[2] ?? 0), stallMs: n[3] ?? 0 };
    return { leaf, to, connectedMs, outcome: 'failed' as const, server: '', afterMs: 0, unanswered: 0, stallMs: 0 };
  });
}

const streamTarget = (s: Stream) => (s.to === 'lb' ? 'the LB IP' : 'the loopback');

/** A stream's outcome in a few words, as the rack's check says it. */
export function describeStream(s: Stream): string {
  const what = `${s.leaf}'s stream to ${streamTarget(s)}`;
  if (s.outcome === 'failed') return `${what} never connected`;
  if (s.outcome === 'reset') return `${what} ended after ${seconds(s.afterMs)} (${s.server})`;
  return `${what} held (${s.server}), at most ${seconds(s.stallMs)} without an answer${s.unanswered ? `, ${s.unanswered} lines unanswered` : ''}`;
}

/** The moments the streams ended. */
export function streamMoments(streams: readonly Stream[]): Moment[] {
  return streams
    .filter((s) => s.outcome === 'reset')
    .map((s) => ({ ms: s.connectedMs + s.afterMs, what: `${s.leaf}→${s.to === 'lb' ? 'LB IP' : 'loopback'} ended`, by: 'stream' as const }));
}

/** What the node's supervisor logs at the moments a timeline shows, and the label for each. */
const nodeMomentLines: readonly (readonly [RegExp, string])[] = [
  [/^FRR runs the whole frr\.conf|^frr\.conf re-applied/, 'FRR up'],
  [/^converged: /, 'sessions up'],
  [/^drain on /, 'drain applied'],
  [/^drain off /, 'drain removed'],
];

/** The moments in a node's log ("<ISO time> LEVEL  supervisor: <message>" lines) between from and to. */
export function nodeMoments(log: string, from: number, to: number): Moment[] {
  return lines(log).flatMap((line) => {
    const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) +[A-Z]+ +supervisor: (.*)$/.exec(line);
    const ms = m ? Date.parse(m[1] ?? '') : Number.NaN;
    const label = m && nodeMomentLines.find(([pattern]) => pattern.test(m[2] ?? ''))?.[1];
    return label && ms >= from && ms <= to ? [{ ms, what: label, by: 'node' as const }] : [];
  });
}

/**
 * A leaf's losses of route `column`: from the first sample without it to the first with it
 * again (or to the last sample, not back), as the rack's loss_at counts them.
 */
export function lossesOf(samples: readonly Sample[], leaf: string, column: number): Loss[] {
  const mine = samples.filter((s) => s.leaf === leaf);
  const losses: Loss[] = [];
  let from: number | undefined;
  for (const s of mine) {
    const present = s.present[column] ?? false;
    if (!present && from === undefined) from = s.ms;
    if (present && from !== undefined) {
      losses.push({ from, to: s.ms, back: true });
      from = undefined;
    }
  }
  const last = mine.at(-1);
  if (from !== undefined && last) losses.push({ from, to: last.ms, back: false });
  return losses;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
/** A tick step that gives 5-12 ticks over the span. */
const tickStep = (spanMs: number) => [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].find((s) => spanMs / (s * 1000) <= 12) ?? 1200;

const colour = { present: '#2e7d32', missing: '#c62828', stalled: '#bdbdbd', rack: '#1565c0', node: '#6a1b9a', stream: '#e65100' };

/** About how wide a line of text is at the picture's font size (11 px sans-serif), for the layout. */
const textWidth = (text: string) => text.length * 6.2;

/**
 * Each sample's state holds until the next sample; a pause longer than stallMs is unknown. The
 * lane as runs of one state: [from, to, state].
 */
type LaneState = 'present' | 'missing' | 'stalled';
function runsOf(samples: readonly Sample[], column: number): [number, number, LaneState][] {
  const runs: [number, number, LaneState][] = [];
  samples.forEach((s, i) => {
    const next = samples[i + 1];
    if (!next) return;
    const state = next.ms - s.ms > stallMs ? 'stalled' : s.present[column] ? 'present' : 'missing';
    const last = runs.at(-1);
    if (last && last[2] === state && last[1] === s.ms) last[1] = next.ms;
    else runs.push([s.ms, next.ms, state]);
  });
  return runs;
}

/** Rows for the moments' labels: each label in the first row where it clears the one before it. */
function labelRows(labels: readonly { x: number; text: string }[]): number[] {
  const ends: number[] = [];
  return labels.map(({ x, text }) => {
    const from = x - textWidth(text) / 2;
    let row = ends.findIndex((end) => end + 8 <= from);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = from + textWidth(text);
    return row;
  });
}

/** The scenario's timeline picture, as SVG text. */
export function timelineSvg(scenario: Scenario): string {
  const leaves = [...new Set(scenario.samples.map((s) => s.leaf))].sort();
  const t0 = Math.min(...scenario.samples.map((s) => s.ms));
  const t1 = Math.max(...scenario.samples.map((s) => s.ms));
  const span = Math.max(t1 - t0, 1);
  const laneLabel = (route: SampledRoute) => `${route.label} (${route.address} via ${route.port})`;
  const left = 30 + Math.max(...scenario.routes.map((route) => textWidth(laneLabel(route))));
  const width = left + 720;
  const x = (ms: number) => left + ((ms - t0) / span) * (width - left - 20);
  const summary = leaves.map(
    (leaf) =>
      `${leaf}: ${scenario.routes
        .map((route, column) => {
          const losses = lossesOf(scenario.samples, leaf, column);
          const lost = losses.reduce((sum, l) => sum + l.to - l.from, 0);
          return `${route.label} ${lost === 0 ? 'never lost' : `lost ${seconds(lost)}${losses.some((l) => !l.back) ? ' (not back)' : ''}`}`;
        })
        .join(', ')}`,
  );
  summary.push(...scenario.streams.map((stream) => `TCP: ${describeStream(stream)}`));
  const moments = [...scenario.moments, ...streamMoments(scenario.streams)].filter((m) => m.ms >= t0 && m.ms <= t1).sort((a, b) => a.ms - b.ms);
  // A label centred on its moment, moved in where it would run off the picture's edge.
  const momentLabels = moments.map((m) => {
    const text = `${m.what} ${seconds(m.ms - t0)}`;
    const half = textWidth(text) / 2;
    return { x: Math.min(Math.max(x(m.ms), half + 4), width - half - 4), text };
  });
  const rows = labelRows(momentLabels);
  const labelsTop = 30 + summary.length * 16 + 12;
  const lane = 20;
  const out: string[] = [];
  let y = labelsTop + (Math.max(-1, ...rows) + 1) * 14;
  for (const leaf of leaves) {
    const version = scenario.leafVersions[leaf];
    out.push(`<text x="10" y="${y + 14}" font-weight="bold">${escapeXml(`${leaf}${version ? ` (${version})` : ''}`)}</text>`);
    y += lane;
    const mine = scenario.samples.filter((s) => s.leaf === leaf);
    scenario.routes.forEach((route, column) => {
      out.push(`<text x="20" y="${y + 14}">${escapeXml(laneLabel(route))}</text>`);
      for (const [from, to, state] of runsOf(mine, column)) {
        out.push(
          `<rect x="${x(from).toFixed(1)}" y="${y}" width="${Math.max(x(to) - x(from), 0.5).toFixed(1)}" height="${lane - 4}" fill="${colour[state]}"/>`,
        );
      }
      y += lane + 6;
    });
    y += 12;
  }
  const axis = y;
  const step = tickStep(span);
  for (let s = 0; s * 1000 <= span; s += step) {
    const tx = x(t0 + s * 1000).toFixed(1);
    out.push(
      `<line x1="${tx}" y1="${axis}" x2="${tx}" y2="${axis + 5}" stroke="#000"/>`,
      `<text x="${tx}" y="${axis + 18}" text-anchor="middle">${s} s</text>`,
    );
  }
  moments.forEach((m, i) => {
    const labelY = labelsTop + (rows[i] ?? 0) * 14;
    const mx = x(m.ms).toFixed(1);
    out.push(`<line x1="${mx}" y1="${labelY + 3}" x2="${mx}" y2="${axis}" stroke="${colour[m.by]}" stroke-dasharray="4 3"/>`);
    out.push(
      `<text x="${(momentLabels[i]?.x ?? 0).toFixed(1)}" y="${labelY}" fill="${colour[m.by]}" text-anchor="middle">${escapeXml(momentLabels[i]?.text ?? '')}</text>`,
    );
  });
  const legendY = axis + 36;
  const legend = [
    [colour.present, 'route installed'],
    [colour.missing, 'route missing'],
    [colour.stalled, `no sample for over ${seconds(stallMs)} (the rack stalled)`],
    [colour.rack, 'what the rack did'],
    [colour.node, "the node's log"],
    [colour.stream, 'a TCP stream ended'],
  ] as const;
  let legendX = 10;
  const legendItems = legend.map(([fill, text]) => {
    const item = `<rect x="${legendX}" y="${legendY - 9}" width="10" height="10" fill="${fill}"/><text x="${legendX + 14}" y="${legendY}">${escapeXml(text)}</text>`;
    legendX += 14 + textWidth(text) + 20;
    return item;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${legendY + 12}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">${escapeXml(`${scenario.name}: node${scenario.node}, ${seconds(span)}`)}</text>`,
    ...summary.map((line, i) => `<text x="10" y="${36 + i * 16}">${escapeXml(line)}</text>`),
    ...out,
    ...legendItems,
    '</svg>',
    '',
  ].join('\n');
}
