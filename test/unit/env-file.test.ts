import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/config/env-file.js';
import { shown } from '../../src/config/shown.js';
import { InputFileError } from '../../src/errors.js';

describe('env file (Talos environment entries)', () => {
  it('reads KEY=VALUE literally: no quotes, no expansion, # inside a value kept', () => {
    const text = '# comment\n\n  # indented comment\nNODE_IP=10.0.0.1\nFE_PORT_NAMES="eth0"\nVRF_METALLB=$HOME\nFRR_PROFILE=a=b#c\r\nASN_LOCAL=\n';
    expect(parseEnvFile(text, 'x.env').values).toEqual({
      NODE_IP: '10.0.0.1',
      FE_PORT_NAMES: '"eth0"',
      VRF_METALLB: '$HOME',
      FRR_PROFILE: 'a=b#c',
      ASN_LOCAL: '',
    });
  });

  it('warns about keys that are not settings (typos)', () => {
    expect(parseEnvFile('ASN_LOKAL=1\nPEER_IP_LOCAL=1.2.3.4\n', 'x.env').warnings).toEqual(['x.env:1: ASN_LOKAL is not a setting of frr-supervisor; ignored']);
  });

  it.each([
    ['NODE_IP 10.0.0.1', 'x.env:1: "NODE_IP 10.0.0.1" is not KEY=VALUE'],
    ['=10.0.0.1', 'x.env:1: ""=... is not KEY=VALUE'],
    ['1NODE=3', 'x.env:1: "1NODE"=... is not KEY=VALUE'],
    // The value is never shown: it may be a secret.
    ['export API_TOKEN=s3cr3t', 'x.env:1: "export API_TOKEN"=... is not KEY=VALUE'],
    ['NODE_IP=1\nNODE_IP=2', 'x.env:2: NODE_IP is set again (first on line 1)'],
  ])('refuses %j, naming the file and line', (text, message) => {
    expect(() => parseEnvFile(text, 'x.env')).toThrow(InputFileError);
    try {
      parseEnvFile(text, 'x.env');
    } catch (error) {
      expect((error as InputFileError).details[0]).toContain(message);
      expect((error as InputFileError).details.join('\n')).not.toContain('s3cr3t');
    }
  });
});

describe('how an error shows a value', () => {
  it.each([
    ['10.0.0.1', '"10.0.0.1"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['line\nforged 2026-12-01T00:00:00Z ERROR', '"line\\nforged 2026-12-01T00:00:00Z ERROR"'],
    ['next\u0085line\u2028sep\u2029para', '"next\\u0085line\\u2028sep\\u2029para"'],
    ['zero\u200bwidth\u202eevil\u001b[31m', '"zero\\u200bwidth\\u202eevil\\u001b[31m"'],
    ['\u{e0041}tag', '"\\u{e0041}tag"'],
    ['Grüße 🌍', '"Grüße 🌍"'],
  ])('%j as %s', (value, expected) => {
    expect(shown(value)).toBe(expected);
  });

  it('cuts a long value to a readable length and says how long it was', () => {
    expect(shown('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(80)}..." (1000000 characters)`);
  });
});
