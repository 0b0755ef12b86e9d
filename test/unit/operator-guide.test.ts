import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { legacyAliases, variables } from '../../src/config/variables.js';
import { usage } from '../../src/cli.js';
import { renderMetrics } from '../../src/supervise/metrics.js';
import type { NodeStatus } from '../../src/supervise/status-file.js';

const guide = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'operator-guide.md'), 'utf8');

function tableRows(marker: string): string[][] {
  const section = guide.split(`<!-- ${marker}:start -->`)[1]?.split(`<!-- ${marker}:end -->`)[0];
  if (!section) throw new Error(`docs/operator-guide.md has no ${marker} table`);
  return section
    .trim()
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .split('|')
        .slice(1, -1)
        .map((cell, column) => (column === 0 || marker === 'legacy' ? cell.trim().replace(/^`(.*)`$/, '$1') : cell.trim())),
    );
}

describe("the operator's guide", () => {
  it('has the variable table of the schema: names, order, required, defaults, meanings', () => {
    expect(tableRows('variables')).toEqual(variables.map((v) => [v.name, v.required, v.defaultText, v.meaning]));
  });

  it('states the defaults the schema applies', () => {
    const { settings } = loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0' });
    const applied: Record<string, string> = {
      ASN_VRF_METALLB: String(settings.asnVrfMetallb),
      ASN_METALLB_SPEAKER: String(settings.asnMetallbSpeaker),
      VRF_METALLB: settings.vrfName,
      METALLB_VRF_ROUTE_TABLE_ID: String(settings.vrfTableId),
      PEER_IP_FRR: loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0', PEER_IP_FRR: 'fda1:b2c3:d4e5:0001::0' }).settings.peer.frr
        .text,
      PEER_IP_METALLB: loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0', PEER_IP_METALLB: 'fda1:b2c3:d4e5:0001::1' }).settings.peer
        .metallb.text,
      ENABLE_BFD: String(settings.bfd),
      FRR_PROFILE: settings.profile,
    };
    const guideDefaults = new Map(tableRows('variables').map(([name, , defaultText]) => [name, defaultText]));
    expect(settings.peer.frr.text).toBe(applied.PEER_IP_FRR);
    expect(settings.peer.metallb.text).toBe(applied.PEER_IP_METALLB);
    expect(settings.peer.prefixLength).toBe(127);
    expect(guideDefaults.get('PEER_IP_PREFIX')).toMatch(/^127 /);
    for (const [name, value] of Object.entries(applied)) {
      if (name === 'PEER_IP_FRR' || name === 'PEER_IP_METALLB') continue; // compared canonically above
      expect(guideDefaults.get(name), name).toBe(value);
    }
  });

  it('lists the old variable names the loader accepts', () => {
    expect(tableRows('legacy')).toEqual([...legacyAliases].map(([oldName, newName]) => [oldName, newName]));
  });

  it('has the metric table of the metrics endpoint: every metric it serves, with its labels, and no other', () => {
    // A status with every optional part, so that every metric has a sample to show its labels.
    const status: NodeStatus = {
      updatedAt: '2026-12-05T12:00:00.000Z',
      configSha256: 'a'.repeat(64),
      lastRender: { at: '2026-12-05T12:00:00.000Z', ok: true },
      lastCheck: { at: '2026-12-05T12:00:00.000Z', ok: true, complaints: [] },
      frr: { state: 'running', drain: false },
      daemonRestarts: { bgpd: 0 },
      drain: { on: false, by: [], changedAt: undefined },
      configApply: { state: 'applied', at: '2026-12-05T12:00:00.000Z', problems: [], repairs: 0 },
      converged: true,
      convergedAfterSeconds: 7,
      sessions: {
        bgp: [
          { vrf: 'default', peer: 'eth0', family: 'ipv4Unicast', state: 'Established', received: 1, sent: 1, changedAt: 1796472000, announced: 0, refused: 0 },
        ],
        bfd: [{ vrf: 'default', peer: 'fe80::2', interface: 'eth0', status: 'up' }],
      },
    };
    const served = renderMetrics(status)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const [, name = '', labels = ''] = /^(\w+)(?:\{(.*)\})? /.exec(line) ?? [];
        return [name, [...labels.matchAll(/(\w+)="/g)].map((m) => `\`${m[1]}\``).join(', ')];
      });
    expect(tableRows('metrics').map(([name, labels]) => [name, labels])).toEqual(served);
  });

  it('documents every exit code the CLI documents', () => {
    for (const code of [...usage.matchAll(/(\d+) [a-z]/g)].map((m) => m[1])) {
      expect(guide).toMatch(new RegExp(`\\| ${code} \\|`));
    }
  });
});
