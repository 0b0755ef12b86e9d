/**
 * The characters that can break a line or pass for something else in one: C0 and C1 controls
 * (newline, tab, U+0085, escape), invisible format characters (U+200B, the bidi overrides) and
 * the line and paragraph separators. A value that holds one can forge a log line, a terminal
 * line or an frr.conf line; the one owner of that list for settings, rendering and logs.
 */
const lineUnsafeSource = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]';

// Printable ASCII holds none of them, and is nearly every text checked: it is told by a cheap
// pattern, and the Unicode ones (a quarter of a millisecond each to build, as much again to
// compile) are made at the first text that needs them.
const printableAscii = /^[\x20-\x7e]*$/;
let lineUnsafe: { readonly one: RegExp; readonly every: RegExp } | undefined;
const unicodePatterns = () => (lineUnsafe ??= { one: new RegExp(lineUnsafeSource, 'u'), every: new RegExp(lineUnsafeSource, 'gu') });

/** Whether `text` (a value, or a single character) holds one. */
export function hasLineUnsafeCharacter(text: string): boolean {
  return !printableAscii.test(text) && unicodePatterns().one.test(text);
}

/** `text` as one line: its lines joined by " | ", every other unsafe character a "?". */
export function asOneLine(text: string): string {
  const joined = text.split('\n').join(' | ');
  return printableAscii.test(joined) ? joined : joined.replace(unicodePatterns().every, '?');
}
