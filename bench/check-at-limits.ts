// `npx tsx bench/check-at-limits.ts [RUNS]`: how long `check` takes with every list setting at its
// most (src/config/schema.ts's listLimits), side by side with a node's ordinary settings, on the
// host's FRR 8.4 (the slowest of the FRR versions here to check such a config). The budget it
// holds: under 5 s, inside a start. Prints medians and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envFileOf, linksAtLimits, settingsAtLimits } from '../scripts/harness/settings-at-limits.js';
import { median } from './startup.js';

const runs = Number(process.argv[2] ?? 7);
const root = join(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'ignore' });
const work = mkdtempSync(join(tmpdir(), 'frr-supervisor-bench-'));
const ordinary = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_PORT_NAMES: 'fabricport0,fabricport1' };

function time(env: Readonly<Record<string, string>>, name: string): number[] {
  writeFileSync(join(work, `${name}.env`), envFileOf(env));
  writeFileSync(join(work, 'links.json'), JSON.stringify(linksAtLimits));
  return Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    execFileSync(
      process.execPath,
      ['--', join(root, 'dist', 'bundle', 'frr-supervisor.cjs'), 'check', '--env-file', join(work, `${name}.env`), '--links', join(work, 'links.json')],
      { stdio: 'ignore' },
    );
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
}

try {
  // Alternating would share the machine's noise more evenly; the two are far enough apart.
  const small = median(time(ordinary, 'ordinary'));
  const most = median(time(settingsAtLimits, 'most'));
  console.log(
    `check, FRR 8.4 (host), median of ${runs}: ordinary settings ${small.toFixed(0)} ms, every list at its most ${most.toFixed(0)} ms (${(most / small).toFixed(2)}x; budget 5000 ms)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
