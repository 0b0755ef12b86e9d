import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { bfdProfilesIn, drainControl, type DrainState } from '../../src/supervise/drain.js';
import { useTempDir } from '../helpers/temp.js';

describe('the drain: the setting and the live switch', () => {
  const tempDir = useTempDir();

  /** A vtysh that writes each call's commands as one line: a real child process, as FRR's is. */
  function fakeVtysh(): { program: string; calls: () => string[] } {
    const dir = tempDir();
    const program = join(dir, 'vtysh');
    writeFileSync(program, `#!/bin/sh\nfor a in "$@"; do [ "$a" = -c ] || printf '%s|' "$a"; done >> ${dir}/calls; echo >> ${dir}/calls\n`);
    chmodSync(program, 0o755);
    return { program, calls: () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n').filter(Boolean) };
  }

  function control(setting: boolean, applied = { now: true }) {
    const vtysh = fakeVtysh();
    const lines: string[] = [];
    const changes: DrainState[] = [];
    const logger = createLogger('text', (line) => lines.push(line));
    const drain = drainControl({
      setting,
      vtysh: [vtysh.program],
      bfdProfiles: ['fabric', 'gateway'],
      configApplied: () => applied.now,
      logger,
      onChange: (state) => changes.push(state),
    });
    return { drain, vtysh, lines, changes };
  }

  it('waits until FRR runs the whole frr.conf: no vtysh of its own while vtysh -b applies it', async () => {
    const applied = { now: false };
    const { drain, vtysh } = control(true, applied);
    await drain.sync();
    expect(drain.state().on).toBe(false);
    applied.now = true;
    await drain.sync();
    expect(drain.state()).toMatchObject({ on: true, by: ['BGP_GRACEFUL_SHUTDOWN'] });
    expect(vtysh.calls()).toHaveLength(1);
  });

  it('follows the link both ways, one vtysh call per change, each logged', async () => {
    const { drain, vtysh, lines, changes } = control(false);
    await drain.sync();
    expect(drain.state()).toEqual({ on: false, by: [], changedAt: undefined });
    drain.setLink(true);
    await drain.sync();
    await drain.sync();
    expect(drain.state()).toMatchObject({ on: true, by: ['link frr-drain'] });
    drain.setLink(false);
    await drain.sync();
    expect(vtysh.calls()).toEqual([
      'configure terminal|bgp graceful-shutdown|bfd|profile fabric|shutdown|exit|profile gateway|shutdown|exit|exit|',
      'configure terminal|no bgp graceful-shutdown|bfd|profile fabric|no shutdown|exit|profile gateway|no shutdown|exit|exit|',
    ]);
    expect(changes.map((c) => c.on)).toEqual([true, false]);
    expect(lines.filter((line) => line.includes('drain'))).toHaveLength(2);
    expect(lines.some((line) => line.includes('drain on (link frr-drain)'))).toBe(true);
  });

  it('stays on with BGP_GRACEFUL_SHUTDOWN whatever the link does', async () => {
    const { drain, vtysh } = control(true);
    await drain.sync();
    drain.setLink(true);
    await drain.sync();
    expect(drain.state()).toMatchObject({ on: true, by: ['BGP_GRACEFUL_SHUTDOWN', 'link frr-drain'] });
    drain.setLink(false);
    await drain.sync();
    expect(drain.state()).toMatchObject({ on: true, by: ['BGP_GRACEFUL_SHUTDOWN'] });
    expect(vtysh.calls()).toEqual(['configure terminal|bgp graceful-shutdown|bfd|profile fabric|shutdown|exit|profile gateway|shutdown|exit|exit|']);
  });

  it("finds every BFD profile frr.conf defines, the extra config's too", () => {
    const golden = readFileSync(join(import.meta.dirname, '..', 'golden', 'expected', 'extra-config', 'frr.conf'), 'utf8');
    expect(bfdProfilesIn(golden)).toEqual(['fabric', 'fabric-slow']);
    expect(bfdProfilesIn(readFileSync(join(import.meta.dirname, '..', 'golden', 'expected', 'bfd-off', 'frr.conf'), 'utf8'))).toEqual([]);
  });
});
