import { hasLineUnsafeCharacter } from '../one-line.js';

/**
 * An operator's value as an error message shows it: in double quotes, with every character that
 * could break or forge a line escaped (controls, C1 controls and U+0085, line and paragraph
 * separators, invisible format characters such as U+200B and the bidi overrides), and cut to a
 * readable length, so that a 1 MB value gives one short line and nothing it holds can pass for
 * a log line of its own.
 */
export function shown(value: string, maxCharacters = 80): string {
  const characters = [...value];
  const kept = characters.length > maxCharacters ? characters.slice(0, maxCharacters) : characters;
  const body = kept.map(escapeCharacter).join('');
  return characters.length > kept.length ? `"${body}..." (${characters.length} characters)` : `"${body}"`;
}

const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function escapeCharacter(character: string): string {
  const simple = named[character];
  if (simple) return simple;
  if (!hasLineUnsafeCharacter(character)) return character;
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}
