import type { HostRule } from '../links.js';

/** As `ip rule` would print it, with the family in front. */
export function describeRuleText(rule: HostRule): string {
  return `${rule.family} ${rule.priority}: from all lookup ${rule.l3mdev ? '[l3mdev-table]' : rule.table}`;
}
