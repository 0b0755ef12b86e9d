import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const documents = ['README.md', ...readdirSync(join(root, 'docs')).map((name) => join('docs', name))].filter((path) => path.endsWith('.md'));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, blanks to dashes. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(path: string): Set<string> {
  let fenced = false;
  const anchors = new Set<string>();
  for (const line of read(path).split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading) anchors.add(anchorOf(heading));
  }
  return anchors;
}

describe('the documentation', () => {
  it('has a README an operator reads in five minutes: at most 200 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(200);
  });

  it.each(documents)('%s: every link to a file of the project reaches it, and its heading', (path) => {
    const broken: string[] = [];
    for (const [, target = ''] of read(path).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // another site
      const [file = '', anchor] = target.split('#');
      const resolved = file === '' ? path : relative(root, join(root, dirname(path), file));
      if (!existsSync(join(root, resolved))) broken.push(`${target}: no ${resolved}`);
      else if (anchor && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(anchorOf('Settings: an ExtensionServiceConfig')).toBe('settings-an-extensionserviceconfig');
    expect(anchorOf('Configuring a node at boot, before installation')).toBe('configuring-a-node-at-boot-before-installation');
    expect(anchorOf('Running and supervising FRR (`run`)')).toBe('running-and-supervising-frr-run');
  });
});
