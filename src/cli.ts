#!/usr/bin/env node
// rackscaler's command line: one sub-command per file in src/commands/.
import { runBmcCommand } from './commands/bmc.js';
import type { CommandIo } from './commands/command-line.js';
import { runServe } from './commands/serve.js';
import { runSimulate } from './commands/simulate.js';
import { runValidate } from './commands/validate.js';

const USAGE = `usage: rackscaler <command> [args]
commands:
  serve --config FILE | --demo     serve Cluster Autoscaler's externalgrpc CloudProvider
  validate FILE                    check a node-group config; errors name file:line:col and field
  bmc status|on|off|cycle|pxe MACHINE --config FILE   drive one machine's BMC by hand
  simulate drain NODE... --config FILE [--kubeconfig FILE] [--json]   would these nodes drain? which pod blocks, why
run 'rackscaler <command> --help' for a command's options`;

const COMMANDS: Record<string, (argv: string[], io: CommandIo) => Promise<number>> = {
  serve: runServe,
  validate: runValidate,
  bmc: runBmcCommand,
  simulate: runSimulate,
};

const io: CommandIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  const help = name === '--help' || name === '-h' || name === 'help';
  (help ? io.stdout : io.stderr)(`${name && !help ? `unknown command "${name}"\n` : ''}${USAGE}\n`);
  process.exitCode = help ? 0 : 2;
} else {
  process.exitCode = await command(rest, io);
}
