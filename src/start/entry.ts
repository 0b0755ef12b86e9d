#!/usr/bin/env node
/**
 * The image's entry point: turns on Node's compile cache before the bundle is loaded (a module
 * that is already compiled cannot be cached), then loads it. Kept apart from the bundle and
 * importing nothing heavy, so that it costs next to nothing itself.
 */
import { enableCompileCache } from './compile-cache.js';

const cache = enableCompileCache();
// Why there is no cache is said once, on stderr (the log's own writer is not loaded yet), unless
// this Node simply has none.
if (!cache.on && cache.why) process.stderr.write(`frr-supervisor: compile cache off: ${cache.why}\n`);
await import(new URL('./frr-supervisor-main.mjs', import.meta.url).href);
