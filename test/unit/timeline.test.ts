import { describe, expect, it } from 'vitest';
import {
  describeStream,
  lossesOf,
  nodeMoments,
  parseMarks,
  parseRoutes,
  parseSamples,
  parseStreams,
  stallMs,
  streamMoments,
  timelineSvg,
  type Scenario,
} from '../../lab/timeline.js';

// The rack's files as sample_fib and mark write them: two leaves, two routes, node1's loopback
// lost at leaf1 from 1000 to 1300 and its LB IP gone at leaf2 from 1200 to the end.
const routes = parseRoutes("192.0.2.1 swp1 node1's LB IP\n10.0.0.1 swp1 node1's loopback\n");
const samples = parseSamples(
  [
    'leaf1 1000 1 0',
    'leaf2 1000 1 1',
    'leaf1 1100 1 0',
    'leaf2 1100 1 1',
    'leaf1 1200 1 0',
    'leaf2 1200 0 1',
    'leaf1 1300 1 1',
    'leaf2 1300 0 1',
    'leaf1 1400 1',
  ].join('\n'),
  routes.length,
);

describe('the lab timeline', () => {
  it('reads the routes, and leaves out a sample line the sampler cut short', () => {
    expect(routes).toEqual([
      { address: '192.0.2.1', port: 'swp1', label: "node1's LB IP" },
      { address: '10.0.0.1', port: 'swp1', label: "node1's loopback" },
    ]);
    expect(samples).toHaveLength(8);
    expect(samples.at(-1)).toEqual({ leaf: 'leaf2', ms: 1300, present: [false, true] });
  });

  it('counts a loss from the first sample without the route to the first with it, or to the end', () => {
    expect(lossesOf(samples, 'leaf1', 1)).toEqual([{ from: 1000, to: 1300, back: true }]);
    expect(lossesOf(samples, 'leaf1', 0)).toEqual([]);
    expect(lossesOf(samples, 'leaf2', 0)).toEqual([{ from: 1200, to: 1300, back: false }]);
  });

  it("takes the node's moments from its supervisor's lines in the window, and the rack's marks", () => {
    const log = [
      '1970-01-01T00:00:00.900Z INFO  supervisor: converged: fabric sessions Established 2/2',
      '1970-01-01T00:00:01.150Z INFO  supervisor: FRR runs the whole frr.conf: every apply ended without a complaint',
      '1970-01-01T00:00:01.160Z INFO  bgpd: converged: not the supervisor',
      '1970-01-01T00:00:01.250Z INFO  supervisor: converged: fabric sessions Established 2/2',
      '1970-01-01T00:00:01.260Z WARN  supervisor: drain on (link frr-drain): every route is advertised with the GRACEFUL_SHUTDOWN community',
    ].join('\n');
    expect(nodeMoments(log, 1000, 1300)).toEqual([
      { ms: 1150, what: 'FRR up', by: 'node' },
      { ms: 1250, what: 'sessions up', by: 'node' },
      { ms: 1260, what: 'drain applied', by: 'node' },
    ]);
    expect(parseMarks('1050 SIGTERM\n1100 container start\nnot a mark\n')).toEqual([
      { ms: 1050, what: 'SIGTERM', by: 'rack' },
      { ms: 1100, what: 'container start', by: 'rack' },
    ]);
  });

  // As stop_streams writes them: one held through a 21.7 s stall, one ended 150 ms in, one never connected.
  const streams = parseStreams(
    ['leaf1 loopback 1000 held node1 4 4 21670', 'leaf2 lb 1050 reset node2 150 3 2 53', 'leaf2 loopback 0 failed Connection refused'].join('\n'),
  );

  it("reads the streams' outcomes and the moment one ended", () => {
    expect(streams.map(describeStream)).toEqual([
      "leaf1's stream to the loopback held (node1), at most 21.7 s without an answer",
      "leaf2's stream to the LB IP ended after 0.1 s (node2)",
      "leaf2's stream to the loopback never connected",
    ]);
    expect(streams[1]?.unanswered).toBe(1);
    expect(streamMoments(streams)).toEqual([{ ms: 1200, what: 'leaf2→LB IP ended', by: 'stream' }]);
  });

  const scenario: Scenario = {
    streams,
    name: 'restart-fast-failover',
    node: '1',
    routes,
    samples,
    moments: [
      { ms: 1050, what: 'SIGTERM', by: 'rack' },
      { ms: 1250, what: 'sessions up', by: 'node' },
      { ms: 5000, what: 'after the samples', by: 'rack' },
    ],
    leafVersions: { leaf1: 'FRRouting 8.4.4', leaf2: 'FRRouting 10.7.1' },
  };

  it('draws each lane red where the route was missing and says what each leaf lost', () => {
    const svg = timelineSvg(scenario);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Per lane, a rect per run of one state: leaf1's LB IP, its loopback, leaf2's LB IP (two), its loopback.
    const runs = [...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="16" fill="(#\w+)"\/>/g)].map((m) => ({
      x: Number(m[1]),
      width: Number(m[2]),
      fill: m[3],
    }));
    expect(runs.map((r) => r.fill)).toEqual(['#2e7d32', '#c62828', '#2e7d32', '#c62828', '#2e7d32']);
    // leaf2's LB IP: installed for the first two thirds of the time, then missing.
    const [installed, missing] = [runs[2] ?? { x: 0, width: 0 }, runs[3] ?? { x: 0, width: 1 }];
    expect(installed.width / missing.width).toBeCloseTo(2, 1);
    expect(missing.x).toBeCloseTo(installed.x + installed.width, 0);
    expect(svg).toContain('leaf1: node1&#39;s LB IP never lost, node1&#39;s loopback lost 0.3 s');
    expect(svg).toContain('leaf2: node1&#39;s LB IP lost 0.1 s (not back), node1&#39;s loopback never lost');
    expect(svg).toContain('leaf1 (FRRouting 8.4.4)');
    expect(svg).toContain('>SIGTERM 0.1 s</text>');
    expect(svg).toContain('>sessions up 0.3 s</text>');
    expect(svg).toContain('fill="#e65100" text-anchor="middle">leaf2→LB IP ended 0.2 s</text>');
    expect(svg).toContain('TCP: leaf1&#39;s stream to the loopback held (node1), at most 21.7 s without an answer');
    expect(svg).not.toContain('after the samples');
  });

  it('draws a stall of the rack as unknown, not as either state', () => {
    const stalled = parseSamples(`leaf1 0 1 1\nleaf1 ${stallMs + 1} 0 1\nleaf1 ${stallMs + 101} 1 1`, 2);
    const svg = timelineSvg({ ...scenario, samples: stalled });
    const fills = [...svg.matchAll(/height="16" fill="(#\w+)"/g)].map((m) => m[1]);
    expect(fills).toEqual(['#bdbdbd', '#c62828', '#bdbdbd', '#2e7d32']);
  });

  it('escapes what it writes', () => {
    const svg = timelineSvg({ ...scenario, routes: parseRoutes('192.0.2.1 swp1 a <b> & "c"\n10.0.0.1 swp1 d') });
    expect(svg).toContain('a &#60;b&#62; &#38; &#34;c&#34;');
    expect(svg).not.toContain('<b>');
  });
});
