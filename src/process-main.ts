/**
 * The process around the CLI: the only place that reads process.env and process.argv, wires the
 * real kernel and file system, prints fatal errors and sets the exit code. `openRtnl` is a
 * parameter so the benchmark can run the same program on a kernel without VRF (bench/host);
 * `codeCache` is the entry's (src/launcher.ts), kept once a command has succeeded.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli.js';
import type { Rtnl } from './net/rtnl.js';
import { procSysctl } from './net/sysctl.js';
import { writeAll } from './output.js';
import { describeFailure } from './report.js';
import { createRedactor } from './secrets.js';
import type { CodeCache } from './code-cache.js';

// The input files (settings, links) are read at a start, when nothing else waits: at once. An
// asynchronous read would start libuv's four threads for them, and node:fs/promises brings
// readline (a twentieth of `render`'s time on Node 24).
const readText = async (path: string) => readFileSync(path, 'utf8');

export async function runProcess(openRtnl: () => Rtnl, codeCache: CodeCache): Promise<void> {
  // Every line printed goes through it, the fatal error's too.
  const redactor = createRedactor();
  try {
    const code = await runCli(process.argv.slice(2), {
      env: process.env,
      readFile: readText,
      readRootFile: async (path, largest) => (await import('./safe-files.js')).readRootOwnedFile(path, largest),
      hideInOutput: (secret) => redactor.hide(secret),
      openRtnl,
      sysctl: procSysctl(),
      stdout: (text) => writeAll(1, redactor.redact(text)),
      document: (text) => writeAll(1, text),
      note: (line) => writeAll(2, `${redactor.redact(line)}\n`),
      codeCache,
      onSignals: (signals, handler) => {
        for (const signal of signals) process.on(signal, handler);
        return () => {
          for (const signal of signals) process.off(signal, handler);
        };
      },
    });
    process.exitCode = code;
    if (code === 0) codeCache.keep();
  } catch (error) {
    const { lines, exitCode } = describeFailure(error);
    process.exitCode = exitCode;
    try {
      writeAll(2, `${redactor.redact(lines.join('\n'))}\n`);
    } catch {
      // stderr itself is gone: the exit code is all that can still tell.
    }
  }
}
