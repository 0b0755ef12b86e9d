import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { findTemplateDir } from '../../src/render/template-dir.js';

/** Templates are code run as root: another directory is taken only when nobody else can change it. */
const shipped = join(import.meta.dirname, '..', '..', 'templates');
const copy = () => {
  const parent = mkdtempSync(join(tmpdir(), 'frr-templates-'));
  const dir = join(parent, 'templates');
  mkdirSync(dir, { mode: 0o755 });
  cpSync(shipped, dir, { recursive: true, filter: (src) => !src.endsWith('compiled.json') });
  return { parent, dir };
};
const refusal = (dir: string) => {
  try {
    findTemplateDir(dir, '--templates');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe('another templates directory', () => {
  it("is taken when it is root's, whole, and writeable by root alone", () => {
    const { dir } = copy();
    expect(findTemplateDir(dir, '--templates')).toBe(dir);
  });

  it('is refused, named, when it does not exist or lacks a template (no "internal error")', () => {
    expect(refusal('/nonexistent')).toMatch(/^--templates="\/nonexistent": no such directory/);
    const { dir } = copy();
    rmSync(join(dir, 'daemon-log.conf.njk'));
    expect(refusal(dir)).toContain('daemon-log.conf.njk missing');
  });

  it.runIf(process.getuid?.() === 0)('is refused when another user could change a template, the directory or one above it', () => {
    const groupWriteable = copy();
    chmodSync(join(groupWriteable.dir, 'frr.conf.njk'), 0o664);
    expect(refusal(groupWriteable.dir)).toMatch(/frr\.conf\.njk is writeable by its group or by others/);

    const foreignParent = copy();
    chownSync(foreignParent.parent, 65534, 65534);
    expect(refusal(foreignParent.dir)).toMatch(/belongs to uid 65534/);

    const worldWriteableDir = copy();
    chmodSync(worldWriteableDir.dir, 0o777);
    expect(refusal(worldWriteableDir.dir)).toMatch(/templates is writeable by its group or by others/);
  });
});
