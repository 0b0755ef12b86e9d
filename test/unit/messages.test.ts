import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles, srcDir } from '../helpers/source-files.js';

const src = srcDir;
const guide = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'operator-guide.md'), 'utf8');

/**
 * The literal stretches of the string or template literal that starts at `text[at]` (its quote),
 * and where it ends; a template's `${...}` (nested literals and braces within) is skipped.
 */
function literalAt(text: string, at: number): { stretches: string[]; end: number } {
  const quote = text[at];
  const stretches: string[] = [];
  let current = '';
  let i = at + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\') {
      current += text[i + 1] ?? '';
      i += 2;
    } else if (quote === '`' && text.startsWith('${', i)) {
      stretches.push(current);
      current = '';
      i += 2;
      for (let depth = 1; depth > 0 && i < text.length;) {
        const c = text[i] ?? '';
        if (c === '`' || c === "'" || c === '"') i = literalAt(text, i).end;
        else {
          if (c === '{') depth += 1;
          if (c === '}') depth -= 1;
          i += 1;
        }
      }
    } else {
      current += text[i];
      i += 1;
    }
  }
  stretches.push(current);
  return { stretches, end: i + 1 };
}

/**
 * Each WARN and ERROR the supervisor logs with its own words: where, and the longest stretch of
 * its text that no value interrupts (what an operator would search the guide for). Lines made
 * wholly elsewhere (a setting's warning, FRR's lines) have their own tests and tables.
 */
function ownMessages(): { where: string; words: string }[] {
  return sourceFiles(src).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(/\.(?:warn|error|fatal)\(\s*(?:\{[^}]*\},\s*)?(?=[`'"])/g)].map((call) => {
      const { stretches } = literalAt(text, (call.index ?? 0) + call[0].length);
      const words = stretches
        .map((stretch) => stretch.replace(/^[\s;:,.]+|[\s;:,]+$/g, ''))
        .reduce((longest, stretch) => (stretch.length > longest.length ? stretch : longest), '');
      return { where: `${relative(src, path)}:${text.slice(0, call.index).split('\n').length}`, words };
    });
  });
}

describe("the supervisor's own warnings and errors", () => {
  const messages = ownMessages();

  it('are found where the supervisor logs them', () => {
    expect(messages.length).toBeGreaterThanOrEqual(15);
    expect(messages.map((m) => m.words)).toContain('not converged after 2 minutes');
    for (const { where, words } of messages) expect(words.length, `${where}: no words of its own to look for`).toBeGreaterThanOrEqual(10);
  });

  it("each has an entry in the operator's guide, with its cause and what to do", () => {
    const table = guide.split('## Warnings and errors, and what to do')[1]?.split('\n## ')[0] ?? '';
    const missing = messages.filter(({ words }) => !table.includes(words)).map(({ where, words }) => `${where}: "${words}"`);
    expect(missing).toEqual([]);
  });
});
