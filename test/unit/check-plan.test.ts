import { describe, expect, it } from 'vitest';
import { planFromProbe, probeFor } from '../../src/frr/check-plan.js';
import type { DaemonRun } from '../../src/frr/daemon-check.js';
import type { FrrDaemon } from '../../src/frr/facts.js';

const all: FrrDaemon[] = ['zebra', 'bgpd', 'bfdd'];
const { text, owners } = probeFor(all);
const lines = text.split('\n');
const lineOf = (start: string) => lines.findIndex((line) => line.trim().startsWith(start)) + 1;
const linesOf = (daemon: FrrDaemon) => owners.flatMap((owner, i) => (owner === daemon ? [i + 1] : []));
const everyLine = lines.map((_, i) => i + 1).filter((line) => (lines[line - 1] ?? '').trim() !== '');

/** A run that ended well and read the whole probe, failing `unknown` as "No such command". */
const run = (daemon: FrrDaemon, unknown: number[], more: Partial<DaemonRun> = {}): DaemonRun => ({
  daemon,
  abnormal: undefined,
  readWhole: true,
  refused: [],
  unknown,
  messages: [],
  lastLine: '',
  ...more,
});
/** What FRR 8.4 does: each daemon takes its own lines and the shared ones. */
const takesOwn = (daemon: FrrDaemon) =>
  run(
    daemon,
    everyLine.filter((line) => owners[line - 1] !== undefined && owners[line - 1] !== daemon),
  );

describe('the probe config', () => {
  it('holds a numbered neighbor, and a line of each daemon asked', () => {
    expect(text).toMatch(/^ neighbor 192\.0\.2\.2 remote-as 65002$/m);
    for (const daemon of all) expect(linesOf(daemon).length, daemon).toBeGreaterThan(0);
  });

  it("leaves bfdd's lines out when bfdd is not asked, and keeps its blocks whole", () => {
    const withoutBfd = probeFor(['zebra', 'bgpd']).text;
    expect(withoutBfd).not.toMatch(/bfd|profile|receive-interval|^ exit$/m);
    expect(withoutBfd.match(/^exit$/gm)?.length).toBe(3);
  });
});

describe('the plan the probe gives (pure)', () => {
  it('uses every daemon that judged it right, and owns every line when they take them all (FRR 8.4)', () => {
    expect(planFromProbe(text, owners, all.map(takesOwn))).toEqual({ daemons: all, ownership: true, notes: [], settled: true });
  });

  it('leaves out a daemon that crashed, timed out, exited non-zero or stopped reading, saying why', () => {
    for (const [more, why, settled] of [
      [
        { abnormal: 'was killed by SIGABRT', lastLine: 'assertion (fpt->running) failed' },
        'it was killed by SIGABRT ("assertion (fpt->running) failed")',
        true,
      ],
      // A timeout or an exit code may be the machine's doing: used for this start, not remembered.
      [{ abnormal: 'did not finish within 60 s' }, 'it did not finish within 60 s', false],
      [{ abnormal: 'exited with 1' }, 'it exited with 1', false],
      [{ readWhole: false, lastLine: "can't open configuration file" }, 'it did not read the whole file ("can\'t open configuration file")', true],
    ] as const) {
      const plan = planFromProbe(text, owners, [takesOwn('zebra'), { ...takesOwn('bgpd'), ...more }, takesOwn('bfdd')]);
      expect(plan.daemons).toEqual(['zebra', 'bfdd']);
      expect(plan.notes[0]).toContain(`bgpd -C not used: on a probe config ${why}; a line only bgpd refuses is found when FRR applies it`);
      // bgpd's lines have no taker now.
      expect(plan.ownership).toBe(false);
      expect(plan.settled).toBe(settled);
    }
  });

  it('leaves out a daemon that refused a valid line, or took none of its own (zebra from FRR 9)', () => {
    const refusing = planFromProbe(text, owners, [
      takesOwn('zebra'),
      { ...takesOwn('bgpd'), refused: [{ line: lineOf('bgp router-id'), reason: 'Command returned Warning Config Failed' }] },
    ]);
    expect(refusing.notes[0]).toContain('bgpd -C not used: on a probe config it refused "bgp router-id 192.0.2.1" (Command returned Warning Config Failed)');
    const mgmtdEra = planFromProbe(text, owners, [
      run(
        'zebra',
        everyLine.filter((line) => owners[line - 1] !== undefined),
      ),
      takesOwn('bgpd'),
      takesOwn('bfdd'),
    ]);
    expect(mgmtdEra.daemons).toEqual(['bgpd', 'bfdd']);
    expect(mgmtdEra.notes[0]).toMatch(/^zebra -C not used: on a probe config it took none of zebra's lines \(such as "no ip nht resolve-via-default"/);
    expect(mgmtdEra.notes[1]).toMatch(/^4 of the probe's lines \(such as "no ip nht resolve-via-default"\) no daemon's -C takes here/);
    expect(mgmtdEra.ownership).toBe(false);
  });

  it('owns nothing when no daemon can judge', () => {
    const plan = planFromProbe(text, owners, [run('bgpd', [], { abnormal: 'was killed by SIGSEGV' })]);
    expect(plan).toMatchObject({ daemons: [], ownership: false });
  });
});
