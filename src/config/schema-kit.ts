// zod's mini API, not its classic one: every schema of the classic API gets some fifty methods
// as closures when it is made, which was a tenth of `render`'s time on Node 24. A namespace
// import lets esbuild leave out the parts never used.
import * as z from 'zod/mini';

/**
 * What every variable's schema is built from. A schema takes the raw string (already trimmed,
 * never empty) and produces the typed value. Messages read "<what is wrong>; expected <what
 * would be right>": the error formatter puts the variable's name and value in front.
 */

export const problem = (wrong: string, expected: string) => `${wrong}; expected ${expected}`;

/** What a variable's parser reports a problem with: the message, "<what is wrong>; expected ...". */
export type Report = (message: string) => void;

/**
 * A variable's schema: its raw string through `parse`, which reports each problem (and may go on
 * to find more) and returns the typed value, or z.NEVER once it cannot.
 */
export function parsed<T>(parse: (text: string, report: Report) => T) {
  return z.pipe(
    z.string(),
    z.transform((text: string, ctx) => parse(text, (message) => ctx.issues.push({ code: 'custom', message, input: text }))),
  );
}

/** A string schema that only checks: `check` reports each problem. */
export function checked(check: (text: string, report: Report) => void) {
  return z.string().check(z.superRefine((text: string, ctx) => check(text, (message) => ctx.addIssue({ code: 'custom', message }))));
}

/**
 * `text` as a whole number from min to max, or undefined: decimal digits only (no sign, no
 * exponent, no blanks), and never more digits than max has, so a million zeros is not a 0.
 */
export function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text) || text.length > String(max).length) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** A whole number from min to max; anything else is `wrong` and wants `expected`. */
export const wholeNumberSchema = (min: number, max: number, wrong: string, expected: string) =>
  parsed((text, report) => {
    const value = wholeNumberIn(text, min, max);
    if (value === undefined) {
      report(problem(wrong, expected));
      return z.NEVER;
    }
    return value;
  });
/**
 * The most items each list may hold: within what FRR checks and starts in the start budget, and
 * short enough that every line rendered from a list stays far inside the 4,095 bytes FRR reads
 * a config line in (test/golden/list-limits.test.ts renders and checks each list at its most).
 * Real nodes have a handful of each.
 */
export const listLimits = { ports: 64, fabricPeers: 64, sourceAddresses: 2, allowedPrefixes: 256, communities: 32 } as const;

/**
 * Splits a comma-separated list; blanks around commas are forgiven, empty items are not. A list
 * longer than `most` is reported, and none of its items looked at.
 */
export function listItems(text: string, most: number, report: Report): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.length <= most) return items;
  report(problem(`${items.length} items`, `at most ${most}`));
  return [];
}

export function duplicatesIn(items: readonly string[]): string[] {
  return [...new Set(items.filter((item, i) => items.indexOf(item) !== i))];
}

/** One of `values`, in any case, as written there; anything else is `wrong` and wants `expected`. */
export function oneOf<const T extends string>(values: readonly T[], wrong: string, expected: string) {
  return parsed((text, report): T => {
    const value = values.find((candidate) => candidate === text.toLowerCase());
    if (value === undefined) {
      report(problem(wrong, expected));
      return z.NEVER;
    }
    return value;
  });
}
