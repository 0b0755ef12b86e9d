import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hiddenPiece, hideSecrets } from '../../src/secrets.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

/**
 * No output holds a piece of a secret of 8 characters or more, whatever cut or escape a message
 * applies to the line that held it. The error paths: an extra config line that holds the fabric
 * password (refused, and printed cut to a readable length), and a setting that is refused with
 * its value shown.
 */
const passwordCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=._:,@%^*~-'.split(''));
const password = fc.array(passwordCharacter, { minLength: 8, maxLength: 80 }).map((characters) => characters.join(''));
const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every piece of `hiddenPiece` characters of `secret` that `output` holds. */
const piecesIn = (output: string, secret: string) =>
  Array.from({ length: Math.max(0, secret.length - hiddenPiece + 1) }, (_, i) => secret.slice(i, i + hiddenPiece)).filter((piece) => output.includes(piece));

describe('secrets never leave, even in part', () => {
  it('hides every piece of a secret, in any text (pure)', () => {
    fc.assert(
      fc.property(password, fc.string(), fc.string(), fc.nat(80), fc.nat(80), (secret, before, after, from, length) => {
        const piece = secret.slice(from % secret.length, (from % secret.length) + length);
        expect(piecesIn(hideSecrets(`${before}${piece}${after}`, [secret]), secret)).toEqual([]);
      }),
    );
  });

  it('an extra config line holding the fabric password is refused without its pieces', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(password, fc.nat(120), async (secret, padding) => {
        const extra = join(dir, `extra-${refused}.conf`);
        // The line is cut to 100 characters in the message: the password starts anywhere around the cut.
        writeFileSync(
          extra,
          `router bgp 65001\n neighbor fabric description ${'x'.repeat(padding)} password ${secret}\n neighbor fabric password ${'y'.repeat(padding)}${secret}\nexit\n`,
          { mode: 0o644 },
        );
        const outcome = await runCliInProcess(['render', '--links', join(dir, 'links.json')], {
          env: { NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'eth0', FABRIC_PASSWORD: secret, FRR_EXTRA_CONFIG_FILE: extra },
        });
        expect(outcome.exitCode).toBe(78);
        refused += 1;
        expect(piecesIn(outcome.stdout + outcome.stderr, secret)).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect(refused).toBe(60);
  });
});
writeFileSync(join(dir, 'links.json'), JSON.stringify([{ name: 'eth0', mtu: 9000 }]));
