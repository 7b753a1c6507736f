// A BmcDriver that plays back a script of outcomes, one per call, recording the calls it got.
import type { BmcDriver, CallContext, PowerReading } from '../../providers/types.js';

/** `hang`: never answers until the call's signal aborts, then throws the abort reason. */
export type Outcome = 'ok' | 'hang' | Error;

export class ScriptedDriver implements BmcDriver {
  readonly calls: string[] = [];
  closed = false;

  constructor(
    readonly driver: string,
    readonly endpoint: string,
    private readonly script: Outcome[],
    private readonly reading: PowerReading = { state: 'on', raw: 'On' },
  ) {}

  powerState(ctx: CallContext): Promise<PowerReading> {
    return this.play('powerState', ctx).then(() => this.reading);
  }
  powerOn(ctx: CallContext): Promise<void> {
    return this.play('powerOn', ctx);
  }
  powerOff(ctx: CallContext): Promise<void> {
    return this.play('powerOff', ctx);
  }
  powerCycle(ctx: CallContext): Promise<void> {
    return this.play('powerCycle', ctx);
  }
  setOneTimePxeBoot(ctx: CallContext): Promise<void> {
    return this.play('setOneTimePxeBoot', ctx);
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  private async play(call: string, ctx: CallContext): Promise<void> {
    this.calls.push(call);
    const outcome = this.script.shift() ?? 'ok';
    if (outcome === 'ok') return;
    if (outcome === 'hang') {
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
    }
    throw outcome;
  }
}
