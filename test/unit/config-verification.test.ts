import { describe, expect, it } from 'vitest';
import { frrFacts } from '../../src/frr/facts.js';
import { parseReloadTest, withoutHostname, type ConfigDifference } from '../../src/frr/running-config.js';
import { createLogger } from '../../src/log.js';
import { verifyAppliedConfig } from '../../src/supervise/config-verifier.js';

describe('frr-reload.py --test output', () => {
  it('gives each missing and unexpected line with its context', () => {
    const output = [
      '',
      'Lines To Delete',
      '===============',
      'bgp graceful-shutdown',
      'no route-map metallb-out deny 10',
      '',
      'Lines To Add',
      '============',
      'route-map node-source permit 10',
      ' set src 10.10.10.10',
      'exit',
      'router bgp 65001 vrf metallb',
      ' address-family ipv4 unicast',
      '  neighbor fda1::1 route-map metallb-in-v4 in',
      ' exit-address-family',
      'exit',
      'ip protocol bgp route-map node-source',
      '',
    ].join('\n');
    expect(parseReloadTest(output)).toEqual({
      unexpected: ['bgp graceful-shutdown', 'no route-map metallb-out deny 10'],
      missing: [
        'route-map node-source permit 10 / set src 10.10.10.10',
        'router bgp 65001 vrf metallb / address-family ipv4 unicast / neighbor fda1::1 route-map metallb-in-v4 in',
        'ip protocol bgp route-map node-source',
      ],
    });
  });

  it("leaves the system's hostname out of the running config (FRR prints `hostname (none)` where there is none)", () => {
    expect(withoutHostname('frr version 8.4.4\nhostname (none)\nservice integrated-vtysh-config\n')).toBe('frr version 8.4.4\nservice integrated-vtysh-config\n');
  });

  it('is empty when FRR runs the file as written', () => {
    expect(parseReloadTest('')).toEqual({ missing: [], unexpected: [] });
  });
});

describe('verifying the applied config (the policy, with stand-ins for FRR)', () => {
  const facts = frrFacts({ version: { major: 10, minor: 3, text: '10.3' }, bfd: true, binDir: '/x', vtyshProgram: '/x/vtysh', configDir: '/x', runDir: '/nonexistent', pathspace: undefined });
  const lines: string[] = [];
  const logger = createLogger('text', (line) => lines.push(line));

  function verify(differences: ConfigDifference[], options: { applyingFor?: number } = {}) {
    let compared = 0;
    let reapplied = 0;
    let applyingPolls = options.applyingFor ?? 0;
    const run = verifyAppliedConfig({
      facts,
      frrConfPath: '/x/frr.conf',
      logger,
      runtimeLines: ['bgp graceful-shutdown'],
      stillApplying: async () => applyingPolls-- > 0,
      pollMs: 1,
      abandoned: new Promise(() => undefined),
      bgpdAnswers: async () => true,
      compare: async () => differences[Math.min(compared++, differences.length - 1)] ?? { missing: [], unexpected: [] },
      reapply: async () => {
        reapplied++;
        return '';
      },
    });
    return run.then((verdict) => ({ verdict, compared, reapplied }));
  }

  it('passes a whole config without applying it again; the drain line is not a difference', async () => {
    const { verdict, reapplied } = await verify([{ missing: [], unexpected: ['bgp graceful-shutdown'] }]);
    expect(verdict).toMatchObject({ ok: true, missing: [], unexpected: [], repaired: false });
    expect(reapplied).toBe(0);
  });

  it('waits while FRR is still applying frr.conf before comparing', async () => {
    const { verdict, compared } = await verify([{ missing: [], unexpected: [] }], { applyingFor: 3 });
    expect(verdict?.ok).toBe(true);
    expect(compared).toBe(1);
  });

  it('repairs an apply cut short by applying frr.conf again', async () => {
    const { verdict, reapplied } = await verify([{ missing: ['route-map node-source permit 10 / set src 10.10.10.10'], unexpected: [] }, { missing: [], unexpected: [] }]);
    expect(verdict).toMatchObject({ ok: true, repaired: true });
    expect(reapplied).toBe(1);
    expect(lines.join('\n')).toMatch(/FRR runs frr.conf only partly, 1 line\(s\) missing \(route-map node-source permit 10 \/ set src 10.10.10.10\): applying frr.conf again/);
  });

  it('fails when lines are still missing after the second apply (a line FRR refuses)', async () => {
    const refused = { missing: ['router bgp 65001 vrf metallb / neighbor fda1::1 local-as 65001 no-prepend replace-as'], unexpected: ['bgp bestpath as-path multipath-relax'] };
    const { verdict, reapplied } = await verify([refused, refused]);
    expect(verdict).toMatchObject({ ok: false, missing: refused.missing, unexpected: refused.unexpected, repaired: true });
    expect(reapplied).toBe(1);
  });

  it('gives up waiting when the supervisor stops first', async () => {
    const verdict = await verifyAppliedConfig({
      facts,
      frrConfPath: '/x/frr.conf',
      logger,
      runtimeLines: [],
      stillApplying: async () => true,
      pollMs: 1,
      abandoned: new Promise((resolve) => setTimeout(resolve, 20)),
      bgpdAnswers: async () => true,
      compare: async () => ({ missing: ['x'], unexpected: [] }),
    });
    expect(verdict).toBeUndefined();
  });
});
