import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlanOf } from '../../src/frr/check-plan-store.js';
import { checkUnlessAcceptedBefore, verdictFileName, verdictKey } from '../../src/frr/check-verdict.js';
import { frrFacts } from '../../src/frr/facts.js';
import { installedFrr } from '../../src/frr/installation.js';
import { parseFrrVersion } from '../../src/frr/version.js';
import { useTempDir } from '../helpers/temp.js';

const golden = readFileSync(join(import.meta.dirname, 'expected', 'defaults-ipv6-127', 'frr.conf'), 'utf8');
const location = { pathspace: undefined, configDir: '/etc/frr', runDir: '/var/run/frr', binDir: '/usr/lib/frr', startCommand: undefined };
const facts = await installedFrr(location, true);
const plan = await checkPlanOf(facts, undefined);
const tempDir = useTempDir();

/** As `run` does: check (or reuse), write frr.conf when accepted, then remember the verdict. */
async function start(dir: string, frrConf: string) {
  const verdict = await checkUnlessAcceptedBefore(dir, frrConf, facts, plan);
  if (verdict.result.ok) {
    writeFileSync(join(dir, 'frr.conf'), frrConf);
    await verdict.remember();
  }
  return verdict;
}

describe("FRR's verdict kept across restarts (real FRR)", () => {
  it('checks at the first start, and reuses the verdict when nothing changed', async () => {
    const dir = tempDir();
    const first = await start(dir, golden);
    // FRR's complaints first: a refusal then says what FRR said, not only that it refused.
    expect(first.result.complaints).toEqual([]);
    expect(first).toMatchObject({ reused: false, result: { ok: true } });
    const second = await start(dir, golden);
    expect(second).toMatchObject({ reused: true, result: { ok: true, complaints: [] } });
  });

  it('checks again when the config changes, and never remembers a rejection', async () => {
    const dir = tempDir();
    await start(dir, golden);
    const rejected = await start(dir, golden.replace('local-as 4000099998', 'local-as 65001'));
    expect(rejected).toMatchObject({ reused: false, result: { ok: false } });
    // The rejected text is not remembered: the same bad config is checked (and refused) again.
    expect((await start(dir, golden.replace('local-as 4000099998', 'local-as 65001'))).reused).toBe(false);
    const changed = await start(dir, golden.replace(/ipv6 nd ra-interval \d+/, 'ipv6 nd ra-interval 7'));
    expect(changed).toMatchObject({ reused: false, result: { ok: true } });
  });

  it('checks again when frr.conf on disk was edited by hand since', async () => {
    const dir = tempDir();
    await start(dir, golden);
    writeFileSync(join(dir, 'frr.conf'), `${golden}! edited\n`);
    expect((await checkUnlessAcceptedBefore(dir, golden, facts, plan)).reused).toBe(false);
  });

  it('checks again when the remembered verdict is unreadable', async () => {
    const dir = tempDir();
    await start(dir, golden);
    writeFileSync(join(dir, verdictFileName), '{"key":');
    expect((await start(dir, golden)).reused).toBe(false);
  });

  it('keys on how FRR checked (version, daemons) and on each FRR program, so an upgraded FRR checks again', async () => {
    const dir = tempDir();
    for (const name of ['vtysh', 'zebra', 'bgpd', 'bfdd']) writeFileSync(join(dir, name), 'binary');
    const at = (version: string) =>
      frrFacts({
        version: parseFrrVersion(`version ${version}`) ?? facts.version,
        bfd: true,
        binDir: dir,
        vtyshProgram: join(dir, 'vtysh'),
        configDir: dir,
        runDir: dir,
        pathspace: undefined,
      });
    const all = { daemons: ['zebra', 'bgpd', 'bfdd'] as const, ownership: true, notes: [] };
    const key = await verdictKey(golden, at('8.4.4'), all);
    expect(await verdictKey(golden, at('8.4.4'), all)).toBe(key);
    expect(await verdictKey(golden, at('8.4.4'), { ...all, daemons: ['zebra', 'bgpd'] })).not.toBe(key);
    expect(await verdictKey(golden, at('8.4.4'), { ...all, ownership: false })).not.toBe(key);
    expect(await verdictKey(golden, at('8.4.5'), all)).not.toBe(key);
    utimesSync(join(dir, 'zebra'), new Date(0), new Date(1_000_000));
    expect(await verdictKey(golden, at('8.4.4'), all)).not.toBe(key);
    expect(await verdictKey(golden, { ...at('8.4.4'), vtysh: [join(dir, 'missing')] }, all)).toBeUndefined();
  });
});
