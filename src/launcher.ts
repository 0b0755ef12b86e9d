#!/usr/bin/env node
/**
 * The image's entry point: compiles the bundle with V8's code cache of the last start of the same
 * command (code-cache.ts), then runs it. Kept apart from the bundle, which it must compile itself,
 * and importing nothing heavy, so that it costs next to nothing itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { commandNames } from './commands/names.js';
import { compileWithCodeCache, defaultCodeCacheDir } from './code-cache.js';

/** Set by scripts/bundle.mjs: the bundle's file name beside this one, and its hash. */
declare const BUNDLE_FILE: string;
declare const BUNDLE_HASH: string;

/**
 * Compiles the bundle beside this file for the command in `args` (the CLI's arguments), with the
 * code cache under the directory `env` names, and runs its `main`.
 */
function launch(args: readonly string[], env: NodeJS.ProcessEnv): void {
  // The command as the CLI will parse it, near enough for choosing a cache: the first of them named.
  const command = args.find((arg) => (commandNames as readonly string[]).includes(arg)) ?? 'other';
  const path = join(__dirname, BUNDLE_FILE);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  // FRR_SUPERVISOR_CODE_CACHE_DIR: another directory, held to the same rules (tests and benchmarks).
  const dir = env.FRR_SUPERVISOR_CODE_CACHE_DIR || defaultCodeCacheDir(env);
  // The bundle is ASCII (the build makes sure), and one-byte text is read fastest as latin1.
  const { run, codeCache } = compileWithCodeCache({ path, source: readFileSync(path, 'latin1'), hash: BUNDLE_HASH }, command, note, dir);
  const bundle = { exports: {} as { main(codeCache: unknown): Promise<void> } };
  run(bundle.exports, createRequire(path), bundle, path, __dirname);
  void bundle.exports.main(codeCache);
}

// The launcher's root: the only place it reads the process's arguments and environment.
launch(process.argv.slice(2), process.env);
