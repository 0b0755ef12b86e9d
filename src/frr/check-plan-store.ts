import { createHash, type Hash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MissingProgramError, OutputError, SystemError } from '../errors.js';
import { readRootOwnedFile, writeFileAtomic } from '../safe-files.js';
import { untrustedReason } from '../trusted-path.js';
import { learnCheckPlan, probedDaemons, probeFor, type CheckPlan } from './check-plan.js';
import type { FrrFacts } from './facts.js';

/**
 * Where a check plan (check-plan.ts) is kept, so that the probe's three FRR processes run once per
 * FRR, not once per start:
 *  - the image's: `frr-supervisor probe` learns it when the image is built, from the image's own
 *    FRR, and leaves it beside the bundle. A node's first start after a boot or an upgrade, which
 *    finds nothing remembered, takes it instead of probing (over a second of a start in UML). It
 *    is keyed by the content of the daemon programs: their place on disk differs between the build
 *    and a node.
 *  - the start's own: remembered in the config directory, keyed by each program's identity on
 *    disk, cheaper to compute than their content at every start.
 * Either is taken only from a root-owned file nobody else may write: the config directory is the
 * frr user's, and a plan decides which of FRR's checks run.
 */
export const checkPlanFileName = '.frr-supervisor-check-plan.json';
export const imageCheckPlanFileName = 'frr-check-plan.json';

/** Beside the bundle in the image (/usr/local/lib/frr-supervisor); beside this module from source, where there is none. */
export const imageCheckPlanPath = join(dirname(fileURLToPath(import.meta.url)), imageCheckPlanFileName);

export type CheckPlanSource = 'probe' | 'image' | 'earlier start';

export interface KeptCheckPlan extends CheckPlan {
  readonly source: CheckPlanSource;
  /** Keeps the plan in the config directory for the next start; call it once frr.conf is written there, so a start that refuses its settings changes nothing. */
  remember(): Promise<void>;
}

/** A plan under its key; the image's file holds one per set of daemons a node may run (BFD on, off). */
interface StoredPlan {
  readonly key?: string;
  readonly plan?: CheckPlan;
  readonly plans?: readonly StoredPlan[];
}

/**
 * The plan for this installation: the one remembered in `dir` when the probe and every program it
 * ran are the same as then (a new FRR, even one that calls itself by the same version, probes
 * again), else the image's when its programs' content is the same, else a fresh probe.
 */
export async function checkPlanOf(facts: FrrFacts, dir: string | undefined, imagePlan = imageCheckPlanPath): Promise<KeptCheckPlan> {
  const key = await installationKey(facts);
  const keep = (plan: CheckPlan) => (dir && key ? () => writeFileAtomic(join(dir, checkPlanFileName), `${JSON.stringify({ key, plan })}\n`, 0o600) : nothing);
  const remembered = dir && key ? await storedPlan(join(dir, checkPlanFileName), key) : undefined;
  if (remembered) return { ...remembered, source: 'earlier start', remember: nothing };
  const imageKey = key && !untrustedReason(imagePlan) ? await contentKey(facts) : undefined;
  const fromImage = imageKey ? await storedPlan(imagePlan, imageKey) : undefined;
  if (fromImage) return { ...fromImage, source: 'image', remember: keep(fromImage) };
  const plan = await learnCheckPlan(facts);
  return { ...plan, source: 'probe', remember: plan.settled ? keep(plan) : nothing };
}

/**
 * `frr-supervisor probe`: the plans of the FRR at hand, one for each set of daemons in `each`
 * (with bfdd and without), written to `out` for every start of this installation to take (the
 * image's build). Only verdicts that are FRR's own: a timeout or an exit code may be the building
 * machine's doing, and a plan from it would hold for every node.
 */
export async function writeImageCheckPlan(each: readonly FrrFacts[], out: string): Promise<CheckPlan[]> {
  const plans: { key: string; plan: CheckPlan }[] = [];
  for (const facts of each) {
    const key = await contentKey(facts);
    if (!key) throw new MissingProgramError(`cannot probe FRR: one of ${probedDaemons(facts).join(', ')} is missing from ${facts.binDir}`);
    const plan = await learnCheckPlan(facts);
    if (!plan.settled)
      throw new SystemError(`the probe's verdict is not FRR's own (a daemon timed out or failed to run): ${plan.notes.join('; ')}; run the probe again`);
    plans.push({ key, plan });
  }
  try {
    await writeFileAtomic(out, `${JSON.stringify({ plans })}\n`, 0o644);
  } catch (error) {
    throw new OutputError(`could not write ${out}: ${(error as Error).message}`, [], { cause: error });
  }
  return plans.map(({ plan }) => plan);
}

const nothing = async () => undefined;

/** The plan in root's file `path` under `key`, or undefined (none, not root's alone, unreadable, another key). */
async function storedPlan(path: string, key: string): Promise<CheckPlan | undefined> {
  try {
    const stored = JSON.parse(await readRootOwnedFile(path, 65_536)) as StoredPlan;
    return (stored.plans ?? [stored]).find((entry) => entry.key === key && entry.plan)?.plan;
  } catch {
    return undefined;
  }
}

/** The probe, the daemons asked, and the identity on disk of each of their programs; undefined when one is missing. */
async function installationKey(facts: FrrFacts): Promise<string | undefined> {
  return keyOf(facts, async (hash, program) => {
    const info = await stat(program).catch(() => undefined);
    if (!info) return false;
    hash.update(`${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`);
    return true;
  });
}

/** The probe, the daemons asked, and the content of each of their programs (the same in the image's build and on a node). */
async function contentKey(facts: FrrFacts): Promise<string | undefined> {
  return keyOf(facts, async (hash, program) => {
    const content = await readFile(program).catch(() => undefined);
    if (content) hash.update(content);
    return content !== undefined;
  });
}

async function keyOf(facts: FrrFacts, addProgram: (hash: Hash, program: string) => Promise<boolean>): Promise<string | undefined> {
  const daemons = probedDaemons(facts);
  const hash = createHash('sha256').update(probeFor(daemons).text);
  for (const daemon of daemons) {
    hash.update(`\0${daemon}:`);
    if (!(await addProgram(hash, join(facts.binDir, daemon)))) return undefined;
  }
  return hash.digest('hex');
}
