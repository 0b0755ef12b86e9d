import { execa } from 'execa';
import { bundlePath } from '../../scripts/harness/bundle.js';

export { bundleDir, bundlePath, repoRoot } from '../../scripts/harness/bundle.js';

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
  if (!options.prefix) return runNode(['--', bundlePath, ...args], options);
  const [command, ...prefixArgs] = options.prefix;
  return outcome(execa(command ?? process.execPath, [...prefixArgs, process.execPath, '--', bundlePath, ...args], execOptions(options)));
}

/** The host's node with `nodeArgs` (runBundle's: ['--', bundlePath, ...args]), run as runBundle runs it. */
export async function runNode(nodeArgs: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProgramOutcome> {
  return outcome(execa(process.execPath, nodeArgs, execOptions(options)));
}

function execOptions(options: { cwd?: string; env?: Record<string, string> }) {
  return { cwd: options.cwd ?? '/', env: options.env ?? {}, extendEnv: false, reject: false, timeout: 60_000 } as const;
}

async function outcome(run: ReturnType<typeof execa>): Promise<ProgramOutcome> {
  const result = await run;
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
