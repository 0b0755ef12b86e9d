import type { DesiredKernelState } from './desired-state.js';
import { observe, type Kernel } from './kernel.js';
import { outcomeOf, planKernelState, planners, type StepPlan } from './plan.js';

export interface StepReport {
  readonly plan: StepPlan;
  readonly outcome: ReturnType<typeof outcomeOf>;
}

/**
 * Brings the kernel to `desired`. The whole plan first, for its conflicts only: a VRF with
 * another table stops everything before the first change. Then step by step, each step planned
 * against a fresh look at the kernel (not the prediction), acted on and reported through
 * `onStep`, so a run killed at any point is simply finished by the next one.
 */
export async function applyKernelState(desired: DesiredKernelState, kernel: Kernel, onStep: (report: StepReport) => void): Promise<StepReport[]> {
  const first = await observe(kernel, desired);
  planKernelState(desired, first);
  const reports: StepReport[] = [];
  for (const [i, planner] of planners.entries()) {
    // The first step plans on the look the whole plan was checked against: nothing changed since.
    const observed = i === 0 ? first : await observe(kernel, desired);
    const plan = planner(desired, observed);
    let state = observed;
    for (const action of plan.actions) {
      await action.execute(kernel, state);
      // Later actions of the step refer to links the earlier ones may have created.
      if (action.changesLinks) state = await observe(kernel, desired);
    }
    const report = { plan, outcome: outcomeOf(plan) };
    onStep(report);
    reports.push(report);
  }
  return reports;
}
