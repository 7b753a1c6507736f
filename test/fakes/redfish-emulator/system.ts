// One emulated ComputerSystem: power with timed transitions, a one-time boot override, an ETag.

export type Power = 'On' | 'Off';
export type PowerStateText = Power | 'PoweringOn' | 'PoweringOff';

export const RESET_TYPES = ['On', 'ForceOn', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'PowerCycle', 'Nmi'];
export const BOOT_TARGETS = ['None', 'Pxe', 'Hdd', 'Cd', 'Usb', 'BiosSetup', 'UefiShell'];
export const BOOT_ENABLED = ['Disabled', 'Once', 'Continuous'];
export const BOOT_MODES = ['UEFI', 'Legacy'];

export interface BootOverride {
  BootSourceOverrideTarget: string;
  BootSourceOverrideEnabled: string;
  BootSourceOverrideMode: string;
}

/** What the machine booted from at each power-on. */
export interface BootRecord {
  target: string;
  mode: string;
}

export class EmulatedSystem {
  private power: Power;
  private pending: { to: Power; at: number } | undefined;
  private version = 1;
  readonly boot: BootOverride = { BootSourceOverrideTarget: 'None', BootSourceOverrideEnabled: 'Disabled', BootSourceOverrideMode: 'UEFI' };
  readonly resets: string[] = [];
  readonly boots: BootRecord[] = [];

  constructor(
    /** The `Id` property. */
    readonly id: string,
    /** The URL segment under /Systems/ (differs from id for "listed under another id"). */
    readonly segment: string,
    initial: Power,
  ) {
    this.power = initial;
  }

  get path(): string {
    return `/redfish/v1/Systems/${this.segment}`;
  }

  get etag(): string {
    this.settle();
    return `W/"${this.version}"`;
  }

  powerState(): PowerStateText {
    this.settle();
    if (this.pending) return this.pending.to === 'On' ? 'PoweringOn' : 'PoweringOff';
    return this.power;
  }

  reset(type: string, transitionMs: number): void {
    this.settle();
    this.resets.push(type);
    const on = this.power === 'On' || this.pending?.to === 'On';
    switch (type) {
      case 'On':
      case 'ForceOn':
        if (!on) this.start('On', transitionMs);
        break;
      case 'GracefulShutdown':
        if (on) this.start('Off', transitionMs);
        break;
      case 'ForceOff':
        this.set('Off');
        break;
      case 'PowerCycle':
      case 'ForceRestart':
      case 'GracefulRestart':
        this.set('Off');
        this.start('On', transitionMs);
        break;
    }
  }

  patchBoot(patch: Partial<BootOverride>): void {
    Object.assign(this.boot, patch);
    this.bump();
  }

  /** A change made by "someone else", so that the client's ETag goes stale. */
  bump(): void {
    this.version++;
  }

  /** Ends a running transition now, so tests need not wait for it. */
  finishTransition(): void {
    if (this.pending) this.set(this.pending.to);
  }

  private start(to: Power, transitionMs: number): void {
    if (to === 'On') this.consumeBootOverride();
    if (transitionMs <= 0) {
      this.set(to);
    } else {
      this.pending = { to, at: Date.now() + transitionMs };
      this.bump();
    }
  }

  private set(to: Power): void {
    this.pending = undefined;
    this.power = to;
    this.bump();
  }

  private settle(): void {
    if (this.pending && Date.now() >= this.pending.at) this.set(this.pending.to);
  }

  private consumeBootOverride(): void {
    const once = this.boot.BootSourceOverrideEnabled === 'Once';
    const active = once || this.boot.BootSourceOverrideEnabled === 'Continuous';
    this.boots.push({ target: active ? this.boot.BootSourceOverrideTarget : 'None', mode: this.boot.BootSourceOverrideMode });
    if (once) this.patchBoot({ BootSourceOverrideEnabled: 'Disabled', BootSourceOverrideTarget: 'None' });
  }
}
