import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChild } from '../../src/supervise/child.js';
import { describeEnd, exitCodeFor } from '../../src/supervise/exit-policy.js';
import { useTempDir } from '../helpers/temp.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const node = process.execPath;

describe('exit-code policy, with real child processes (as tini and dumb-init)', () => {
  const tempDir = useTempDir();

  it.each([
    ['exits 0', [join(fixtures, 'exit-with.mjs'), '0'], 0, 'exited with 0'],
    ['exits 3', [join(fixtures, 'exit-with.mjs'), '3'], 3, 'exited with 3'],
    ['killed by SIGKILL', [join(fixtures, 'exit-with.mjs'), 'SIGKILL'], 137, 'was killed by SIGKILL'],
    ['killed by SIGTERM', [join(fixtures, 'exit-with.mjs'), 'SIGTERM'], 143, 'was killed by SIGTERM'],
    ['killed by SIGSEGV', [join(fixtures, 'exit-with.mjs'), 'SIGSEGV'], 139, 'was killed by SIGSEGV'],
  ])('a child that %s: exit code %i', async (_what, args, code, description) => {
    const end = await startChild(node, args, { env: process.env }).ended;
    expect(exitCodeFor(end)).toBe(code);
    expect(describeEnd(end)).toBe(description);
  });

  it('a program that does not exist: 127', async () => {
    const end = await startChild('/nonexistent/watchfrr', [], { env: process.env }).ended;
    expect(exitCodeFor(end)).toBe(127);
    expect(describeEnd(end)).toBe('could not be started (ENOENT)');
  });

  it('a file that cannot be executed: 126', async () => {
    const path = join(tempDir(), 'not-executable');
    writeFileSync(path, '#!/bin/sh\nexit 0\n');
    chmodSync(path, 0o644);
    const end = await startChild(path, [], { env: process.env }).ended;
    expect(exitCodeFor(end)).toBe(126);
  });

  it('forwards signals, reports whether the child was there, and logs its output line by line', async () => {
    const lines: string[] = [];
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const child = startChild(node, [join(fixtures, 'forever.mjs')], {
      env: process.env,
      onLine: (line) => {
        lines.push(line);
        if (line === 'ready') ready();
      },
    });
    await isReady;
    expect(child.signal('SIGUSR1')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.signal('SIGTERM')).toBe(true);
    expect(exitCodeFor(await child.ended)).toBe(0);
    expect(lines).toEqual(['ready', 'got SIGUSR1', 'got SIGTERM']);
    // A child that is gone: forwarding is refused, not an error.
    expect(child.signal('SIGHUP')).toBe(false);
  });
});
