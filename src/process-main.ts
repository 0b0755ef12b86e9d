/**
 * The process around the CLI: the only place that reads process.env and process.argv, wires the
 * real kernel and file system, prints fatal errors and sets the exit code. `openRtnl` is a
 * parameter so the benchmark can run the same program on a kernel without VRF (bench/host).
 */
import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import { runCli } from './cli.js';
import type { Rtnl } from './net/rtnl.js';
import { procSysctl } from './net/sysctl.js';
import { describeFailure } from './report.js';
import { createRedactor } from './secrets.js';

// node:fs's own readFile, not node:fs/promises's: loading that module (it brings readline) is a
// twentieth of `render`'s time on Node 24, and only the commands that write need it.
const readText = promisify(readFile);

export async function runProcess(openRtnl: () => Rtnl): Promise<void> {
  // Every line printed goes through it, the fatal error's too.
  const redactor = createRedactor();
  try {
    const code = await runCli(process.argv.slice(2), {
      env: process.env,
      readFile: (path) => readText(path, 'utf8'),
      readRootFile: async (path, largest) => (await import('./safe-files.js')).readRootOwnedFile(path, largest),
      hideInOutput: (secret) => redactor.hide(secret),
      openRtnl,
      sysctl: procSysctl(),
      stdout: (text) => process.stdout.write(redactor.redact(text)),
      document: (text) => process.stdout.write(text),
      note: (line) => process.stderr.write(`${redactor.redact(line)}\n`),
      onSignals: (signals, handler) => {
        for (const signal of signals) process.on(signal, handler);
        return () => {
          for (const signal of signals) process.off(signal, handler);
        };
      },
    });
    process.exitCode = code;
  } catch (error) {
    const { lines, exitCode } = describeFailure(error);
    process.stderr.write(`${redactor.redact(lines.join('\n'))}\n`);
    process.exitCode = exitCode;
  }
}
