import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingProgramError } from '../../src/errors.js';
import { checkWithFrr, daemonsFor } from '../../src/render/frr-check.js';

const golden = readFileSync(join(import.meta.dirname, 'expected', 'defaults-ipv6-127', 'frr.conf'), 'utf8');
const lines = golden.split('\n');
const lineOf = (text: string) => lines.findIndex((line) => line === text) + 1;

describe("FRR's own check (real FRR)", () => {
  it('accepts the golden config', async () => {
    expect(await checkWithFrr(golden, daemonsFor(true))).toEqual({ ok: true, complaints: [] });
  });

  it('rejects a misspelt command, naming the line (vtysh --dryrun)', async () => {
    const bad = golden.replace(' match interface dummy0', ' match interfaces dummy0');
    const result = await checkWithFrr(bad, daemonsFor(true));
    expect(result.ok).toBe(false);
    expect(result.complaints.join('\n')).toMatch(new RegExp(`line ${lineOf(' match interface dummy0')}: % Unknown command.*match interfaces dummy0`));
  });

  it('rejects what bgpd refuses although vtysh parses it (local-as equal to the AS)', async () => {
    const bad = golden.replace('local-as 4000099998', 'local-as 65001');
    const result = await checkWithFrr(bad, daemonsFor(true));
    expect(result.ok).toBe(false);
    expect(result.complaints).toContain('bgpd: % Cannot have local-as same as BGP AS number');
  });

  it('rejects a line that only a daemon which is not enabled would take', async () => {
    // vtysh knows ospfd's grammar, but no enabled daemon would apply these lines.
    const bad = golden.replace('router bgp 65001\n', 'router ospf\n ospf router-id 10.10.10.10\nexit\n!\nrouter bgp 65001\n');
    const result = await checkWithFrr(bad, daemonsFor(true));
    expect(result.ok).toBe(false);
    expect(result.complaints.join('\n')).toContain('no daemon accepts "router ospf"');
  });

  it('rejects BFD lines when bfdd is not running', async () => {
    // With ENABLE_BFD=false, bfdd is not among the daemons: a bfd profile block has no taker.
    const bad = golden.replace('router bgp 65001\n', 'bfd\n profile fast\n  detect-multiplier 3\n exit\nexit\n!\nrouter bgp 65001\n');
    const result = await checkWithFrr(bad, daemonsFor(false));
    expect(result.ok).toBe(false);
    expect(result.complaints.join('\n')).toContain('no daemon accepts "bfd"');
    expect((await checkWithFrr(bad, daemonsFor(true))).ok).toBe(true);
  });

  it('says which FRR program is missing', async () => {
    await expect(checkWithFrr(golden, ['bgpd'], { vtysh: '/nonexistent/vtysh', daemonDir: '/usr/lib/frr' })).rejects.toThrow(MissingProgramError);
  });
});

describe('a daemon that cannot read the config', () => {
  it('fails the check instead of passing silently', async () => {
    // A daemon "program" that, like bgpd with an unreadable file, prints a log line and exits 0.
    const { mkdtempSync, writeFileSync, chmodSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'fake-frr-'));
    writeFileSync(join(dir, 'bgpd'), "#!/bin/sh\necho \"vty_read_config: can't open configuration file [$3]\" >&2\nexit 0\n");
    chmodSync(join(dir, 'bgpd'), 0o755);
    symlinkSync('/usr/bin/vtysh', join(dir, 'vtysh'));
    const result = await checkWithFrr(golden, ['bgpd'], { vtysh: join(dir, 'vtysh'), daemonDir: dir });
    expect(result.ok).toBe(false);
    expect(result.complaints.join('\n')).toMatch(/bgpd -C did not read the whole config: vty_read_config: can't open/);
  });
});
