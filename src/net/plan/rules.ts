import type { DesiredKernelState } from '../desired-state.js';
import type { ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';
import { ruleText } from '../links.js';

/** Each rule present exactly once: missing ones added, duplicates (from any earlier run) removed. */
export function planRules(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions: Action[] = [];
  for (const rule of desired.rules) {
    const copies = observed.rules.filter((r) => r.family === rule.family && r.priority === rule.priority && r.l3mdev === rule.l3mdev && (rule.l3mdev || r.table === rule.table));
    if (copies.length === 0) actions.push({ op: 'add-rule', rule });
    for (let extra = 1; extra < copies.length; extra += 1) actions.push({ op: 'delete-rule', rule, why: 'duplicate' });
  }
  return { step: 'rules', subject: desired.rules.map(ruleText).join(', '), actions };
}
