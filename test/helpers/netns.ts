import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterEach } from 'vitest';

/**
 * A fresh network namespace per test on the host kernel, deleted afterwards. Needs root, as
 * .ci/run has; without it the tests fail with that reason rather than pass untested.
 */
export function useNetns(): () => Promise<Netns> {
  const created: string[] = [];
  afterEach(async () => {
    for (const name of created.splice(0)) await execa('ip', ['netns', 'delete', name], { reject: false });
  });
  return async () => {
    if (process.getuid?.() !== 0) throw new Error('kernel tests need root: they create network namespaces');
    const name = `frrsv-${randomBytes(4).toString('hex')}`;
    await execa('ip', ['netns', 'add', name]);
    created.push(name);
    return {
      name,
      ip: async (...args: string[]) => {
        await execa('ip', ['-n', name, ...args]);
      },
      batch: async (commands: readonly string[]) => {
        await execa('ip', ['-n', name, '-batch', '-'], { input: commands.join('\n') });
      },
      exec: ['ip', 'netns', 'exec', name],
    };
  };
}

export interface Netns {
  readonly name: string;
  ip(...args: string[]): Promise<void>;
  batch(commands: readonly string[]): Promise<void>;
  /** Prefix that runs a command inside the namespace. */
  readonly exec: readonly string[];
}
