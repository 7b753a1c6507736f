// Benchmarks one fleet size: writes the fleet, starts the server process, checks it came up with the
// fleet's Nodes Running, then replays CA loops sequentially (CA's way) and with bounded concurrency.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersistedState } from '../../src/lifecycle/state.js';
import { TimedClient, Recorder } from './timed-client.js';
import { forEachBounded, newCarry, replayCaLoop, type LoopCarry, type LoopOutcome } from './ca-loop.js';
import { writeFleet, type Fleet, type FleetShape } from './fixture.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface Scale {
  label: string;
  shape: FleetShape;
}

export interface Mode {
  label: string;
  concurrency: number;
}

export interface ModeResult {
  mode: Mode;
  recorder: Recorder;
  loops: LoopOutcome[];
  /** CPU time per measured loop, ms: the server process, and this (client) process. */
  serverCpuMs: number[];
  clientCpuMs: number[];
}

export interface ScaleResult {
  scale: Scale;
  warmups: number;
  startupMs: number;
  /** Server CPU use while no RPC arrives (after the loops), as a fraction of one core. */
  idleCpu: number;
  modes: ModeResult[];
  peakRss: number;
  endRss: number;
  stateFileBytes: number;
  simStateFileBytes: number;
}

export interface RunOptions {
  /** Warm-up loops before the first mode (JIT, connection), at most this many... */
  warmups: number;
  /** ...and no more once this much time went into them (at least one runs). */
  warmupSeconds: number;
  /** Measured loops per mode, at most this many... */
  loops: number;
  /** ...stopping early once this much time has passed and `minLoops` ran. */
  modeSeconds: number;
  minLoops: number;
  /** Health/Check calls per mode, for the transport floor. */
  healthChecks: number;
  idleSeconds: number;
  cpuProfDir?: string;
  log: (line: string) => void;
}

export async function benchScale(scale: Scale, modes: readonly Mode[], opts: RunOptions): Promise<ScaleResult> {
  const dir = await mkdtemp(join(tmpdir(), 'rackscaler-bench-'));
  let server: ServerProcess | undefined;
  let client: TimedClient | undefined;
  try {
    const fleet = await writeFleet(dir, scale.shape);
    server = await startServerProcess(fleet, opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {});
    opts.log(`${scale.label}: server pid ${server.pid} on ${server.address}, SERVING after ${(server.startupMs / 1000).toFixed(1)} s`);
    await expectRunning(fleet);

    client = new TimedClient(server.address);
    const carry = newCarry();
    let warmups = 0;
    for (const started = performance.now(); warmups < opts.warmups && (warmups === 0 || elapsedS(started) < opts.warmupSeconds); warmups++) {
      await replayCaLoop(client, fleet, carry, modes[0]!);
    }
    expectInstances(fleet, carry);

    const results: ModeResult[] = [];
    for (const mode of modes) {
      const result: ModeResult = { mode, recorder: new Recorder(), loops: [], serverCpuMs: [], clientCpuMs: [] };
      client.recorder = result.recorder;
      const started = performance.now();
      while (result.loops.length < opts.loops && (result.loops.length < opts.minLoops || elapsedS(started) < opts.modeSeconds)) {
        const serverCpu = await server.cpuMs();
        const clientCpu = process.cpuUsage();
        result.loops.push(await replayCaLoop(client, fleet, carry, mode));
        const own = process.cpuUsage(clientCpu);
        result.clientCpuMs.push((own.user + own.system) / 1000);
        result.serverCpuMs.push((await server.cpuMs()) - serverCpu);
      }
      await forEachBounded(Array.from({ length: opts.healthChecks }), mode.concurrency, () => client!.healthCheck());
      opts.log(`${scale.label}: ${mode.label}: ${result.loops.length} loops in ${elapsedS(started).toFixed(0)} s`);
      results.push(result);
    }
    await cancelLastScaleUp(client, carry);

    const cpuBefore = await server.cpuMs();
    await new Promise((r) => setTimeout(r, opts.idleSeconds * 1000));
    const idleCpu = ((await server.cpuMs()) - cpuBefore) / (opts.idleSeconds * 1000);
    const mem = await server.memory();
    return {
      scale,
      warmups,
      startupMs: server.startupMs,
      idleCpu,
      modes: results,
      peakRss: mem.peakRss,
      endRss: mem.rss,
      stateFileBytes: (await stat(fleet.stateFile)).size,
      simStateFileBytes: (await stat(fleet.simStateFile)).size,
    };
  } finally {
    client?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function elapsedS(since: number): number {
  return (performance.now() - since) / 1000;
}

/** The start-up reconcile must have kept every fixture machine Running (no drift found). */
async function expectRunning(fleet: Fleet): Promise<void> {
  const state = JSON.parse(await readFile(fleet.stateFile, 'utf8')) as PersistedState;
  const running = Object.values(state.machines).filter((m) => m.state === 'Running').length;
  const total = Object.keys(state.machines).length;
  const expected = fleet.shape.groups * fleet.shape.machinesPerGroup;
  if (running !== fleet.nodes.length || total !== expected) {
    throw new Error(`${fleet.stateFile} after start: ${running} Running of ${total} machines, expected ${fleet.nodes.length} Running of ${expected}`);
  }
}

/** What CA saw in the warm-up: every registered Node listed as a running instance, none with an error. */
function expectInstances(fleet: Fleet, carry: LoopCarry): void {
  const all = [...carry.instances.values()].flat();
  const running = all.filter((i) => i.status?.instanceState === 'instanceRunning').length;
  const errors = all.filter((i) => i.status?.errorInfo).map((i) => `${i.id}: ${i.status?.errorInfo?.errorMessage}`);
  if (running !== fleet.nodes.length || errors.length > 0) {
    throw new Error(`NodeGroupNodes lists ${running} running instances (expected ${fleet.nodes.length}); errors: ${errors.join('; ') || 'none'}`);
  }
}

/** Leaves the fleet as found: the last loop's scale-up is cancelled. */
async function cancelLastScaleUp(client: TimedClient, carry: LoopCarry): Promise<void> {
  if (carry.increased !== undefined) await client.call('NodeGroupDecreaseTargetSize', { id: carry.increased, delta: -1 });
  carry.increased = undefined;
}
