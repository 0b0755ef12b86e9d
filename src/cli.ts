import { parseArgs } from 'node:util';
import type { RunIo } from './commands/run.js';
import { commandList } from './commands/names.js';
import { UsageError } from './errors.js';
import { defaultVtysh } from './frr/default-paths.js';

export const usage = `Usage: frr-supervisor <command> [options]

Commands:
  render   validate the settings, resolve the fabric interfaces, render the FRR files;
           prints frr.conf, or writes frr.conf, daemons, vtysh.conf and daemon-log.conf with --out
  check    the same, then FRR's own check of frr.conf as the installed FRR offers it
           (vtysh --dryrun, and the -C of each daemon whose -C works on that version)
  plan     print the changes setup would make to this host's kernel; changes nothing
  setup    create or repair the VRF, veth pair, addresses, MTU, rules and sysctls, then exit
  run      the container entrypoint: setup, render, FRR's check, pre-flight, then start FRR
           and supervise it until SIGTERM (exit 0) or until FRR's watchdog ends (non-zero)
  probe    ask the installed FRR how it can check a config (which daemons' -C work) and
           write the answer to --out FILE, for every start to take instead of asking again:
           the image's build runs it with the FRR it ships
  talos-config  print the node's machine-config patch for Talos: its addresses on lo, dummy0
           and dummy1, and the ExtensionServiceConfig with the settings and the files they
           name, all validated as render validates them; runs anywhere (no host access)

Options:
  --env-file FILE   KEY=VALUE lines as in an ExtensionServiceConfig; default: the environment
  --links FILE      JSON list of links standing in for the host's, e.g.
                    [{"name":"eth0","mac":"02:00:00:00:00:01","mtu":9000}];
                    default: the host's links, read over rtnetlink
  --out DIR         (render) write the files into DIR instead of printing frr.conf;
                    (probe) the FILE the answer goes to
  --templates DIR   template directory (default: the one shipped with frr-supervisor)
  --config FILE     (check) check this frr.conf instead of the rendered one
  --frr-dir DIR     (check, probe) where the FRR daemons are (default: FRR_BIN_DIR, /usr/lib/frr)
  --vtysh PATH      (check) the vtysh program (default: FRR_BIN_DIR/vtysh, else ${defaultVtysh})
  --json            (plan) the steps and a snapshot of the owned kernel state as JSON
  --address LINK=CIDR  (talos-config) another address of the node, on lo, dummy0 or dummy1,
                    e.g. dummy1=10.0.0.100/32 (NODE_IP goes on lo unless listed); repeatable
  --file MOUNTPATH=LOCALFILE  (talos-config) the content of a file the settings name
                    (*_FILE, FRR_EXTRA_CONFIG_FILE), as configFiles mounts it; repeatable
  -h, --help        this text

Exit codes: 0 ok, 64 usage, 65 FRR rejected the config, 66 unreadable input file,
69 host lacks an interface or program, 70 internal error, 71 system call failed,
74 output not written, 78 invalid settings (nothing was changed); run also passes on
FRR's start command's own code, 128+N when a signal N killed it, 127/126 when it
could not be found/executed.
`;

const options = {
  'env-file': { type: 'string' },
  links: { type: 'string' },
  out: { type: 'string' },
  templates: { type: 'string' },
  config: { type: 'string' },
  'frr-dir': { type: 'string' },
  vtysh: { type: 'string' },
  json: { type: 'boolean' },
  address: { type: 'string', multiple: true },
  file: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv (without node and script), runs the command, returns the exit code. Throws SupervisorError. */
export async function runCli(argv: readonly string[], io: RunIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see frr-supervisor --help`);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (!command) throw new UsageError(`no command given; expected ${commandList} (see frr-supervisor --help)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}; see frr-supervisor --help`);
  const prepare = { envFile: values['env-file'], linksFile: values.links, templateDir: values.templates };
  const only = (allowed: readonly (keyof typeof options)[]) => {
    const stray = (Object.keys(values) as (keyof typeof options)[]).find((key) => !allowed.includes(key));
    if (stray) throw new UsageError(`--${stray} does not apply to ${command}; see frr-supervisor --help`);
  };
  // Each command is loaded when asked for: `render` never runs the modules of FRR's supervision,
  // its child processes and sockets (in the one-file bundle, esbuild makes each a module that is
  // evaluated at its first import).
  switch (command) {
    case 'render': {
      const { renderCommand } = await import('./commands/render.js');
      only(['env-file', 'links', 'templates', 'out']);
      await renderCommand({ ...prepare, outDir: values.out }, io);
      return 0;
    }
    case 'check': {
      const { checkCommand } = await import('./commands/check.js');
      only(['env-file', 'links', 'templates', 'config', 'frr-dir', 'vtysh']);
      await checkCommand({ ...prepare, configFile: values.config, frrDir: values['frr-dir'], vtysh: values.vtysh }, io);
      return 0;
    }
    case 'plan': {
      const { planCommand } = await import('./commands/kernel-setup.js');
      only(['env-file', 'json']);
      await planCommand({ envFile: values['env-file'], json: values.json }, io);
      return 0;
    }
    case 'setup': {
      const { setupCommand } = await import('./commands/kernel-setup.js');
      only(['env-file']);
      await setupCommand({ envFile: values['env-file'] }, io);
      return 0;
    }
    case 'run': {
      const { runCommand } = await import('./commands/run.js');
      only(['env-file']);
      return runCommand({ envFile: values['env-file'] }, io);
    }
    case 'probe': {
      const { probeCommand } = await import('./commands/probe.js');
      only(['frr-dir', 'out']);
      if (!values.out) throw new UsageError("probe needs --out FILE (the image's: beside the bundle, frr-check-plan.json); see frr-supervisor --help");
      await probeCommand({ frrDir: values['frr-dir'], out: values.out }, io);
      return 0;
    }
    case 'talos-config': {
      const { talosConfigCommand } = await import('./commands/talos-config.js');
      only(['env-file', 'links', 'templates', 'address', 'file']);
      await talosConfigCommand({ ...prepare, addresses: values.address ?? [], files: values.file ?? [] }, io);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; expected ${commandList}`);
  }
}
