import { realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why root must not trust what is at `path` (a file or directory it will run as code), or
 * undefined: it and every directory above it must be root's (or this user's) and writeable by
 * nobody else, as OpenSSH asks of its keys. Links are resolved first, so a link is judged by
 * where it leads and by every directory on the way there.
 */
export function untrustedReason(path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return 'does not exist';
  }
  for (const each of ancestors(real)) {
    const problem = writeableByOthers(each);
    if (problem) return `${each} ${problem}`;
  }
  return undefined;
}

/** `dir` and every directory above it, up to /. */
export function ancestors(dir: string): string[] {
  const all = [dir];
  while (dirname(all[all.length - 1] ?? '/') !== all[all.length - 1]) all.push(dirname(all[all.length - 1] ?? '/'));
  return all;
}

export function writeableByOthers(path: string): string | undefined {
  const st = statSync(path);
  const uid = process.getuid?.() ?? 0;
  if (st.uid !== 0 && st.uid !== uid) return `belongs to uid ${st.uid}`;
  // A sticky directory (/tmp) lets nobody replace what is not theirs.
  const sticky = st.isDirectory() && (st.mode & 0o1000) !== 0;
  if ((st.mode & 0o022) !== 0 && !sticky) return 'is writeable by its group or by others';
  return undefined;
}
