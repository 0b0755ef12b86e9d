// The baseline's jinja2 template for one node's settings (template.ts), for the lab, where the
// baseline entrypoint runs in the node's container beside the supervisor (lab/rack.sh):
//   node dist/lab/baseline-template.mjs ENV_FILE     prints the template
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile } from '../../src/config/env-file.js';
import { baselineTemplate } from './template.js';

const [envFile] = process.argv.slice(2);
if (!envFile) throw new Error('usage: baseline-template ENV_FILE');
// It throws on a malformed file, naming the line.
const parsed = parseEnvFile(readFileSync(envFile, 'utf8'), envFile);
// The checkout: two levels up from here, and from the bundle in dist/lab alike.
process.stdout.write(baselineTemplate(join(import.meta.dirname, '..', '..'), parsed.values));
