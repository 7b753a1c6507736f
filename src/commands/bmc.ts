// `rackscaler bmc status|on|off|cycle|pxe MACHINE --config FILE`: talk to one machine's BMC directly,
// through the same fallback, retry and per-BMC discipline as the server.
import { parseArgs } from 'node:util';
import { defaultDriverFactories } from '../../providers/drivers.js';
import { DriverRegistry } from '../../providers/registry.js';
import { SimWorld } from '../../providers/sim/world.js';
import type { PowerReading } from '../../providers/types.js';
import { BmcCallError, type BmcAttempt, type BmcCallResult } from '../bmc/call-error.js';
import { endpointReports, type EndpointReport } from '../bmc/endpoint-report.js';
import { createMachineBmc } from '../bmc/factory.js';
import { BmcGate } from '../bmc/gate.js';
import type { MachineBmc, MachineBmcOptions } from '../bmc/machine-bmc.js';
import { loadConfigFile } from '../config/load.js';
import type { Config, NodeGroupConfig } from '../config/types.js';
import { parseCommandLine, UsageError, type CommandIo } from './command-line.js';

export interface BmcCommandDeps {
  /** Default: the shipped drivers, sim:// backed by --sim-state FILE or $SIM_STATE (in memory without either). */
  registry?: DriverRegistry;
  /** Default: a gate with its documented defaults. */
  gate?: BmcGate;
  bmcOptions?: Omit<MachineBmcOptions, 'redact'>;
}

const ACTIONS = ['status', 'on', 'off', 'cycle', 'pxe'] as const;
type Action = (typeof ACTIONS)[number];

const USAGE = `usage: rackscaler bmc status MACHINE --config FILE [--json]
       rackscaler bmc on|off|cycle MACHINE --config FILE [--force] [--json]
       rackscaler bmc pxe MACHINE --config FILE [--json]
options: --sim-state FILE  state of simulated (sim://) machines, kept across invocations (default $SIM_STATE)`;

/** What one invocation did, printed as text or (--json) as this object. */
interface Report {
  machine: string;
  group: string;
  rack: string;
  action: Action;
  ok: boolean;
  /** The reading of status, or the final one after on/off. */
  power?: PowerReading;
  answeredBy?: { driver: string; endpoint: string };
  endpoints: EndpointReport[];
  error?: { kind: string; message: string };
}

/** `argv` is what follows `rackscaler bmc`. Exit codes: 0 done, 1 the BMC failed, 2 usage or config error. */
export async function runBmcCommand(argv: string[], io: CommandIo, deps: BmcCommandDeps = {}): Promise<number> {
  const args = parseCommandLine('bmc', USAGE, argv, io, parseCommand);
  if (typeof args === 'number') return args;
  let config: Config;
  let registry: DriverRegistry;
  try {
    registry = deps.registry ?? new DriverRegistry(defaultDriverFactories({ sim: new SimWorld({ stateFile: args.simState }) }));
    config = await loadConfigFile(args.config, registry);
  } catch (err) {
    io.stderr(`rackscaler bmc: ${(err as Error).message}\n`);
    return 2;
  }
  const machine = config.machines.get(args.machine);
  const group = machine && config.nodeGroups.find((g) => g.id === machine.group);
  if (!machine || !group) {
    io.stderr(`rackscaler bmc: machine "${args.machine}" is not in ${config.source}\n`);
    return 2;
  }
  if (args.action === 'off' || args.action === 'cycle') {
    io.stderr(
      `warning: talking to the BMC of ${machine.name} directly; if rackscaler's server manages this machine it may disagree and act on it\n`,
    );
  }
  let bmc: MachineBmc;
  try {
    bmc = createMachineBmc(machine, registry, deps.gate ?? new BmcGate(), deps.bmcOptions);
  } catch (err) {
    io.stderr(`rackscaler bmc: ${(err as Error).message}\n`);
    return 2;
  }
  const attempts: BmcAttempt[] = [];
  const base = { machine: machine.name, group: group.id, rack: machine.rack, action: args.action };
  let report: Report;
  try {
    const last = await perform(args.action, args.force, bmc, group, (r) => attempts.push(...r.attempts));
    report = {
      ...base,
      ok: true,
      ...(last.value ? { power: last.value } : {}),
      answeredBy: { driver: last.driver, endpoint: last.endpoint },
      endpoints: endpointReports(bmc.drivers, attempts),
    };
  } catch (err) {
    if (!(err instanceof BmcCallError)) throw err;
    attempts.push(...err.attempts);
    report = { ...base, ok: false, endpoints: endpointReports(bmc.drivers, attempts), error: { kind: err.kind, message: err.message } };
  } finally {
    await bmc.close();
  }
  if (args.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatReport(report));
  if (report.error && !args.json) {
    io.stderr(`rackscaler bmc: ${report.error.message}\n`);
    if (args.action === 'off' && !args.force && report.error.kind === 'timeout') io.stderr('hint: --force powers off at once\n');
  }
  return report.ok ? 0 : 1;
}

/** Runs the action; returns the last call's result (a power reading where the action waits for one). */
async function perform(
  action: Action,
  force: boolean,
  bmc: MachineBmc,
  group: NodeGroupConfig,
  seen: (r: BmcCallResult<unknown>) => void,
): Promise<BmcCallResult<PowerReading | void>> {
  const note = <T>(r: BmcCallResult<T>): BmcCallResult<T> => (seen(r), r);
  switch (action) {
    case 'status':
      return note(await bmc.powerState());
    case 'on':
      note(await bmc.powerOn());
      return note(await bmc.waitForPower('on', group.boot.powerOnTimeoutMs));
    case 'off':
      note(await bmc.powerOff(force ? 'force' : 'graceful'));
      return note(await bmc.waitForPower('off', force ? group.powerOff.forceTimeoutMs : group.powerOff.gracefulTimeoutMs));
    case 'cycle':
      return note(await bmc.powerCycle());
    case 'pxe':
      return note(await bmc.setOneTimePxeBoot(group.boot.mode));
  }
}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'sim-state': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  const [action, machine, ...extra] = positionals;
  if (action === undefined) throw new UsageError('missing action (status, on, off, cycle or pxe)');
  if (!isAction(action)) throw new UsageError(`unknown action "${action}" (expected status, on, off, cycle or pxe)`);
  if (machine === undefined) throw new UsageError(`${action}: missing MACHINE`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  if (values.force && action !== 'off') throw new UsageError('--force only applies to off');
  return {
    action,
    machine,
    config: values.config,
    json: values.json,
    force: values.force,
    simState: values['sim-state'] ?? process.env.SIM_STATE,
  };
}

function isAction(text: string): text is Action {
  return (ACTIONS as readonly string[]).includes(text);
}

function formatReport(r: Report): string {
  const lines = [`machine   ${r.machine} (group ${r.group}, rack ${r.rack})`];
  if (r.power) lines.push(`power     ${r.power.state} (BMC says "${r.power.raw}")`);
  if (r.ok && r.action !== 'status') lines.push(`done      ${DONE[r.action]}`);
  if (r.answeredBy) lines.push(`answered  ${r.answeredBy.endpoint} (${r.answeredBy.driver})`);
  lines.push('endpoints');
  r.endpoints.forEach((e, i) => lines.push(`  ${i + 1}. ${e.driver.padEnd(8)} ${e.endpoint}  ${describeEndpoint(e)}`));
  return `${lines.join('\n')}\n`;
}

const DONE: Record<Exclude<Action, 'status'>, string> = {
  on: 'powered on',
  off: 'powered off',
  cycle: 'power cycle accepted',
  pxe: 'one-time PXE boot set for the next power-on',
};

function describeEndpoint(e: EndpointReport): string {
  if (e.result === 'not-tried') return 'not tried';
  const failed = e.attempts.filter((a) => !a.ok);
  const last = failed.at(-1);
  const failures = last ? `${failed.length} failed (last: ${last.kind ?? 'unknown'}: ${last.error ?? ''})` : '';
  if (e.result === 'answered') return failures === '' ? 'answered' : `answered after ${failures}`;
  return failures;
}
