// Interface resolution time against the real kernel with 10, 100 and 1,000 links present: one
// rtnetlink dump of all links plus the MAC matching, median of 50 runs in one process (start-up
// excluded), each size in a fresh network namespace. Needs root. Prints a table (JSON with --json).
//   node bench/resolution.mjs [--json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = join(root, 'test', 'fixtures', 'resolve-in-netns.ts');
const envFile = join(mkdtempSync(join(tmpdir(), 'bench-resolution-')), 'node.env');
writeFileSync(envFile, 'NODE_IP=10.0.0.1\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01,02:00:00:00:10:02\n');

const rows = [];
for (const size of [10, 100, 1000]) {
  const ns = `bench-res-${process.pid}-${size}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    // lo + 2 fabric links + their peers, then veth pairs up to `size` links in all.
    const commands = ['link add fab0 address 02:00:00:00:10:01 type veth peer name fab0p', 'link add fab1 address 02:00:00:00:10:02 type veth peer name fab1p'];
    for (let i = 0; commands.length * 2 + 1 < size; i += 1) commands.push(`link add b${i}a type veth peer name b${i}b`);
    execFileSync('ip', ['-n', ns, '-batch', '-'], { input: commands.join('\n') });
    const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', fixture, envFile, '50'], { cwd: root, encoding: 'utf8' });
    const result = JSON.parse(out);
    rows.push({ links: result.links, dumps: result.linkDumps / 50, medianMs: result.medianMs });
  } finally {
    execFileSync('ip', ['netns', 'delete', ns]);
  }
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
  process.exit(0);
}
console.log('interface resolution (one RTM_GETLINK dump + MAC match), median of 50');
console.log('links   dumps/resolution   median ms');
for (const row of rows) console.log(`${String(row.links).padStart(5)}   ${String(row.dumps).padStart(16)}   ${row.medianMs.toFixed(3).padStart(9)}`);
