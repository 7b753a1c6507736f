// BmcDriver over a SimWorld: command-level faults (refuse, auth, hang) live here, power behaviour in the world.
import { setTimeout as sleep } from 'node:timers/promises';
import { BmcError, type BmcDriver, type BootMode, type CallContext, type PowerOffMode, type PowerReading } from '../types.js';
import type { SimWorld } from './world.js';

const RAW_POWER = { on: 'On', off: 'Off', 'powering-on': 'PoweringOn', 'powering-off': 'PoweringOff' } as const;

export class SimDriver implements BmcDriver {
  readonly driver = 'sim';

  constructor(
    private readonly world: SimWorld,
    private readonly id: string,
    readonly endpoint: string,
  ) {}

  powerState(ctx: CallContext): Promise<PowerReading> {
    return this.command(ctx, () => {
      const { power } = this.world.status(this.id);
      return { state: power, raw: RAW_POWER[power] };
    });
  }

  powerOn(ctx: CallContext): Promise<void> {
    return this.command(ctx, () => this.world.powerOn(this.id));
  }

  powerOff(ctx: CallContext, mode: PowerOffMode): Promise<void> {
    return this.command(ctx, () => this.world.powerOff(this.id, mode));
  }

  powerCycle(ctx: CallContext): Promise<void> {
    return this.command(ctx, () => this.world.powerCycle(this.id));
  }

  setOneTimePxeBoot(ctx: CallContext, mode: BootMode | undefined): Promise<void> {
    return this.command(ctx, () => this.world.setOneTimePxeBoot(this.id, mode));
  }

  async close(): Promise<void> {
    // nothing held: no sessions or sockets
  }

  private async command<T>(ctx: CallContext, act: () => T): Promise<T> {
    try {
      await sleep(this.world.latencyMs(), undefined, { signal: ctx.signal });
    } catch (err) {
      throw this.timedOut(err);
    }
    const fault = this.world.fault(this.id);
    if (fault === 'refuse') throw new BmcError('busy', `${this.endpoint}: simulated BMC refuses the command (fault=refuse)`);
    if (fault === 'auth') throw new BmcError('auth', `${this.endpoint}: simulated BMC rejects the credentials (fault=auth)`);
    if (fault === 'hang') throw this.timedOut(await untilAborted(ctx.signal));
    return act();
  }

  private timedOut(cause: unknown): BmcError {
    return new BmcError('timeout', `${this.endpoint}: no answer before the call was aborted`, { cause });
  }
}

/** Resolves with the abort reason once the signal fires: a BMC that never answers. */
function untilAborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}
