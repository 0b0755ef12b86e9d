import type { DesiredKernelState } from '../desired-state.js';
import type { ObservedState } from '../observed-state.js';
import type { Action, StepPlan } from './actions.js';

export function planSysctls(desired: DesiredKernelState, observed: ObservedState): StepPlan {
  const actions: Action[] = desired.sysctls
    .filter((want) => observed.sysctls.get(want.key) !== want.value)
    .map((want) => ({ op: 'set-sysctl', key: want.key, value: want.value, from: observed.sysctls.get(want.key), why: want.why }));
  return { step: 'sysctls', subject: desired.sysctls.map((s) => `${s.key.replaceAll('/', '.')}=${s.value}`).join(', ') || 'none needed', actions };
}
