import { shown } from './shown.js';
import { variables, type VariableName } from './variables.js';
import type { VariableSpec } from './variable-spec.js';

/** Where a variable's value came from, for the error line. */
type Origin = 'set' | 'default' | { readonly legacy: string } | { readonly file: string };

/** A variable's value as read, before its schema parsed it, and where it came from. */
export interface RawValue {
  readonly text: string;
  readonly origin: Origin;
}

/** Collects problems and prints one line per variable, in the contract's order. */
export class Problems {
  private readonly byName = new Map<VariableName, { value: RawValue | undefined; messages: string[] }>();

  add(name: VariableName, value: RawValue | undefined, message: string): void {
    const entry = this.byName.get(name) ?? { value, messages: [] };
    entry.messages.push(message);
    this.byName.set(name, entry);
  }

  has(name: VariableName): boolean {
    return this.byName.has(name);
  }

  get size(): number {
    return this.byName.size;
  }

  lines(): string[] {
    return variables
      .filter((spec) => this.byName.has(spec.name))
      .map((spec) => {
        const { value, messages } = this.byName.get(spec.name) ?? { value: undefined, messages: [] };
        return `${describe(spec, value)}: ${messages.join('; and ')}`;
      });
  }
}

function describe(spec: VariableSpec, value: RawValue | undefined): string {
  const { name } = spec;
  if (!value) return `${name} (unset)`;
  const text = spec.secret ? `${name}=(hidden, ${[...value.text].length} characters)` : `${name}=${shown(value.text)}`;
  if (value.origin === 'default') return `${text} (default)`;
  if (value.origin === 'set') return text;
  return `${text} (from ${'legacy' in value.origin ? value.origin.legacy : value.origin.file})`;
}
