/**
 * bldr-style `{{ .NAME }}` substitution of vars.yaml into manifest.yaml.tmpl, resolving vars that
 * refer to other vars. An unknown name is an error, never an empty string.
 */
export function resolveVars(vars: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = {};
  const resolve = (name: string, seen: readonly string[]): string => {
    if (resolved[name] !== undefined) return resolved[name];
    if (seen.includes(name)) throw new Error(`vars.yaml: ${[...seen, name].join(' -> ')} refers to itself`);
    const value = vars[name];
    if (value === undefined) throw new Error(`vars.yaml has no ${name}`);
    resolved[name] = value.replace(/\{\{ *\.(\w+) *\}\}/g, (_, inner: string) => resolve(inner, [...seen, name]));
    return resolved[name];
  };
  for (const name of Object.keys(vars)) resolve(name, []);
  return resolved;
}

export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{ *\.(\w+) *\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`the template uses {{ .${name} }}, which vars.yaml does not define`);
    return value;
  });
}
