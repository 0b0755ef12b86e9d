// Start-up, side by side: frr-supervisor's bundle (`run`) and the bash + jinja2 baseline
// (bench/baseline/frr-startup.sh), alternating, from the same empty kernel state with the same
// settings, until each executes the same stand-in FRR start command. The stand-in opens a FIFO
// for writing; the harness's blocked open of its read end returns at that moment. Plain
// JavaScript: it also runs inside User-Mode Linux, where starting tsx would cost seconds.
//   node bench/startup-harness.mjs CONFIG.json     (root, in the network namespace to measure)
// CONFIG: { runs, bundle, baseline, template, work, settings: {NAME: value}, restart }. Prints
// JSON. restart: true measures restarts instead of first starts: the kernel objects and each
// side's files are left from its previous start, as when Talos restarts the service.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { settings } = config;
const peerFamily = settings.PEER_IP_FRR.includes(':') ? '-6' : '-4';

// The image's `daemons` file, which the baseline edits in place (the supervisor writes its own).
const imageDaemons =
  'zebra=yes\nzebra_options="-A 127.0.0.1"\nbgpd=yes\nbgpd_options="-A 127.0.0.1"\nstaticd=yes\nstaticd_options="-A 127.0.0.1"\nbfdd=yes\nbfdd_options="-A 127.0.0.1"\n';

/** Back to the state before the first start: no VRF, no veth pair, no rule to the peer. */
function reset() {
  const ip = (args) => execFileSync('ip', args, { stdio: 'ignore' });
  for (const link of ['veth-frr', settings.VRF_METALLB]) {
    try {
      ip(['link', 'del', link]);
    } catch {
      /* not there */
    }
  }
  for (;;) {
    try {
      ip([peerFamily, 'rule', 'del', 'to', settings.PEER_IP_FRR, 'table', settings.METALLB_VRF_ROUTE_TABLE_ID]);
    } catch {
      break;
    }
  }
}

function prepare(tool) {
  const dir = join(config.work, tool);
  if (!config.restart) rmSync(dir, { recursive: true, force: true });
  for (const sub of ['etc', 'run']) mkdirSync(join(dir, sub), { recursive: true });
  rmSync(join(dir, 'started'), { force: true });
  if (tool === 'baseline') {
    writeFileSync(join(dir, 'etc', 'daemons'), imageDaemons);
    writeFileSync(join(dir, 'etc', 'frr.conf.j2'), readFileSync(config.template));
  }
  const fifo = join(dir, 'started');
  execFileSync('mkfifo', [fifo]);
  const env = {
    PATH: process.env.PATH,
    ...settings,
    FRR_CONFIG_DIR: join(dir, 'etc'),
    FRR_RUN_DIR: join(dir, 'run'),
    FRR_VARS_FILE: join(dir, 'frr-vars.json'),
    FRR_START_COMMAND: `/bin/sh -c :>${fifo}`,
    LOG_FORMAT: 'json',
  };
  const command = tool === 'supervisor' ? [process.execPath, '--', config.bundle, 'run'] : ['/bin/bash', config.baseline];
  return { dir, fifo, env, command };
}

/** One start: ms from spawn to the start command, the log, and what it left in the kernel. */
async function start(tool) {
  if (!config.restart) reset();
  const { dir, fifo, env, command } = prepare(tool);
  const logFd = openSync(join(dir, 'log'), 'w');
  const startedAt = Date.now();
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', logFd, logFd] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  let early;
  exited.then((code) => {
    early = code;
    // Unblock our open of the FIFO if it is still waiting for a writer. Non-blocking: once our
    // reader is gone, a plain open for writing would block this thread for good.
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      /* no reader waiting (ENXIO) */
    }
  });
  const reader = await open(fifo, 'r');
  const ms = performance.now() - t0;
  await reader.close();
  if (early !== undefined && !startedMarker(dir)) {
    throw new Error(`${tool} ended (${early}) before starting FRR:\n${readFileSync(join(dir, 'log'), 'utf8').slice(-2000)}`);
  }
  child.kill('SIGTERM');
  await exited;
  closeSync(logFd);
  return { ms, startedAt, log: readFileSync(join(dir, 'log'), 'utf8'), kernel: kernelState(), frrConf: readFileSync(join(dir, 'etc', 'frr.conf'), 'utf8') };
}

/** Both tools log a line just before they execute the start command. */
function startedMarker(dir) {
  const log = readFileSync(join(dir, 'log'), 'utf8');
  return /starting FRR|Initialization complete, starting FRR/.test(log);
}

/**
 * The links and addresses both tools create, in a form free of interface indexes, and the rules
 * to the VRF's table (these differ by design: the baseline adds `to PEER_IP_FRR lookup TABLE`,
 * frr-supervisor relies on the l3mdev rule).
 */
function kernelState() {
  const run = (args) => execFileSync('ip', args, { encoding: 'utf8' });
  const links = ['veth-frr', 'veth-metallb', settings.VRF_METALLB].map((name) => {
    let line;
    try {
      line = run(['-o', 'link', 'show', 'dev', name]);
    } catch {
      return `${name} absent`;
    }
    const field = (key) => line.match(new RegExp(`\\b${key} (\\S+)`))?.[1] ?? '-';
    return `${name} mtu ${field('mtu')} master ${field('master')} ${/[<,]UP[,>]/.test(line) ? 'UP' : 'DOWN'}`;
  });
  const addresses = ['veth-frr', 'veth-metallb'].map(
    (name) => `${name} ${run(['-o', peerFamily, 'addr', 'show', 'dev', name, 'scope', 'global']).match(/inet6? (\S+)/)?.[1]}`,
  );
  const rules = run([peerFamily, 'rule', 'show'])
    .split('\n')
    .filter((line) => line.includes(`lookup ${settings.METALLB_VRF_ROUTE_TABLE_ID}`))
    .map((line) => line.replace(/^\d+:\s*/, ''));
  return { links: [...links, ...addresses].join('\n'), rules: rules.join('\n') };
}

const results = { supervisor: [], baseline: [] };
reset();
// Restarts: one unmeasured start each first, to leave what a restart finds.
if (config.restart) for (const tool of ['supervisor', 'baseline']) await start(tool);
for (let i = 0; i < config.runs; i += 1) {
  const order = i % 2 === 0 ? ['supervisor', 'baseline'] : ['baseline', 'supervisor'];
  for (const tool of order) {
    const record = await start(tool);
    results[tool].push(record);
    process.stderr.write(`run ${i + 1} ${tool}: ${record.ms.toFixed(1)} ms\n`);
  }
}
reset();
console.log(JSON.stringify(results));
