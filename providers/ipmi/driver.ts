// The IPMI BmcDriver: one ipmitool call per method (two for a cycle of an off machine). Stateless,
// so drivers for different BMCs run concurrently; per-BMC serialisation is src/bmc's job.
import {
  BmcError,
  type BmcDriver,
  type BootMode,
  type CallContext,
  type Credentials,
  type DriverContext,
  type ParsedEndpoint,
  type PowerOffMode,
  type PowerReading,
} from '../types.js';
import type { IpmiEndpoint } from './endpoint.js';
import { runIpmitool, type IpmitoolTarget } from './ipmitool.js';
import { parsePowerStatus } from './power-status.js';

const POWER_CONTROL = /Chassis Power Control:/i;
const BOOT_DEVICE_SET = /Set Boot Device to pxe/i;

export class IpmiDriver implements BmcDriver {
  readonly driver = 'ipmi';
  readonly endpoint: string;
  private readonly target: IpmitoolTarget;

  constructor(
    endpoint: ParsedEndpoint<IpmiEndpoint>,
    private readonly ctx: DriverContext,
    private readonly binary: string,
  ) {
    this.endpoint = endpoint.display;
    this.target = { display: endpoint.display, endpoint: endpoint.options };
  }

  async powerState(ctx: CallContext): Promise<PowerReading> {
    const stdout = await this.run(ctx, ['chassis', 'power', 'status'], (out) => out.trim() !== '');
    return parsePowerStatus(stdout, this.endpoint);
  }

  async powerOn(ctx: CallContext): Promise<void> {
    await this.run(ctx, ['chassis', 'power', 'on'], (out) => POWER_CONTROL.test(out));
  }

  async powerOff(ctx: CallContext, mode: PowerOffMode): Promise<void> {
    // "soft" asks the OS for an ACPI shutdown; "off" cuts power.
    await this.run(ctx, ['chassis', 'power', mode === 'graceful' ? 'soft' : 'off'], (out) => POWER_CONTROL.test(out));
  }

  async powerCycle(ctx: CallContext): Promise<void> {
    // Many BMCs refuse to cycle a chassis that is off; the intent (machine running afresh) is a power-on then.
    const { state } = await this.powerState(ctx);
    if (state === 'off') return this.powerOn(ctx);
    await this.run(ctx, ['chassis', 'power', 'cycle'], (out) => POWER_CONTROL.test(out));
  }

  async setOneTimePxeBoot(ctx: CallContext, mode: BootMode | undefined): Promise<void> {
    // One-time is IPMI's default for bootdev; the endpoint's bootMode is per machine, so it wins.
    const efi = (this.target.endpoint.bootMode ?? mode) === 'uefi' ? ['options=efiboot'] : [];
    await this.run(ctx, ['chassis', 'bootdev', 'pxe', ...efi], (out) => BOOT_DEVICE_SET.test(out));
  }

  async close(): Promise<void> {
    // Every call is its own ipmitool session; nothing stays open.
  }

  private async run(ctx: CallContext, command: readonly string[], succeeded: (stdout: string) => boolean): Promise<string> {
    return runIpmitool(this.binary, this.target, await this.credentials(), command, ctx, succeeded);
  }

  /** Read on every call so rotated secrets take effect. */
  private async credentials(): Promise<Credentials> {
    const source = this.ctx.credentials;
    if (!source) throw new BmcError('auth', `IPMI endpoint ${this.endpoint} has no credentials configured`);
    try {
      return await source.get();
    } catch (err) {
      throw new BmcError('auth', `IPMI endpoint ${this.endpoint}: reading credentials from ${source.describe} failed`, { cause: err });
    }
  }
}
