// The Redfish BmcDriver: one System on one BMC. Power state is always read fresh.
import type { BmcDriver, BootMode, CallContext, DriverContext, ParsedEndpoint, PowerOffMode, PowerReading } from '../types.js';
import { RedfishClient } from './client.js';
import { discoverSystem } from './discovery.js';
import type { RedfishEndpoint } from './endpoint.js';
import { normalisePowerState } from './power-state.js';
import { readResetAction, reset, type ResetAction } from './reset.js';
import { asResource } from './resource.js';
import { setPxeOnce } from './boot.js';

export class RedfishDriver implements BmcDriver {
  readonly driver = 'redfish';
  readonly endpoint: string;
  private readonly client: RedfishClient;
  private readonly options: RedfishEndpoint;
  /** Memoised discovery; cleared on failure so the next call tries again. */
  private system: Promise<string> | undefined;
  /** The Reset action's target and types do not change while the BMC runs. */
  private resetAction: ResetAction | undefined;

  constructor(endpoint: ParsedEndpoint<RedfishEndpoint>, ctx: DriverContext) {
    this.endpoint = endpoint.display;
    this.options = endpoint.options;
    this.client = new RedfishClient(endpoint.options, endpoint.display, ctx);
  }

  async powerState(ctx: CallContext): Promise<PowerReading> {
    const { body } = await this.getSystem(ctx);
    return normalisePowerState(body['PowerState']);
  }

  powerOn(ctx: CallContext): Promise<void> {
    return this.reset(ctx, ['On', 'ForceOn']);
  }

  powerOff(ctx: CallContext, mode: PowerOffMode): Promise<void> {
    // No fallback from graceful to force here: the caller decides after `unsupported`.
    return this.reset(ctx, mode === 'graceful' ? ['GracefulShutdown'] : ['ForceOff']);
  }

  powerCycle(ctx: CallContext): Promise<void> {
    return this.reset(ctx, ['PowerCycle', 'ForceRestart']);
  }

  async setOneTimePxeBoot(ctx: CallContext, mode: BootMode | undefined): Promise<void> {
    // The endpoint's bootMode is per machine, so it wins over the group's.
    await setPxeOnce(this.client, ctx, await this.systemPath(ctx), this.options.bootMode ?? mode);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async reset(ctx: CallContext, preferences: readonly string[]): Promise<void> {
    if (this.resetAction === undefined) {
      const { path, body } = await this.getSystem(ctx);
      this.resetAction = await readResetAction(this.client, ctx, body, path);
    }
    await reset(this.client, ctx, this.resetAction, preferences);
  }

  private async getSystem(ctx: CallContext): Promise<{ path: string; body: Record<string, unknown> }> {
    const path = await this.systemPath(ctx);
    const res = await this.client.request(ctx, 'GET', path);
    return { path, body: asResource(res.body, this.endpoint, path) };
  }

  private systemPath(ctx: CallContext): Promise<string> {
    if (this.system === undefined) {
      const found = discoverSystem(this.client, ctx, this.options);
      this.system = found;
      found.catch(() => {
        if (this.system === found) this.system = undefined;
      });
    }
    return this.system;
  }
}
