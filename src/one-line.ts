/**
 * The characters that can break a line or pass for something else in one: C0 and C1 controls
 * (newline, tab, U+0085, escape), invisible format characters (U+200B, the bidi overrides) and
 * the line and paragraph separators. A value that holds one can forge a log line, a terminal
 * line or an frr.conf line; the one owner of that list for settings, rendering and logs.
 */
const lineUnsafe = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const lineUnsafeEverywhere = new RegExp(lineUnsafe.source, 'gu');

/** Whether `text` (a value, or a single character) holds one. */
export function hasLineUnsafeCharacter(text: string): boolean {
  return lineUnsafe.test(text);
}

/** `text` as one line: its lines joined by " | ", every other unsafe character a "?". */
export function asOneLine(text: string): string {
  return text.split('\n').join(' | ').replace(lineUnsafeEverywhere, '?');
}
