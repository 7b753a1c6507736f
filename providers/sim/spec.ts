// What a simulated machine is: its timings and the faults it can be given.

export const SIM_FAULTS = ['refuse', 'auth', 'hang', 'never-boots', 'powers-off', 'stuck-on'] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

/** Behaviour of one simulated machine; delays are unscaled (the world applies its timeScale). */
export interface SimMachineSpec {
  powerOnDelayMs: number;
  bootTimeMs: number;
  shutdownDelayMs: number;
  fault: SimFault | undefined;
}

/** A machine as its sim:// endpoint describes it. */
export interface SimEndpointOptions extends SimMachineSpec {
  id: string;
}

export const SIM_DEFAULTS: Readonly<SimMachineSpec> = {
  powerOnDelayMs: 2_000,
  bootTimeMs: 30_000,
  shutdownDelayMs: 5_000,
  fault: undefined,
};

export function isSimFault(text: string): text is SimFault {
  return (SIM_FAULTS as readonly string[]).includes(text);
}
