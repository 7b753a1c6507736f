// Kill -9 in the middle of scale-ups and deletions, restart, and check that nothing was lost: every
// powered machine is still an instance, no machine backs two instances, the target is what CA was
// told (give or take the one call in flight when the process died), and it all converges.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFile } from '../src/package-root.js';
import { CaClient } from './fakes/ca-client.js';
import { simConfig } from './helpers/lifecycle-harness.js';
import { waitFor } from './helpers/wait.js';

const CLI = packageFile('dist', 'src', 'cli.js');
const MACHINES = 10;
const ROUNDS = 10;

interface Server {
  proc: ChildProcess;
  client: CaClient;
  exited: Promise<number | null>;
}

let dir: string;
/** Every server this file started, so a failing test never leaves one running. */
const servers = new Set<ChildProcess>();
const files = () => ({ config: join(dir, 'rack.yaml'), state: join(dir, 'state.json'), sim: join(dir, 'sim.json') });

async function startServer(): Promise<Server> {
  const f = files();
  const proc = spawn(
    process.execPath,
    [CLI, 'serve', '--config', f.config, '--state-file', f.state, '--sim-state', f.sim, '--sim-time-scale', '0.02', '--listen', '127.0.0.1:0', '--metrics-listen', 'off'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  servers.add(proc);
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      servers.delete(proc);
      resolve(code);
    }),
  );
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; grpcPort?: number };
      if (entry.msg === 'rackscaler serving' && entry.grpcPort) resolve(entry.grpcPort);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before serving: ${stderr}`)));
  });
  return { proc, client: new CaClient(`127.0.0.1:${port}`), exited };
}

/** Which simulated machines are powered (or powering) on, read from the simulated hardware's own file. */
async function poweredOn(): Promise<Set<string>> {
  const f = files();
  if (!existsSync(f.sim)) return new Set();
  const snap = JSON.parse(await readFile(f.sim, 'utf8')) as { machines: Record<string, { target: string }> };
  return new Set(Object.entries(snap.machines).filter(([, m]) => m.target === 'on').map(([id]) => id));
}

async function view(client: CaClient) {
  const [{ targetSize }, { instances }] = await Promise.all([client.call('NodeGroupTargetSize', { id: 'pool' }), client.call('NodeGroupNodes', { id: 'pool' })]);
  return { target: targetSize, instances: instances.map((i) => ({ id: i.id, state: i.status?.instanceState, error: i.status?.errorInfo?.errorCode ?? '' })) };
}

/** Deterministic pseudo-random numbers, so a failure can be replayed from the seed it prints. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-crash-'));
  const machines = Object.fromEntries(Array.from({ length: MACHINES }, (_, i) => [`m${String(i).padStart(2, '0')}`, '']));
  // Deadlines far beyond the scaled boot so that only a lost or double-booked machine could fail a wake.
  await writeFile(files().config, simConfig({ machines, boot: '{ powerOnTimeout: 2m, registerTimeout: 2m, readyTimeout: 2m }' }));
});

afterAll(async () => {
  for (const proc of servers) proc.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it(`survives ${ROUNDS} SIGKILLs during scale-ups and deletions`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const random = rng(seed);
    // What CA was told the target is: [lo, hi] widens only by the one call in flight at the kill.
    let lo = 0;
    let hi = 0;
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServer();
      const { client } = server;
      const context = `seed ${seed}, round ${round}`;
      const before = await view(client);
      const ids = before.instances.map((i) => i.id);
      expect(new Set(ids).size, `${context}: an id listed twice`).toBe(ids.length);
      expect(before.target, `${context}: target ${before.target} outside what CA was told [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
      expect(before.target, context).toBeLessThanOrEqual(hi);
      const claimed = before.instances.filter((i) => i.state === 'instanceCreating' || i.state === 'instanceRunning');
      expect(claimed.length, `${context}: target must count exactly the claimed instances`).toBe(before.target);
      for (const id of await poweredOn()) {
        expect(ids, `${context}: machine ${id} is powered on but rackscaler lost it`).toContain(`baremetal://${id}`);
      }
      // Only the pool running dry may show as an error (machines still powering off are not free).
      const failures = before.instances.filter((i) => i.error !== '' && i.error !== 'no-free-machine');
      if (failures.length > 0) throw new Error(`${context}: no failures expected: ${JSON.stringify(failures)}; state ${await readFile(files().state, 'utf8')}`);
      lo = hi = before.target;

      // A random run of CA mutations, one at a time; the kill lands somewhere inside it.
      let killed = false;
      const killAt = 5 + random() * 200;
      const timer = setTimeout(() => {
        killed = true;
        server.proc.kill('SIGKILL');
      }, killAt);
      try {
        while (!killed) {
          const now = await view(client);
          const live = now.instances.filter((i) => i.state === 'instanceCreating' || i.state === 'instanceRunning');
          const creating = live.filter((i) => i.state === 'instanceCreating');
          const errored = now.instances.find((i) => i.error !== '');
          const r = random();
          let delta: number;
          let call: Promise<unknown>;
          if (errored) {
            // What CA does with a create-error instance: delete its fake node (named by the id).
            delta = -1;
            call = client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [{ providerID: errored.id, name: errored.id }] });
          } else if (r < 0.5 && now.target < MACHINES) {
            const d = 1 + Math.floor(random() * Math.min(3, MACHINES - now.target));
            delta = d;
            call = client.call('NodeGroupIncreaseSize', { id: 'pool', delta: d });
          } else if (r < 0.8 && live.length > 0) {
            const victim = live[Math.floor(random() * live.length)]!;
            delta = -1;
            call = client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [{ providerID: victim.id, name: victim.id.replace('baremetal://', '') }] });
          } else if (creating.length > 0) {
            delta = -1;
            call = client.call('NodeGroupDecreaseTargetSize', { id: 'pool', delta: -1 });
          } else {
            await new Promise((r2) => setTimeout(r2, 5));
            continue;
          }
          if (delta > 0) hi += delta;
          else lo += delta;
          try {
            await call;
            if (delta > 0) lo += delta;
            else hi += delta;
          } catch (err) {
            if (killed) break; // in flight at the kill: either outcome is allowed
            // Refused: nothing cancellable any more (FAILED_PRECONDITION), or every free machine is
            // still powering off (RESOURCE_EXHAUSTED). Either way, no effect.
            if (delta > 0) hi -= delta;
            else lo -= delta;
            const code = (err as { code?: number }).code;
            expect([8, 9], `${context}: unexpected error ${String(err)}`).toContain(code);
          }
        }
      } catch (err) {
        if (!killed) throw err;
      } finally {
        clearTimeout(timer);
      }
      await server.exited;
      kills++;
    }
    expect(kills).toBe(ROUNDS);

    // Last start: everything converges to what the state says, machine for machine.
    const server = await startServer();
    try {
      let last: Awaited<ReturnType<typeof view>> | undefined;
      const settled = await waitFor(
        'instances to settle (none creating or deleting)',
        async () => {
          last = await view(server.client);
          for (const e of last.instances.filter((i) => i.error === 'no-free-machine')) {
            await server.client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [{ providerID: e.id, name: e.id }] });
            lo--;
            hi--;
          }
          return last.instances.every((i) => i.state === 'instanceRunning' && i.error === '') ? last : undefined;
        },
        30_000,
      ).catch(async (err: Error) => {
        throw new Error(`${err.message} (seed ${seed}); last view ${JSON.stringify(last)}; state ${await readFile(files().state, 'utf8')}`);
      });
      expect(settled.target).toBeGreaterThanOrEqual(lo);
      expect(settled.target).toBeLessThanOrEqual(hi);
      expect(settled.instances).toHaveLength(settled.target);
      const on = [...(await poweredOn())].map((id) => `baremetal://${id}`).sort();
      expect(on).toEqual(settled.instances.map((i) => i.id).sort());
      const state = JSON.parse(await readFile(files().state, 'utf8')) as { machines: Record<string, { state: string; lastProblem?: { message: string } }> };
      for (const [name, m] of Object.entries(state.machines)) {
        expect(m.state, `${name} (seed ${seed})`).not.toBe('Failed');
        expect(m.lastProblem?.message ?? '', `${name} (seed ${seed})`).not.toContain('not adopted');
      }
    } finally {
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  }, 120_000);
});
