import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './bundle.js';

export const srcDir = join(repoRoot, 'src');

/** The TypeScript files under `dir` (declaration files left out), for tests that read the source. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
