import type { VariableSpec } from './variable-spec.js';
import {
  absolutePathSchema,
  booleanSchema,
  listenAddressSchema,
  logFormatSchema,
  passwordSchema,
  pollSecondsSchema,
  profileSchema,
  waitSecondsSchema,
} from './schema.js';
import { cidrListSchema, communityListSchema, maxPrefixesSchema, prependSchema } from './schema-routing.js';

/** The variables of how the node behaves: BFD, waits, drain, logs, and what the speaker and the fabric get. */
export const behaviourVariables = [
  {
    name: 'ENABLE_BFD',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'true',
    defaultValue: 'true',
    meaning: 'BFD on the fabric sessions, and bfdd in `daemons` (true/false, yes/no, on/off, 1/0)',
  },
  {
    name: 'FE_WAIT_SECONDS',
    schema: waitSecondsSchema,
    required: 'no',
    defaultText: '60',
    defaultValue: '60',
    meaning: 'how long `setup` and `run` wait at start for fabric interfaces that are not there yet (0: no wait)',
  },
  {
    name: 'FRR_PROFILE',
    schema: profileSchema,
    required: 'no',
    defaultText: 'datacenter',
    defaultValue: 'datacenter',
    meaning: '`frr defaults` profile: datacenter or traditional',
  },
  {
    name: 'BGP_GRACEFUL_SHUTDOWN',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'false',
    defaultValue: 'false',
    meaning: 'drain: advertise every route with the GRACEFUL_SHUTDOWN community (RFC 8326), applied at run time, never saved in frr.conf',
  },
  {
    name: 'LOG_FORMAT',
    schema: logFormatSchema,
    required: 'no',
    defaultText: 'text',
    defaultValue: 'text',
    meaning: "the supervisor's output: text (one readable line per event) or json",
  },
  {
    name: 'SESSION_POLL_SECONDS',
    schema: pollSecondsSchema,
    required: 'no',
    defaultText: '5',
    defaultValue: '5',
    meaning: 'how often `run` asks FRR for BGP and BFD session state (1..300)',
  },
  {
    name: 'METRICS_ADDRESS',
    schema: listenAddressSchema,
    required: 'no',
    defaultText: 'unset: no metrics',
    meaning: 'where `run` serves Prometheus metrics (GET /metrics): an address of this node and a port, e.g. 127.0.0.1:9342',
  },
  {
    name: 'SPEAKER_ALLOWED_PREFIXES',
    schema: cidrListSchema,
    required: 'no',
    defaultText: 'any prefix the speaker policy allows',
    meaning:
      'comma-separated CIDRs (the LoadBalancer pools, /16 or longer for IPv4, /48 for IPv6): the only prefixes the in-cluster speaker may announce; a family with none listed is refused whole',
    legacyName: 'CILIUM_ALLOWED_PREFIXES',
  },
  {
    name: 'SPEAKER_MAX_PREFIXES',
    schema: maxPrefixesSchema,
    required: 'no',
    defaultText: '1000',
    defaultValue: '1000',
    meaning:
      'most prefixes the speaker may announce per address family, those the policy refuses included: a warning at 80 %, and past it FRR ends the session and takes it back after 5 minutes (1..1000000)',
  },
  {
    name: 'FABRIC_COMMUNITIES',
    schema: communityListSchema,
    required: 'no',
    defaultText: '-',
    meaning:
      'communities added to every route this node advertises to the fabric: standard ASN:VALUE and large A:B:C, comma-separated (not the well-known 65535:x)',
  },
  {
    name: 'FABRIC_LB_COMMUNITIES',
    schema: communityListSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'communities added only to the LoadBalancer routes (those from the speaker), besides FABRIC_COMMUNITIES',
  },
  {
    name: 'FABRIC_AS_PATH_PREPEND',
    schema: prependSchema,
    required: 'no',
    defaultText: '0',
    defaultValue: '0',
    meaning: 'how often ASN_LOCAL is prepended to every route toward the fabric (0..10): the leaves then prefer other nodes for the same prefix',
  },
  {
    name: 'FABRIC_PASSWORD',
    schema: passwordSchema,
    required: 'no',
    defaultText: '-',
    meaning: 'TCP MD5 password of every fabric session (RFC 2385), set the same on the leaves; never shown or logged, frr.conf then readable by root only',
    secret: true,
  },
  {
    name: 'FABRIC_PASSWORD_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning:
      "instead of FABRIC_PASSWORD: a file holding it (one line), root's and writable by root only, e.g. mounted with the ExtensionServiceConfig's configFiles",
    fileFor: 'FABRIC_PASSWORD',
  },
  {
    name: 'SPEAKER_PASSWORD',
    schema: passwordSchema,
    required: 'no',
    defaultText: '-',
    meaning: "TCP MD5 password of the speaker's session (RFC 2385), set the same on the speaker; never shown or logged, frr.conf then readable by root only",
    secret: true,
  },
  {
    name: 'SPEAKER_PASSWORD_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning:
      "instead of SPEAKER_PASSWORD: a file holding it (one line), root's and writable by root only, e.g. mounted with the ExtensionServiceConfig's configFiles",
    fileFor: 'SPEAKER_PASSWORD',
  },
  {
    name: 'SPEAKER_TTL_SECURITY',
    schema: booleanSchema,
    required: 'no',
    defaultText: 'false',
    defaultValue: 'false',
    meaning: "GTSM on the speaker's session (RFC 5082): FRR takes its packets only with TTL 255, i.e. from the veth itself; the speaker must send TTL 255",
  },
] as const satisfies readonly VariableSpec[];
