// `npm run bench`: every benchmark of frr-supervisor against what it replaces, in one run, printed
// as one table and written to bench/RESULTS.md with the machine, the date and the command.
// Needs root and scripts/setup.sh (User-Mode Linux, FRR, gobgpd, j2cli). Takes about 15 minutes.
//   npm run bench                      BENCH_RUNS=10 by default (start-up runs per side)
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { restartPhases } from '../lab/restart-phases.js';
import { runLab, type LabResult } from '../lab/run-lab.js';
import { median, startupInUml, startupOnHost, type StartRecord, type StartupPair } from './startup.js';
import { describeConfiguration, describeIdle, idleConfigurations, supervisorIdleAndStop } from './supervisor.js';
import { measureFrrStart } from './frr-start.js';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 10);
// Node's options in frr.yaml, against none: the reason they are there.

execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
const node = (script: string, ...args: string[]) => execFileSync(process.execPath, [join(root, 'bench', script), ...args], { encoding: 'utf8' });

console.log(`start-up on the host (${runs} runs per side, cold and restart)...`);
const host = await startupOnHost(runs);
console.log('start-up in User-Mode Linux...');
const uml = await startupInUml(runs);
console.log('render path against node -e 0...');
const render = JSON.parse(node('render-vs-node.mjs', '30')) as { node: string; start: string; runs: number; nodeMs: number; renderMs: number; ratio: number }[];
console.log('interface resolution...');
const resolution = JSON.parse(node('resolution.mjs', '--json')) as { links: number; dumps: number; medianMs: number }[];
console.log('idle and stop, FRR up in User-Mode Linux (a few minutes)...');
const supervisor = await supervisorIdleAndStop(idleConfigurations);
console.log("FRR's own start on the host (the start script, each supported FRR)...");
const frrStart = await measureFrrStart(5);
console.log('convergence in the lab, then node1 restarted by each side in turn, three times (about 10 minutes)...');
const lab = await runLab({ convergenceOnly: true, sideBySide: true });

const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * The rack's side-by-side restarts ("SIDE MS CONTAINER_MS" lines, `never` for one that did not
 * converge; field 1 from the lab's start of the node, 2 from the container's) as "median vs
 * median: ratio (each run)", or why there is no figure.
 */
function sideBySide(lines: string, sameConfig: string, field: 1 | 2): string {
  if (sameConfig !== 'same') return `not compared: the two ran ${sameConfig ? 'different frr.conf' : 'no side-by-side restart'}`;
  const runs = (side: string) =>
    lines
      .split('\n')
      .filter((line) => line.startsWith(`${side} `))
      .map((line) => line.split(' ')[field] ?? 'never');
  const [supervisorRuns, baselineRuns] = [runs('supervisor'), runs('baseline')];
  const medianOf = (values: string[]) => (values.includes('never') ? NaN : median(values.map(Number)));
  const [a, b] = [medianOf(supervisorRuns), medianOf(baselineRuns)];
  const each = `(${supervisorRuns.join(', ')} vs ${baselineRuns.join(', ')} ms)`;
  return Number.isNaN(a) || Number.isNaN(b) ? `a side never converged ${each}` : `${ms(a)} vs ${ms(b)}: **${(a / b).toFixed(2)}x** ${each}`;
}
const ratioRow = (what: string, pair: StartupPair, mode: 'cold' | 'restart', target: string) => {
  const s = median(pair[mode].supervisor.map((r) => r.ms));
  const b = median(pair[mode].baseline.map((r) => r.ms));
  return [what, `${ms(s)} vs ${ms(b)}: **${(s / b).toFixed(2)}x**`, target];
};

/**
 * Where a start's milliseconds go, from the supervisor's own log lines (median per phase), in
 * the order `run` logs them (src/commands/run.ts): the check comes before the kernel's steps.
 */
function phases(records: readonly StartRecord[]): [string, number][] {
  const marks: [string, (msg: string) => boolean][] = [
    ['Node start, bundle load, settings', (m) => m.startsWith('starting:')],
    ['the installed FRR, interface resolution (rtnetlink)', (m) => m.startsWith('fabric interfaces:')],
    ["render, FRR's check (or its verdict reused)", (m) => m.startsWith('vrf: ')],
    ['kernel: observe, plan, apply (7 steps)', (m) => m.startsWith('sysctls:')],
    ['write the files', (m) => m.startsWith('frr.conf ')],
    ['pre-flight, then exec of the start command', (m) => m.startsWith('starting FRR')],
  ];
  const perRecord = records.map((record) => {
    const lines = record.log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; msg: string });
    let previous = record.startedAt;
    return marks.map(([, test]) => {
      const at = Date.parse(lines.find((line) => test(line.msg))?.time ?? '');
      const spent = at - previous;
      previous = at;
      return spent;
    });
  });
  return marks.map(([name], i) => [name, median(perRecord.map((spent) => spent[i] ?? NaN))]);
}

/**
 * Where node1's side-by-side restarts spent their seconds, from container start to its LB prefix
 * at both leaves (lab/restart-phases.ts): the median of each phase over the supervisor's restarts.
 */
function restartProfile(result: LabResult): string {
  const runs = [1, 2, 3].flatMap((i) => {
    const [start, installed] = result.read(`start-to-lb-${i}.times`).split(' ');
    if (!start) return [];
    return [restartPhases(result.read(`start-to-lb-${i}.node-log`), Number(start), installed === 'never' ? undefined : Number(installed))];
  });
  const first = runs[0];
  if (!first) return 'no side-by-side restart to measure';
  const rows = first.map((phase, i) => {
    const each = runs.map((phases) => phases[i]?.ms);
    const known = each.filter((ms): ms is number => ms !== undefined);
    return `| ${phase.name} | ${known.length ? median(known).toFixed(0) : '-'} | ${each.map((ms) => ms ?? '-').join(', ')} | ${phase.decidedBy} |`;
  });
  return ['| phase | median ms | each run | decided by |', '|---|---|---|---|', ...rows].join('\n');
}

const [defaultIdle, tunedIdle] = supervisor.idle;
const rows = [
  ['measure', 'result', 'target'],
  ratioRow('start-up in UML, first start (frr-supervisor vs baseline)', uml, 'cold', '<= 0.3x'),
  ratioRow('start-up in UML, restart (what the previous start left)', uml, 'restart', '<= 0.3x'),
  ratioRow('start-up on the host, first start (no VRF)', host, 'cold', '<= 0.3x'),
  ratioRow('start-up on the host, restart (no VRF)', host, 'restart', '<= 0.3x'),
  ...render.map((r) => [
    `\`render\` path vs bare \`node -e 0\`, Node ${r.node}, ${r.start}`,
    `${ms(r.renderMs)} vs ${ms(r.nodeMs)}: **${r.ratio.toFixed(2)}x**`,
    r.node.includes('v24') && r.start === 'restart' ? '<= 1.5x' : '',
  ]),
  ...resolution.map((r) => [
    `interface resolution, ${r.links} links`,
    `${r.medianMs.toFixed(2)} ms, ${r.dumps} dump`,
    r.links >= 1000 ? '< 20 ms, 1 dump' : '',
  ]),
  ...supervisor.idle.map((i) => [
    `idle, FRR up (UML), ${describeConfiguration(i)}`,
    describeIdle(i),
    i.metrics ? '< 50 MB, < 0.5 %, a scrape < 50 ms' : '< 50 MB, < 0.5 %',
  ]),
  ['stop: SIGTERM to all until all gone (UML)', `${supervisor.stopMs.map((v) => `${v}`).join(' / ')} ms, exit ${supervisor.exitCodes.join(', ')}`, '< 10 s'],
  ["convergence: node1's start to its LB prefix at both leaves (UML lab)", `${lab.read('first-lb-ms')} ms`, ''],
  [
    "node1 restarted: container start (the launcher's `crun run`) to its LB prefix at both leaves (UML lab), frr-supervisor vs baseline (its rule for the speaker made harmless, or it never gets there)",
    sideBySide(lab.read('start-to-lb'), lab.read('start-to-lb-frr-conf'), 2),
    '<= 0.5x',
  ],
  [
    "the same restarts from the lab's start of the node (its stand-in for Talos, about 11 s in UML, in both sides' figures)",
    sideBySide(lab.read('start-to-lb'), lab.read('start-to-lb-frr-conf'), 1),
    '',
  ],
];
const table = rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`).join('\n');
const profile = (title: string, records: readonly StartRecord[]) =>
  [`| ${title} | median ms |`, '|---|---|', ...phases(records).map(([name, spent]) => `| ${name} | ${spent.toFixed(0)} |`)].join('\n');

const when = new Date().toISOString();
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim()}; FRR ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'frr'], { encoding: 'utf8' })}`;
const markdown = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) on ${when}.
Machine: ${machine}. Start-up: ${runs} runs per side, alternating, median.

${table}

The baseline is bench/baseline/frr-startup.sh: the bash + jinja2 entrypoint of the upstream pull
request, re-implemented step for step (the same \`ip\` commands in the same order, \`j2\` rendering the
same template). Both sides run with the same settings until they execute the same stand-in FRR
start command; each run's links, addresses and frr.conf are compared, so neither side does less.
frr-supervisor also runs FRR's own check of frr.conf (four FRR processes) on a first start, which
the baseline never does; on a restart with nothing changed it reuses that verdict. Which daemons'
\`-C\` can judge a config it takes from its bundle's directory, where \`frr-supervisor probe\` left
the answer when the bundle was made, as the image's build does (three more FRR processes otherwise).

## Where a start's time goes (frr-supervisor's log lines)

${profile('first start, UML', uml.cold.supervisor)}

${profile('first start, host', host.cold.supervisor)}

${profile('restart, host', host.restart.supervisor)}

## Where a restart's time goes, container start to the LB prefix at both leaves (UML lab, node1)

${restartProfile(lab)}

FRR's start in that table is User-Mode Linux's, whose system calls cost far more than a kernel's.
The same start script with a frr.conf the product renders, on this machine's own kernel (bench/frr-start.ts,
a network namespace, no VRF; median of ${frrStart[0]?.runs ?? 0}):

| FRR | daemons started, one after another | frr.conf applied (vtysh -b) | vtysh -b exit status |
|---|---|---|---|
${frrStart.map((r) => `| ${r.label} | ${ms(r.daemonsMs)} | ${ms(r.applyMs)} | ${[...new Set(r.applyStatuses)].join(', ')} |`).join('\n')}
`;
writeFileSync(join(root, 'bench', 'RESULTS.md'), markdown);
console.log(`\n${table}\n`);
console.log(markdown.slice(markdown.indexOf('## Where')));
console.log(
  `written to bench/RESULTS.md; idle with node defaults ${defaultIdle?.rssMiB.toFixed(1)} MiB, with ${tunedIdle?.nodeOptions} ${tunedIdle?.rssMiB.toFixed(1)} MiB`,
);
