import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the templates are: beside the bundle (dist/bundle/templates, and the extension's
 * rootfs), or at the top of the source tree when running from src/ with tsx. An explicit
 * directory (--templates, FRR_SUPERVISOR_TEMPLATES) wins.
 */
export function findTemplateDir(explicit?: string): string {
  if (explicit) return explicit;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'templates'), join(here, '..', '..', 'templates')];
  const found = candidates.find((dir) => existsSync(join(dir, 'frr.conf.njk')));
  if (!found) throw new Error(`templates not found in ${candidates.join(' or ')}`);
  return found;
}
