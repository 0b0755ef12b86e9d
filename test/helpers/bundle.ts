import { execa } from 'execa';
import { bundlePath } from '../../scripts/harness/bundle.js';

export { bundlePath, repoRoot } from '../../scripts/harness/bundle.js';

/**
 * Runs the built bundle with a plain node, as the extension image does. Never throws on exit
 * codes. The `--` stops Node 20 from taking the program's own --env-file for its option.
 */
export interface ProgramOutcome {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runBundle(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; prefix?: readonly string[] } = {},
): Promise<ProgramOutcome> {
  const [command, ...prefixArgs] = options.prefix ?? [process.execPath];
  const argv = options.prefix ? [...prefixArgs, process.execPath, '--', bundlePath, ...args] : ['--', bundlePath, ...args];
  const result = await execa(command ?? process.execPath, argv, {
    cwd: options.cwd ?? '/',
    env: options.env ?? {},
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
