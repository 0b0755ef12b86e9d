import type * as z from 'zod/mini';
import { behaviourVariables } from './variables-behaviour.js';
import { frrVariables } from './variables-frr.js';
import { networkVariables } from './variables-network.js';
import type { VariableSpec } from './variable-spec.js';

/** Every variable of the contract, in its order (the operator's guide's table, the error lines). */
export const variables = [...networkVariables, ...behaviourVariables, ...frrVariables] as const satisfies readonly VariableSpec[];

export type VariableName = (typeof variables)[number]['name'];

/** Each variable's typed value, as its schema gives it. */
export type VariableValues = { [V in (typeof variables)[number] as V['name']]: z.output<V['schema']> };

export const variableNames: readonly VariableName[] = variables.map((v) => v.name);

/** Old name -> current name, from the oldest seed's variable names. */
export const legacyAliases: ReadonlyMap<string, VariableName> = new Map(
  variables.flatMap((v: VariableSpec) => (v.legacyName ? [[v.legacyName, v.name as VariableName] as const] : [])),
);
