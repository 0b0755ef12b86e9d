import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/settings.js';
import { ConfigError } from '../../src/errors.js';
import type { HostLink } from '../../src/net/links.js';
import { resolveFabricInterfaces } from '../../src/net/resolve-interfaces.js';
import { createRenderer } from '../../src/render/render.js';
import { findTemplateDir } from '../../src/render/template-dir.js';
import { buildView } from '../../src/render/view.js';

/**
 * No value of any variable can add or change a line of frr.conf: a value is either refused, or
 * the config is exactly the base config with the base value's token replaced by the value's
 * canonical form on the lines where it appears. The oracle is token substitution on the base
 * output, independent of the templates' logic.
 */
const render = await createRenderer(findTemplateDir());
const baseEnv = { NODE_IP: '10.10.10.10', ASN_LOCAL: '65001', FE_PORT_NAMES: 'port0' };
const portLinks = (names: readonly string[], macs: readonly (string | undefined)[] = []): HostLink[] =>
  names.map((name, i) => ({ index: i + 1, name, mac: macs[i], mtu: 9000, kind: undefined, masterIndex: undefined }));

function renderEnv(env: Record<string, string>, links: HostLink[]): string {
  const { settings } = loadSettings(env);
  return render(buildView(settings, resolveFabricInterfaces(settings.fabric, links)))['frr.conf'];
}

/**
 * The base value replaced wherever frr.conf holds it as a word of its own: alone, as a prefix
 * ("10.10.10.10/32"), or inside the speaker's AS-path regex ("^4000099999(", "4000099999)*$").
 */
function replaceToken(config: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`^([\\^(]*)${escaped}((?:/\\d+)?[()*$]*)$`);
  return config
    .split('\n')
    .map((line) =>
      line
        .split(' ')
        .map((token) => token.replace(word, (_, before: string, after: string) => `${before}${to}${after}`))
        .join(' '),
    )
    .join('\n');
}

/** Counts accepted and refused values, so that no property passes by refusing everything. */
const tally = { accepted: 0, refused: 0 };

/** Loads the settings, or undefined when they are refused with a ConfigError (any other error fails). */
function tryLoad(env: Record<string, string>): Settings | undefined {
  try {
    const { settings } = loadSettings(env);
    tally.accepted += 1;
    return settings;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    tally.refused += 1;
    return undefined;
  }
}

const hostile = [
  '\n',
  '\r',
  '\r\n',
  '!',
  '#',
  ' ',
  '\t',
  '\u0000',
  '\u001b[31m',
  '\u2028',
  '\u0085',
  'é',
  '🦆',
  '\ufeff',
  ';',
  '\\',
  '"',
  '{{ nodeIp }}',
  '{% if true %}',
];

/** Arbitrary text, and valid values with hostile pieces spliced in. */
const nastyValue = (valid: readonly string[]) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.tuple(fc.constantFrom(...valid), fc.constantFrom(...hostile), fc.nat(), fc.string({ maxLength: 12 })).map(([value, bad, at, tail]) => {
      const cut = at % (value.length + 1);
      return `${value.slice(0, cut)}${bad}${tail}${value.slice(cut)}`;
    }),
    fc.constantFrom(...valid),
  );

const base = renderEnv(baseEnv, portLinks(['port0']));
const runs = { numRuns: 300 };

describe('no value of any variable adds or changes a line of frr.conf', () => {
  beforeEach(() => {
    tally.accepted = 0;
    tally.refused = 0;
  });
  afterEach(() => {
    // Both outcomes occurred: accepted values were compared with the oracle, hostile ones refused.
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });

  /** Variables whose value appears in frr.conf as a token: [name, base token, canonical form of an accepted value]. */
  const tokenVariables: [string, string, string[], (s: Settings) => string][] = [
    ['NODE_IP', '10.10.10.10', ['10.0.0.1', '192.168.1.7'], (s) => s.nodeIp.text],
    ['ASN_LOCAL', '65001', ['65002', '4200001001'], (s) => String(s.asnLocal)],
    ['ASN_VRF_METALLB', '4000099998', ['4000000001', '65100'], (s) => String(s.asnVrfMetallb)],
    ['ASN_METALLB_SPEAKER', '4000099999', ['4000000002', '65200'], (s) => String(s.asnMetallbSpeaker)],
    ['VRF_METALLB', 'metallb', ['lbvrf', 'vrf-lb.1'], (s) => s.vrfName],
    ['PEER_IP_METALLB', 'fda1:b2c3:d4e5:1::1', ['fda1:b2c3:d4e5:0001::1', 'FDA1:B2C3:D4E5:1:0:0:0:1'], (s) => s.peer.metallb.text],
  ];
  it.each(tokenVariables)('%s', (name, baseToken, valid, canonical) => {
    fc.assert(
      fc.property(nastyValue(valid), (value) => {
        const env = { ...baseEnv, [name]: value };
        const settings = tryLoad(env);
        if (!settings) return;
        expect(renderEnv(env, portLinks(['port0']))).toBe(replaceToken(base, baseToken, canonical(settings)));
      }),
      runs,
    );
  });

  /** Variables that do not appear in frr.conf: an accepted value leaves it byte for byte the same. */
  const absentVariables: [string, string[]][] = [
    ['PEER_IP_FRR', ['fda1:b2c3:d4e5:1::', 'fda1:b2c3:d4e5:0001::0']],
    ['PEER_IP_PREFIX', ['127', '120']],
    ['METALLB_VRF_ROUTE_TABLE_ID', ['88', '1000']],
    ['INTERFACE_MTU', ['9000', '1500']],
  ];
  it.each(absentVariables)('%s', (name, valid) => {
    fc.assert(
      fc.property(nastyValue(valid), (value) => {
        const env = { ...baseEnv, [name]: value };
        if (!tryLoad(env)) return;
        expect(renderEnv(env, portLinks(['port0']))).toBe(base);
      }),
      runs,
    );
  });

  /** Variables with a few meanings: an accepted value renders exactly one of the known configs. */
  const choiceVariables: [string, string[], (s: Settings) => string][] = [
    ['ENABLE_BFD', ['true', 'false', 'yes', 'OFF'], (s) => String(s.bfd)],
    ['FRR_PROFILE', ['datacenter', 'traditional', 'Traditional'], (s) => s.profile],
  ];
  it.each(choiceVariables)('%s', (name, valid, meaning) => {
    const known = new Map<string, string>();
    for (const value of valid) {
      const env = { ...baseEnv, [name]: value };
      known.set(meaning(loadSettings(env).settings), renderEnv(env, portLinks(['port0'])));
    }
    fc.assert(
      fc.property(nastyValue(valid), (value) => {
        const env = { ...baseEnv, [name]: value };
        const settings = tryLoad(env);
        if (!settings) return;
        expect(renderEnv(env, portLinks(['port0']))).toBe(known.get(meaning(settings)));
      }),
      runs,
    );
  });

  it('FE_PORT_NAMES', () => {
    fc.assert(
      fc.property(nastyValue(['eth0', 'eth0,eth1', 'bond0.100,enp1s0f1']), (value) => {
        const env = { ...baseEnv, FE_PORT_NAMES: value };
        const settings = tryLoad(env);
        if (!settings || settings.fabric.by !== 'name') return;
        const names = settings.fabric.names;
        // The base for n ports renders port0..port(n-1); each placeholder token becomes a name.
        const placeholders = names.map((_, i) => `port${i}`);
        let expected = renderEnv({ ...baseEnv, FE_PORT_NAMES: placeholders.join(',') }, portLinks(placeholders));
        placeholders.forEach((placeholder, i) => {
          expected = replaceToken(expected, placeholder, names[i] ?? '');
        });
        expect(renderEnv(env, portLinks(names))).toBe(expected);
      }),
      runs,
    );
  });

  it('FE_MACS', () => {
    fc.assert(
      fc.property(nastyValue(['02:00:00:00:00:01', '02:00:00:00:00:01,0A-00-00-00-00-02']), (value) => {
        const env = { NODE_IP: baseEnv.NODE_IP, ASN_LOCAL: baseEnv.ASN_LOCAL, FE_MACS: value };
        const settings = tryLoad(env);
        if (!settings || settings.fabric.by !== 'mac') return;
        const macs = settings.fabric.macs;
        const names = macs.map((_, i) => `port${i}`);
        const expected = renderEnv({ ...baseEnv, FE_PORT_NAMES: names.join(',') }, portLinks(names));
        expect(renderEnv(env, portLinks(names, macs))).toBe(expected);
      }),
      runs,
    );
  });
});
