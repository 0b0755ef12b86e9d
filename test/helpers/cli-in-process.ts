import { readFile } from 'node:fs/promises';
import { runCli } from '../../src/cli.js';
import type { Environment } from '../../src/config/settings.js';
import type { HostLink } from '../../src/net/links.js';
import type { Rtnl } from '../../src/net/rtnl.js';
import { describeFailure } from '../../src/report.js';
import { readRootOwnedFile } from '../../src/safe-files.js';
import { createRedactor } from '../../src/secrets.js';
import { noCodeCache } from '../../src/code-cache.js';

export interface CliOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in this process the way main.ts does (same error report, same exit codes), with
 * the environment and, when given, the host's links injected. For large tables of cases; the
 * real program is exercised as a child process in test/cli.
 */
export async function runCliInProcess(argv: readonly string[], options: { env?: Environment; hostLinks?: HostLink[] } = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const redactor = createRedactor();
  try {
    await runCli(argv, {
      env: options.env ?? {},
      readFile: (path) => readFile(path, 'utf8'),
      readRootFile: (path, largest) => readRootOwnedFile(path, largest),
      hideInOutput: (secret) => redactor.hide(secret),
      openRtnl: () => {
        if (!options.hostLinks) throw new Error('test: no host links injected');
        return readOnlyKernel(options.hostLinks);
      },
      sysctl: {
        read: async () => undefined,
        write: async () => {
          throw new Error('test: a read-only command tried to change a sysctl');
        },
      },
      onSignals: () => () => undefined,
      codeCache: noCodeCache('in a test'),
      document: (text) => {
        stdout += text;
      },
      stdout: (text) => {
        stdout += redactor.redact(text);
      },
      note: (line) => {
        stderr += `${redactor.redact(line)}\n`;
      },
    });
  } catch (error) {
    const failure = describeFailure(error);
    stderr += `${redactor.redact(failure.lines.join('\n'))}\n`;
    exitCode = failure.exitCode;
  }
  return { exitCode, stdout, stderr };
}

/** A kernel that can be read but throws on any change: render and check must change nothing. */
function readOnlyKernel(links: HostLink[]): Rtnl {
  const refuse = async () => {
    throw new Error('test: a read-only command tried to change the kernel');
  };
  return {
    listLinks: async () => links,
    listAddresses: async () => [],
    listRules: async () => [],
    countBgpRoutes: async () => 0,
    createVrf: refuse,
    createVethPair: refuse,
    deleteLink: refuse,
    setMaster: refuse,
    setMtu: refuse,
    setUp: refuse,
    addAddress: refuse,
    deleteAddress: refuse,
    addRule: refuse,
    deleteRule: refuse,
    watchLinks: () => {
      throw new Error('test: a read-only command watched the links, which only run does');
    },
    close: () => undefined,
  };
}

export function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}
