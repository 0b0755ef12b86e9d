import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shown } from '../config/shown.js';
import { ConfigError } from '../errors.js';
import { ancestors, writeableByOthers } from '../trusted-path.js';
import { templateNames } from './template-loader.js';

/**
 * Where the templates are: beside the bundle (dist/bundle/templates, and the extension's
 * rootfs), or at the top of the source tree when running from src/ with tsx. An explicit
 * directory (--templates, FRR_SUPERVISOR_TEMPLATES) wins, and only when it is safe: templates
 * are code (nunjucks compiles them to JavaScript, which runs as root), so the directory, its
 * templates and every directory above them must be root's (or this user's) and writeable by
 * nobody else, as OpenSSH asks of its keys.
 */
export function findTemplateDir(explicit?: string, source = '--templates or FRR_SUPERVISOR_TEMPLATES'): string {
  if (explicit) {
    const problem = templateDirProblem(explicit);
    if (problem) throw new ConfigError(`${source}=${shown(explicit)}: ${problem}`);
    return explicit;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'templates'), join(here, '..', '..', 'templates')];
  const found = candidates.find((dir) => existsSync(join(dir, 'frr.conf.njk')));
  if (!found) throw new Error(`templates not found in ${candidates.join(' or ')}`);
  return found;
}

function templateDirProblem(dir: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return 'no such directory; expected a directory holding frr.conf.njk, daemons.njk, vtysh.conf.njk and daemon-log.conf.njk';
  }
  const missing = templateNames.filter((name) => !existsSync(join(real, name)));
  if (missing.length > 0) return `${missing.join(', ')} missing; expected a copy of the shipped templates directory, edited`;
  for (const path of [...templateNames.map((name) => join(real, name)), ...ancestors(real)]) {
    const problem = writeableByOthers(path);
    if (problem) return `${path} ${problem}; templates run as root, so expected it root's and writeable by root alone (chown root, chmod go-w)`;
  }
  return undefined;
}
