import { describe, expect, it } from 'vitest';
import { asOneLine, hasLineUnsafeCharacter } from '../../src/one-line.js';

describe('the characters that break a line or pass for something else in one', () => {
  it.each([
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\x7fb'],
    ['NEL (a C1 control)', 'a\u0085b'],
    ['escape', 'a\x1b[31mb'],
    ['zero-width space', 'a\u200bb'],
    ['right-to-left override', 'a\u202eb'],
    ['byte order mark', '\ufeffa'],
    ['line separator', 'a\u2028b'],
    ['paragraph separator', 'a\u2029b'],
    ['a tag character (outside the BMP)', 'a\u{e0041}b'],
  ])('finds a %s', (_, text) => {
    expect(hasLineUnsafeCharacter(text)).toBe(true);
  });

  it.each([
    ['printable ASCII', 'neighbor 10.0.0.1 remote-as 65000 ~!@#$%^&*()'],
    ['empty', ''],
    ['letters beyond ASCII', 'Zürich 東京 café'],
    ['a space beyond ASCII', 'a\u00a0b'],
  ])('finds none in %s', (_, text) => {
    expect(hasLineUnsafeCharacter(text)).toBe(false);
  });

  it('makes one line: lines joined by " | ", any other such character a "?", the rest as it was', () => {
    expect(asOneLine('first\nsecond\u202ethird\ttab')).toBe('first | second?third?tab');
    expect(asOneLine('plain text')).toBe('plain text');
    expect(asOneLine('Zürich\n東京')).toBe('Zürich | 東京');
  });
});
