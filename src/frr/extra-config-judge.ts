import { shown } from '../config/shown.js';
import { hideSecrets } from '../secrets.js';
import type { FrrFacts } from './facts.js';
import { neighborAdditions } from '../config/frr-objects.js';
import { ownedChanges } from './owned-changes.js';
import { runningConfigsInSandbox, SandboxError } from './sandbox.js';

/** The operator's extra config, and the supervisor's config it is appended to. */
export interface ExtraConfigToJudge {
  /** frr.conf as rendered, without the extra config. */
  readonly base: string;
  readonly text: string;
  readonly path: string;
  /** Kept out of every complaint, whole or in part. */
  readonly secrets: readonly string[];
}

/**
 * FRR's verdict on FRR_EXTRA_CONFIG_FILE: the supervisor's config and then the extra config are
 * applied in a throwaway FRR (sandbox.ts), and what FRR made of the supervisor's objects before
 * and after is compared (owned-changes.ts). Abbreviations, spellings and blanks are FRR's to
 * read, so the comparison is exact whatever the operator wrote. Only when something changed does
 * a second run apply the file line by line, to name the line that did. Complaints, none when the
 * file changes nothing of the supervisor's.
 */
export async function judgeExtraConfig(facts: FrrFacts, extra: ExtraConfigToJudge): Promise<string[]> {
  const where = `FRR_EXTRA_CONFIG_FILE=${shown(extra.path)}`;
  try {
    const [base = '', after = ''] = await runningConfigsInSandbox(facts, [extra.base, extra.text]);
    if (ownedChanges(base, after).length === 0) return [];
    return (await lineByLine(facts, extra)).map((complaint) => `${where}: ${complaint}`);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    return [`${where}: not judged, so refused: ${error.message}; run as root where unshare and mount work (the extension's container does)`];
  }
}

/** Each line that first changes one of the supervisor's objects, as FRR reads the file up to it (a fresh FRR). */
async function lineByLine(facts: FrrFacts, extra: ExtraConfigToJudge): Promise<string[]> {
  const lines = extra.text.split('\n');
  const meaningful = lines.flatMap((line, i) => (line.trim() === '' || /^\s*[!#]/.test(line) ? [] : [i]));
  const prefixes = meaningful.map((i) => `${lines.slice(0, i + 1).join('\n')}\n`);
  const [base = '', ...afterEach] = await runningConfigsInSandbox(facts, [extra.base, ...prefixes]);
  const named = new Set<string>();
  const complaints: string[] = [];
  afterEach.forEach((after, k) => {
    const fresh = ownedChanges(base, after).filter((change) => !named.has(change));
    if (fresh.length === 0) return;
    for (const change of fresh) named.add(change);
    const i = meaningful[k] ?? 0;
    // Secrets out before the cut: a cut secret no longer matches the whole one the output hides.
    complaints.push(
      `line ${i + 1} ${shown(hideSecrets(lines[i]?.trim() ?? '', extra.secrets), 100)} changes the supervisor's ${fresh.join(', ')} as FRR reads it; expected objects of your own, or only ${neighborAdditions.join(', ')} on its neighbors`,
    );
  });
  return complaints.length > 0 ? complaints : ['the file as a whole changes what the supervisor owns, though no line does alone'];
}
