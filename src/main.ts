#!/usr/bin/env node
/** Composition root: the program on the real kernel. */
import { openRtnl } from './net/rtnl.js';
import { runProcess } from './process-main.js';

await runProcess(openRtnl);
