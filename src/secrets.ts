/**
 * Secrets (session passwords) are in frr.conf and nowhere else: every line the program prints
 * and every other file it writes (the status file) passes through `hideSecrets`. The settings
 * keep secrets to characters JSON and the log formats print as they are (schema.ts), so a
 * plain search finds each one wherever it went.
 */
export const hiddenText = '(hidden)';

/**
 * A message may cut a value to a readable length (shown()), and a cut secret no longer matches
 * the whole one: after the whole secrets, every piece of this many characters of one is hidden
 * too, leftmost first, so that no output holds more than a few characters of a secret in a row.
 */
export const hiddenPiece = 8;

export function hideSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.replaceAll(secret, hiddenText);
  for (const secret of secrets) {
    for (let start = 0; start + hiddenPiece <= secret.length; start += 1) {
      const piece = secret.slice(start, start + hiddenPiece);
      if (result.includes(piece)) result = result.replaceAll(piece, hiddenText);
    }
  }
  return result;
}

/** The secrets seen so far, and output text with them hidden: one per process (process-main.ts). */
export interface Redactor {
  hide(secret: string): void;
  redact(text: string): string;
}

export function createRedactor(): Redactor {
  const secrets: string[] = [];
  return {
    hide(secret) {
      // Longest first, so that a secret inside another is never left half shown.
      if (secret && !secrets.includes(secret)) secrets.push(secret);
      secrets.sort((a, b) => b.length - a.length);
    },
    redact: (text) => hideSecrets(text, secrets),
  };
}
