/** The CLI's commands (src/cli.ts), named here alone: the image's entry chooses a code cache by them too. */
export const commandNames = ['render', 'check', 'plan', 'setup', 'run', 'probe', 'talos-config'] as const;

/** "render, check, ... or talos-config", for the errors that list them. */
export const commandList = `${commandNames.slice(0, -1).join(', ')} or ${commandNames[commandNames.length - 1]}`;
