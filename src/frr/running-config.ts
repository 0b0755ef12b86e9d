import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { MissingProgramError } from '../errors.js';
import type { FrrFacts } from './facts.js';

/** What FRR runs compared with frr.conf, each entry a config line with its context ("router bgp 1 / neighbor x"). */
export interface ConfigDifference {
  /** In frr.conf but not in the running config: lines FRR did not apply. */
  readonly missing: readonly string[];
  /** In the running config but not in frr.conf. */
  readonly unexpected: readonly string[];
}

/**
 * Compares the running config with frr.conf using FRR's own tool for exactly this,
 * `frr-reload.py --test` (what frr-k8s relies on too), which knows how each FRR version prints
 * its running config. The running config is read here through vtysh (with the pathspace) and
 * passed as a file, so only the script's oldest options are needed.
 */
export async function compareWithRunning(facts: FrrFacts, frrConfPath: string): Promise<ConfigDifference> {
  if (!existsSync(facts.reloadScript)) {
    throw new MissingProgramError(`cannot compare the running config with frr.conf: ${facts.reloadScript} not found (Debian: apt-get install frr-pythontools)`);
  }
  const [vtyshProgram = 'vtysh', ...vtyshArgs] = facts.vtysh;
  const options = { reject: false, all: true, timeout: 60_000, cleanup: false } as const;
  const shown = await execa(vtyshProgram, [...vtyshArgs, '-c', 'show running-config no-header'], { ...options, all: false });
  if (shown.exitCode !== 0) throw new Error(`vtysh could not show the running config (exit ${shown.exitCode ?? shown.signal}): ${String(shown.stderr).trim().slice(0, 300)}`);
  const workDir = await mkdtemp(join(tmpdir(), 'frr-running-'));
  try {
    await chmod(workDir, 0o755);
    const runningPath = join(workDir, 'running.conf');
    await writeFile(runningPath, withoutHostname(String(shown.stdout)), { mode: 0o644 });
    await writeFile(join(workDir, 'vtysh.conf'), 'service integrated-vtysh-config\n', { mode: 0o644 });
    const test = await execa('python3', [facts.reloadScript, '--test', '--bindir', dirname(vtyshProgram), '--confdir', workDir, '--rundir', workDir, '--input', runningPath, frrConfPath], {
      ...options,
      all: false,
    });
    if (test.exitCode !== 0 || /ERROR/.test(String(test.stderr))) {
      throw new Error(`frr-reload.py --test failed (exit ${test.exitCode ?? test.signal}): ${lastLines(String(test.stderr))}`);
    }
    return parseReloadTest(String(test.stdout));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * frr-reload.py --test prints "Lines To Delete" and "Lines To Add", each a heading, a line of
 * "=", then config lines; an indented line belongs to the context of the unindented one above.
 * Entries are returned with their context, joined by " / ".
 */
export function parseReloadTest(output: string): ConfigDifference {
  const sections: Record<'missing' | 'unexpected', string[]> = { missing: [], unexpected: [] };
  let current: string[] | undefined;
  let context: string[] = [];
  for (const line of output.split('\n')) {
    if (line === 'Lines To Delete') {
      current = sections.unexpected;
      context = [];
    } else if (line === 'Lines To Add') {
      current = sections.missing;
      context = [];
    } else if (!current || /^=+$/.test(line) || line.trim() === '' || line.trim() === '!') {
      continue;
    } else if (/^exit(-address-family|-vrf)?$/.test(line.trim())) {
      context = context.slice(0, indentOf(line) === 0 ? 0 : 1);
    } else {
      const depth = Math.min(indentOf(line), context.length);
      context = [...context.slice(0, depth), line.trim()];
      current.push(context.join(' / '));
    }
  }
  // A block that is only opened (its lines follow as entries) is not an entry of its own.
  const entries = (list: string[]) => list.filter((entry, i) => !list[i + 1]?.startsWith(`${entry} / `));
  return { missing: entries(sections.missing), unexpected: entries(sections.unexpected) };
}

/**
 * FRR prints the system's hostname in its running config; frr.conf sets none. Where the system has
 * none, FRR prints `hostname (none)`, which vtysh itself then refuses (seen in User-Mode Linux).
 */
export function withoutHostname(runningConfig: string): string {
  return runningConfig.replace(/^hostname .*\n?/m, '');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
}
