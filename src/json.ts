/** A JSON object as FRR's and Talos's documents give them: read field by field, trusting none. */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
