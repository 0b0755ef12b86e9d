import type { VariableSpec } from './variable-spec.js';
import { absolutePathSchema, interfaceNameSchema, startCommandSchema } from './schema.js';

/** The variables of where FRR is and how it starts, and the extra config handed to it. */
export const frrVariables = [
  {
    name: 'FRR_EXTRA_CONFIG_FILE',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '-',
    meaning:
      "a file of FRR config appended to frr.conf and checked by FRR with it, root's and writable by root only (e.g. from configFiles); a line that changes what the supervisor owns, as FRR reads it, is refused, naming the line",
    holdsConfig: true,
  },
  {
    name: 'FRR_PATHSPACE',
    schema: interfaceNameSchema,
    required: 'no',
    defaultText: '-',
    meaning: "FRR's -N pathspace: config in FRR_CONFIG_DIR/NAME, sockets in FRR_RUN_DIR/NAME (several FRRs on one host, as in the lab)",
  },
  {
    name: 'FRR_CONFIG_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/etc/frr',
    defaultValue: '/etc/frr',
    meaning: 'where `run` writes frr.conf, daemons, vtysh.conf and daemon-log.conf',
  },
  {
    name: 'FRR_RUN_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/var/run/frr',
    defaultValue: '/var/run/frr',
    meaning: "FRR's pid files and sockets; also the daemons' log file and the status file",
  },
  {
    name: 'FRR_BIN_DIR',
    schema: absolutePathSchema,
    required: 'no',
    defaultText: '/usr/lib/frr',
    defaultValue: '/usr/lib/frr',
    meaning: "where FRR's daemons, watchfrr and frrcommon.sh are",
  },
  {
    name: 'FRR_START_COMMAND',
    schema: startCommandSchema,
    required: 'no',
    defaultText: "this project's start script: each enabled daemon once (FRR_BIN_DIR/frrcommon.sh), frr.conf applied with vtysh -b, then watchfrr",
    meaning: 'the command that starts FRR, words separated by spaces (no shell)',
  },
] as const satisfies readonly VariableSpec[];
