import type * as z from 'zod/mini';

/**
 * The environment contract, one entry per variable: its name, parser, requiredness, default,
 * guide text and old name. The settings loader parses by it and applies its defaults, the env
 * file reader knows its names by it, and a test holds the operator's guide's variable table to it.
 * Cross-checks between variables live in cross-checks.ts.
 */
export interface VariableSpec {
  readonly name: string;
  /** Takes the raw value (trimmed, never empty) to the typed one, or says what is wrong. */
  readonly schema: z.ZodMiniType<unknown, string>;
  /** `yes`, `no`, or `fabric`: at least one of FE_MACS / FE_PORT_NAMES (one, not both) and FABRIC_PEERS. */
  readonly required: 'yes' | 'no' | 'fabric';
  /** The default as a string exactly as it could be written in the environment, or a sentence. */
  readonly defaultText: string;
  /** The value applied when the variable is unset; undefined when the default is derived. */
  readonly defaultValue?: string;
  readonly meaning: string;
  /** The name the oldest FRR extension (seed 000) used for the same setting. */
  readonly legacyName?: string;
  /** A secret: never shown (error lines give its length), hidden in every output and file but frr.conf. */
  readonly secret?: boolean;
  /** This variable names a file whose content is that variable's value (Talos configFiles). */
  readonly fileFor?: string;
  /** This variable names a file of FRR config, appended to frr.conf (Talos configFiles). */
  readonly holdsConfig?: boolean;
}
