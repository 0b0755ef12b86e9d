import { ruleText, type HostRule } from '../links.js';

/** One change to the kernel. Links are named: the executor looks up their index when it acts. */
export type Action =
  | { readonly op: 'create-vrf'; readonly name: string; readonly table: number }
  | { readonly op: 'create-veth'; readonly name: string; readonly peer: string }
  | { readonly op: 'delete-link'; readonly name: string; readonly why: string }
  | { readonly op: 'set-master'; readonly link: string; readonly master: string }
  | { readonly op: 'set-mtu'; readonly link: string; readonly mtu: number; readonly from: number }
  | { readonly op: 'set-up'; readonly link: string }
  | { readonly op: 'add-address'; readonly link: string; readonly address: string; readonly prefixLength: number }
  | { readonly op: 'delete-address'; readonly link: string; readonly address: string; readonly prefixLength: number; readonly why: string }
  | { readonly op: 'add-rule'; readonly rule: HostRule }
  | { readonly op: 'delete-rule'; readonly rule: HostRule; readonly why: string }
  | { readonly op: 'set-sysctl'; readonly key: string; readonly value: string; readonly from: string | undefined; readonly why: string };

export type Outcome = 'created' | 'updated' | 'unchanged';

export type StepName = 'vrf' | 'veth' | 'mtu' | 'addresses' | 'links-up' | 'rules' | 'sysctls';

export interface StepPlan {
  readonly step: StepName;
  /** What the step is about, for the log: "VRF metallb (table 88)". */
  readonly subject: string;
  readonly actions: readonly Action[];
}

/** created: the object was made (or replaced); updated: an existing one was changed. */
export function outcomeOf(plan: StepPlan): Outcome {
  if (plan.actions.length === 0) return 'unchanged';
  const makes = plan.actions.some((action) => action.op === 'create-vrf' || action.op === 'create-veth');
  const onlyAdds = plan.actions.every((action) => action.op === 'add-address' || action.op === 'add-rule');
  return makes || onlyAdds ? 'created' : 'updated';
}

export function describeAction(action: Action): string {
  switch (action.op) {
    case 'create-vrf':
      return `create VRF ${action.name} (table ${action.table})`;
    case 'create-veth':
      return `create veth pair ${action.name} / ${action.peer}`;
    case 'delete-link':
      return `delete link ${action.name} (${action.why})`;
    case 'set-master':
      return `enslave ${action.link} to ${action.master}`;
    case 'set-mtu':
      return `set MTU of ${action.link} to ${action.mtu} (was ${action.from})`;
    case 'set-up':
      return `set ${action.link} up`;
    case 'add-address':
      return `add ${action.address}/${action.prefixLength} to ${action.link}`;
    case 'delete-address':
      return `remove ${action.address}/${action.prefixLength} from ${action.link} (${action.why})`;
    case 'add-rule':
      return `add rule ${ruleText(action.rule)}`;
    case 'delete-rule':
      return `delete rule ${ruleText(action.rule)} (${action.why})`;
    case 'set-sysctl':
      return `set ${action.key.replaceAll('/', '.')}=${action.value} (was ${action.from ?? 'unset'}: ${action.why})`;
  }
}
