// `rackscaler validate FILE`: compile a config without touching any BMC; problems name file:line:col.
import { defaultDriverFactories } from '../../providers/drivers.js';
import { DriverRegistry } from '../../providers/registry.js';
import { ConfigError, loadConfigFile } from '../config/load.js';
import type { CommandIo } from './command-line.js';

export async function runValidate(argv: string[], io: CommandIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    io.stderr('usage: rackscaler validate FILE\n');
    return 2;
  }
  const file = argv[0]!;
  try {
    const config = await loadConfigFile(file, new DriverRegistry(defaultDriverFactories({ sim: undefined })));
    const machines = config.machines.size;
    io.stdout(`${config.source}: OK (${config.racks.size} racks, ${config.nodeGroups.length} node groups, ${machines} machines)\n`);
    return 0;
  } catch (err) {
    io.stderr(err instanceof ConfigError ? `${err.message}\n` : `${file}: ${(err as Error).message}\n`);
    return 1;
  }
}
