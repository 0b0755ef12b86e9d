import { describe, expect, it } from 'vitest';
import { startLines } from '../../src/frr/start-script.js';
import { ConfigApplyTracker, watchfrrRestarts } from '../../src/supervise/config-apply.js';

/** Lines as watchfrr and vtysh print them (FRR 10.3 and 8.4 in User-Mode Linux). */
const restartAll = 'Forked background command [pid 21]: /usr/lib/frr/watchfrr.sh restart all';
const allUp = 'all daemons up, doing startup-complete notify';
const feed = (tracker: ConfigApplyTracker, lines: readonly string[]) => lines.forEach((l) => tracker.observe(l));
/** Two polls with these pids gone: the end of a job is decided at the second. */
const gone = (tracker: ConfigApplyTracker, ...pids: number[]) => {
  tracker.tick((pid) => !pids.includes(pid));
  tracker.tick((pid) => !pids.includes(pid));
};

describe('whether FRR applied the whole frr.conf', () => {
  it('is applying until the first start job ends, then applied (FRR 10: each daemon says done)', () => {
    const t = new ConfigApplyTracker();
    expect(t.status.state).toBe('applying');
    feed(t, [restartAll, allUp, '[54|mgmtd] sending configuration', '[54|mgmtd] done', '[61|bgpd] sending configuration', '[61|bgpd] done']);
    t.tick(() => true);
    expect(t.status.state).toBe('applying');
    gone(t, 21);
    expect(t.status).toEqual({ state: 'applied', problems: [], daemonsDone: ['bgpd', 'mgmtd'] });
  });

  it("follows the start script's apply by its own lines: applied when vtysh -b exits 0 and every daemon is up", () => {
    const t = new ConfigApplyTracker();
    feed(t, [startLines.applying, '[54|mgmtd] done', '[61|bgpd] done']);
    t.tick(() => false);
    t.tick(() => false);
    expect(t.jobsRunning).toBe(true);
    expect(t.status.state).toBe('applying');
    feed(t, [`${startLines.appliedPrefix}0`, startLines.watching]);
    expect(t.jobsRunning).toBe(false);
    expect(t.status.state).toBe('applying');
    t.observe(allUp);
    expect(t.status).toEqual({ state: 'applied', problems: [], daemonsDone: ['bgpd', 'mgmtd'] });
  });

  it("is failed when the start script's vtysh -b exits non-zero, and made good by a later whole apply", () => {
    const t = new ConfigApplyTracker();
    feed(t, [startLines.applying, '[61|bgpd] Configuration file[/etc/frr/frr.conf] processing failure: 2', `${startLines.appliedPrefix}2`, allUp]);
    expect(t.status.state).toBe('failed');
    expect(t.status.problems).toEqual([
      'bgpd refused part of /etc/frr/frr.conf (vtysh -b: processing failure 2); the lines before this one in the log say which',
      "the start script's vtysh -b exited with status 2",
    ]);
    feed(t, [restartAll]);
    gone(t, 21);
    expect(t.status.state).toBe('applied');
  });

  it('waits a second poll after the job is gone, so a failure line still in the pipe counts', () => {
    const t = new ConfigApplyTracker();
    feed(t, [restartAll]);
    t.tick(() => false);
    expect(t.status.state).toBe('applying');
    t.observe('restart all process 21 exited with non-zero status 2');
    t.tick(() => false);
    expect(t.status.state).toBe('failed');
  });

  it.each([
    [
      'killed by watchfrr past its restart timeout',
      'restart all child process 21 still running after 90 seconds, sending signal 15',
      /watchfrr killed its job "all".* after 90 s/,
    ],
    ['ended by a signal', 'restart all process 21 terminated due to signal 15', /job "all" terminated due to signal 15/],
    [
      'exited non-zero (FRR 8.4: vtysh -b without per-daemon lines)',
      'restart all process 21 exited with non-zero status 2',
      /job "all" exited with non-zero status 2/,
    ],
    [
      'vtysh reports a daemon refused a line (FRR 10)',
      '[61|bgpd] Configuration file[/etc/frr/frr.conf] processing failure: 2',
      /bgpd refused part of \/etc\/frr\/frr.conf \(vtysh -b: processing failure 2\)/,
    ],
    [
      'vtysh reports a refused line (FRR 8.4)',
      'Configuration file[/etc/frr/frr.conf] processing failure: 13',
      /refused part of \/etc\/frr\/frr.conf \(vtysh -b: processing failure 13\)/,
    ],
  ])('is failed when the apply was %s', (_what, line, problem) => {
    const t = new ConfigApplyTracker();
    feed(t, [restartAll, line]);
    gone(t, 21);
    expect(t.status.state).toBe('failed');
    expect(t.status.problems.join('\n')).toMatch(problem);
  });

  it('is not applied while a daemon has never come up, even with no job left (vtysh skips it)', () => {
    const t = new ConfigApplyTracker();
    feed(t, [restartAll]);
    gone(t, 21);
    expect(t.allDaemonsUp).toBe(false);
    expect(t.status.state).toBe('applying');
    t.observe(allUp);
    expect(t.status.state).toBe('applied');
  });

  it("stays failed after a later job for another daemon, and is made good by that daemon's own or a whole apply", () => {
    const t = new ConfigApplyTracker();
    feed(t, [allUp, 'Forked background command [pid 30]: /usr/lib/frr/watchfrr.sh start bgpd', 'start bgpd process 30 exited with non-zero status 2']);
    gone(t, 30);
    feed(t, ['Forked background command [pid 31]: /usr/lib/frr/watchfrr.sh start bfdd']);
    gone(t, 31);
    expect(t.status.state).toBe('failed');
    feed(t, ['Forked background command [pid 32]: /usr/lib/frr/watchfrr.sh restart bgpd']);
    gone(t, 32);
    expect(t.status.state).toBe('applied');
  });

  it("is applied again after the supervisor's own repair", () => {
    const t = new ConfigApplyTracker();
    feed(t, [restartAll, 'restart all child process 21 still running after 20 seconds, sending signal 15', allUp]);
    gone(t, 21);
    expect(t.jobsRunning).toBe(false);
    t.repaired();
    expect(t.status.state).toBe('applied');
  });

  it('ignores stop jobs and unrelated lines', () => {
    const t = new ConfigApplyTracker();
    feed(t, [
      'Forked background command [pid 40]: /usr/lib/frr/watchfrr.sh stop bgpd',
      'all daemons up, doing startup-complete notify',
      'bgpd state -> up : connect succeeded',
    ]);
    expect(t.jobsRunning).toBe(false);
    expect(t.status.state).toBe('applying');
  });
});

describe("watchfrr's restarts", () => {
  it('counts a restart job once every daemon has been up, not the restart all that is watchfrr starting FRR', () => {
    const restartOf = watchfrrRestarts();
    const lines = [
      restartAll,
      'Forked background command [pid 22]: /usr/lib/frr/watchfrr.sh restart bgpd',
      allUp,
      'bgpd state -> down : read returned EOF',
      'Forked background command [pid 31]: /usr/lib/frr/watchfrr.sh restart bgpd',
      'Forked background command [pid 32]: /usr/lib/frr/watchfrr.sh start zebra',
      'Forked background command [pid 40]: /usr/lib/frr/watchfrr.sh restart all',
    ];
    expect(lines.map(restartOf)).toEqual([undefined, undefined, undefined, undefined, 'bgpd', undefined, 'all']);
  });
});
