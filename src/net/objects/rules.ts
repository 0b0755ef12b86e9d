import type { DesiredKernelState } from '../desired-state.js';
import { ruleText, type HostRule } from '../links.js';
import type { ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './action.js';

/** Each rule present exactly once: missing ones added, duplicates (from any earlier run) removed. */
export function planRules(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions: Action[] = [];
  for (const rule of desired.rules) {
    const copies = observed.rules.filter((r) => sameRule(r, rule) && (rule.l3mdev || r.table === rule.table));
    if (copies.length === 0) actions.push(addRule(rule));
    for (let extra = 1; extra < copies.length; extra += 1) actions.push(deleteRule(rule, 'duplicate'));
  }
  return { step: 'rules', subject: desired.rules.map(ruleText).join(', '), actions };
}

function sameRule(a: HostRule, b: HostRule): boolean {
  return a.family === b.family && a.priority === b.priority && a.l3mdev === b.l3mdev;
}

function addRule(rule: HostRule): Action {
  return {
    description: `add rule ${ruleText(rule)}`,
    effect: 'adds',
    changesLinks: false,
    simulate: (state) => ({ ...state, rules: [...state.rules, rule] }),
    execute: (kernel) => kernel.rtnl.addRule(rule),
  };
}

function deleteRule(rule: HostRule, why: string): Action {
  return {
    description: `delete rule ${ruleText(rule)} (${why})`,
    effect: 'changes',
    changesLinks: false,
    simulate(state) {
      const i = state.rules.findIndex((r) => sameRule(r, rule));
      return { ...state, rules: state.rules.filter((_, j) => j !== i) };
    },
    execute: (kernel) => kernel.rtnl.deleteRule(rule),
  };
}
