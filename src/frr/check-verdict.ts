import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRootOwnedFile, writeFileAtomic } from '../safe-files.js';
import type { CheckPlan } from './check-plan.js';
import type { ExtraConfigToJudge } from './extra-config-judge.js';
import { checkWithFrr, frrPrograms, type FrrCheckResult } from './check.js';
import type { FrrFacts } from './facts.js';

/**
 * FRR's check costs four FRR processes at every start (0.1-0.2 s on a server, over 1 s in
 * User-Mode Linux), yet most starts are restarts with nothing changed: Talos restarts a failed
 * service every 5 s, and the config and FRR's binaries are the same each time. Its verdict is
 * a pure function of the config text, how it was checked and the FRR programs, so it is kept
 * beside frr.conf under a key of all three, and a start whose key matches, with the same frr.conf
 * still in place, reuses it. Any change (a setting, FRR upgraded, frr.conf edited by hand) makes
 * a new key and the check runs again.
 */
export const verdictFileName = '.frr-supervisor-accepted.json';

interface StoredVerdict {
  readonly key: string;
  readonly complaints: readonly string[];
}

/**
 * The key: frr.conf, how it was checked (FRR's version, the daemons, the rule), and the identity
 * (size, mtime) of each FRR program; undefined when a program is missing (the check says which).
 */
export async function verdictKey(frrConf: string, facts: FrrFacts, plan: CheckPlan): Promise<string | undefined> {
  const hash = createHash('sha256')
    .update(frrConf)
    .update(`\0${facts.version.text}\0${plan.daemons.join(',')}\0${plan.ownership}`);
  for (const program of frrPrograms(facts, plan)) {
    const info = await stat(program).catch(() => undefined);
    if (!info) return undefined;
    hash.update(`\0${program}:${info.size}:${info.mtimeMs}`);
  }
  return hash.digest('hex');
}

/**
 * FRR's verdict on frr.conf: the remembered one when this exact check passed before, else a
 * fresh check. `remember` records an accepted fresh verdict; call it once frr.conf is written.
 */
export async function checkUnlessAcceptedBefore(
  configDir: string,
  frrConf: string,
  facts: FrrFacts,
  plan: CheckPlan,
  extra?: ExtraConfigToJudge,
): Promise<{ result: FrrCheckResult; reused: boolean; remember: () => Promise<void> }> {
  const key = await verdictKey(frrConf, facts, plan);
  const earlier = key ? await acceptedBefore(configDir, key, frrConf) : undefined;
  if (earlier) return { result: earlier, reused: true, remember: async () => undefined };
  const result = await checkWithFrr(frrConf, facts, plan, extra);
  return { result, reused: false, remember: async () => (key && result.ok ? rememberAccepted(configDir, key, result) : undefined) };
}

/** The verdict of an earlier accepted check of the same key, when frr.conf on disk is still that text. */
export async function acceptedBefore(configDir: string, key: string, frrConf: string): Promise<FrrCheckResult | undefined> {
  try {
    // Root's own file only: the directory is the frr user's, who could plant an "accepted".
    const stored = JSON.parse(await readRootOwnedFile(join(configDir, verdictFileName), 1 << 20)) as StoredVerdict;
    if (stored.key !== key) return undefined;
    if ((await readRootOwnedFile(join(configDir, 'frr.conf'), 1 << 24)) !== frrConf) return undefined;
    return { ok: true, complaints: stored.complaints };
  } catch {
    // None yet, unreadable or from another version: check again.
    return undefined;
  }
}

/** Records an accepted check; written after frr.conf, through a rename, so it never outlives it. */
export async function rememberAccepted(configDir: string, key: string, result: FrrCheckResult): Promise<void> {
  await writeFileAtomic(join(configDir, verdictFileName), `${JSON.stringify({ key, complaints: result.complaints } satisfies StoredVerdict)}\n`, 0o600);
}
