import type { DesiredKernelState } from '../desired-state.js';
import type { ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './action.js';

/** The sysctls the legs need (desired-state.ts says which and why), written where they differ. */
export function planSysctls(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions = desired.sysctls
    .filter((want) => observed.sysctls.get(want.key) !== want.value)
    .map((want) => setSysctl(want.key, want.value, observed.sysctls.get(want.key), want.why));
  return { step: 'sysctls', subject: desired.sysctls.map((s) => `${s.key.replaceAll('/', '.')}=${s.value}`).join(', ') || 'none needed', actions };
}

function setSysctl(key: string, value: string, from: string | undefined, why: string): Action {
  return {
    description: `set ${key.replaceAll('/', '.')}=${value} (was ${from ?? 'unset'}: ${why})`,
    effect: 'changes',
    changesLinks: false,
    simulate: (state) => ({ ...state, sysctls: new Map([...state.sysctls, [key, value]]) }),
    execute: (kernel) => kernel.sysctl.write(key, value),
  };
}
