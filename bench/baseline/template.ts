// The baseline's jinja2 template is frr-supervisor's own frr.conf template, so both render the
// same config: the seed's variables file (ports, NODE_IP, ...) is mapped onto the names the
// template uses by a header of `set` statements on its first line. nunjucks is jinja2's syntax;
// the template uses nothing jinja2 lacks. The speaker policy, which the bash entrypoints never
// had, is the supervisor's own for the same settings, given to jinja2 as a literal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Environment } from '../../src/config/settings.js';
import { buildView } from '../../src/render/view.js';

const header = [
  'profile = FRR_PROFILE',
  'routerId = NODE_IP',
  'asnLocal = ASN_LOCAL',
  'asnVrfMetallb = ASN_VRF_METALLB',
  'asnMetallbSpeaker = ASN_METALLB_SPEAKER',
  'vrf = VRF_METALLB',
  'fabricInterfaces = ports',
  "bfd = ENABLE_BFD == 'true'",
  'metallbPeer = PEER_IP_METALLB',
  "metallbPeerIsIpv6 = ':' in PEER_IP_FRR",
  "ownAddressInterfaces = ['lo', 'dummy0', 'dummy1']",
]
  .map((assignment) => `{% set ${assignment} %}`)
  .join('');

export function baselineTemplate(root: string, settings: Environment): string {
  const view = buildView(loadSettings(settings).settings, []);
  // What the bash entrypoints never had, as the supervisor's view has it for the same settings.
  const given = (['speaker', 'fabricPassword', 'fabricExport', 'fabricPeerGroups', 'numbered', 'speakerEndOfRibWaitSeconds'] as const)
    .map((name) => `{% set ${name} = ${jinjaLiteral(view[name])} %}`)
    .join('');
  return `${header}${given}${readFileSync(join(root, 'templates', 'frr.conf.njk'), 'utf8')}`;
}

/**
 * A value as a jinja2 literal: JSON's, but `none` for what is unset (j2 fails on an undefined
 * name or key, where nunjucks's view simply lacks it).
 */
function jinjaLiteral(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (Array.isArray(value)) return `[${value.map(jinjaLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}: ${jinjaLiteral(inner)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}
