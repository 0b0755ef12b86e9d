/**
 * FRR's named objects as the supervisor names them ("route-map fabric-out"), and what an operator
 * may add to the supervisor's neighbors: shared by the extra config's word filter
 * (render/extra-config.ts) and FRR's own reading of it (frr/owned-changes.ts), so the two judge
 * the same objects by the same names. Pure.
 */

/** Neighbor options the operator may add to the supervisor's sessions: none changes who the peer is or what it gets. */
export const neighborAdditions = ['description', 'timers', 'advertisement-interval', 'bfd profile', 'bfd check-control-plane-failure'] as const;

/** "route-map NAME", "ip prefix-list NAME", ...: the named object a line defines or removes (`no ...`), if any. */
export function objectNamed(lineWords: readonly string[]): string | undefined {
  const words = lineWords[0] === 'no' ? lineWords.slice(1) : lineWords;
  const [first, second, third, fourth] = words;
  if (first === 'route-map' && second) return `route-map ${second}`;
  if ((first === 'ip' || first === 'ipv6') && second === 'prefix-list' && third) return `${first} prefix-list ${third}`;
  if (first === 'bgp' && second === 'as-path' && third === 'access-list' && fourth) return `bgp as-path access-list ${fourth}`;
  if (first === 'bgp' && (second === 'community-list' || second === 'large-community-list' || second === 'extcommunity-list')) {
    const name = third === 'standard' || third === 'expanded' ? fourth : third;
    return name ? `bgp ${second} ${name}` : undefined;
  }
  return undefined;
}
