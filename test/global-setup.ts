import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The CLI and kernel tests run the real bundle: build it once, fresh, before any test. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
}
