/**
 * Splits text holding several JSON documents one after the other, as vtysh prints them for
 * several `-c` commands in one call, into the parsed documents. One vtysh per poll instead of
 * one per command: each vtysh start is a fork, an exec and a connection to every daemon.
 */
export function parseJsonDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth < 0) throw new Error(`unbalanced JSON at offset ${i}`);
      if (depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0 && c !== undefined && !/\s/.test(c)) {
      // vtysh's own complaints ("% bfdd is not running") are not JSON: say what came instead.
      throw new Error(`not JSON: ${text.slice(i, i + 80).split('\n')[0]}`);
    }
  }
  if (depth !== 0) throw new Error('JSON document cut short');
  return documents;
}
