/**
 * Composition root: the program on the real kernel. The bundle's entry (src/launcher.ts) calls
 * `main` with its code cache; run from source (`tsx src/main.ts`), it runs at once without one.
 */
import { pathToFileURL } from 'node:url';
import { openRtnl } from './net/rtnl.js';
import { runProcess } from './process-main.js';
import { noCodeCache, type CodeCache } from './code-cache.js';

export function main(codeCache: CodeCache): Promise<void> {
  return runProcess(openRtnl, codeCache);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(noCodeCache('run from source'));
