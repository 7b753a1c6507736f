// The BMC seam. Drivers implement small capabilities; the lifecycle only ever talks to these.

/** Normalised power state. `raw` keeps what the BMC actually said, for logs and `bmc status`. */
export interface PowerReading {
  state: 'on' | 'off' | 'powering-on' | 'powering-off' | 'unknown';
  raw: string;
}

export type PowerOffMode = 'graceful' | 'force';
export type BootMode = 'uefi' | 'legacy';

/** Every BMC call gets a signal; drivers abort their I/O when it fires. */
export interface CallContext {
  signal: AbortSignal;
}

export interface PowerStateReader {
  powerState(ctx: CallContext): Promise<PowerReading>;
}

export interface PowerSwitch {
  powerOn(ctx: CallContext): Promise<void>;
  powerOff(ctx: CallContext, mode: PowerOffMode): Promise<void>;
  powerCycle(ctx: CallContext): Promise<void>;
}

export interface OneTimeBootSetter {
  /** Next boot only: network (PXE). `mode` when the group configures one. */
  setOneTimePxeBoot(ctx: CallContext, mode: BootMode | undefined): Promise<void>;
}

export interface BmcDriver extends PowerStateReader, PowerSwitch, OneTimeBootSetter {
  /** Driver id as in the registry ("redfish", "ipmi", "sim"). */
  readonly driver: string;
  /** The endpoint for humans: never contains credentials. */
  readonly endpoint: string;
  /** Releases sessions and sockets. */
  close(): Promise<void>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Re-read on every call so that rotated secrets take effect without a restart. */
export interface CredentialSource {
  /** What the secret is, for error messages (e.g. "file /etc/x"); never the secret itself. */
  readonly describe: string;
  get(): Promise<Credentials>;
}

/** A parsed endpoint: which driver, and the driver's own typed options. */
export interface ParsedEndpoint<O = unknown> {
  driver: string;
  /** URL as written, with any userinfo removed. */
  display: string;
  options: O;
}

/** Per-machine settings a driver needs besides its URL. */
export interface DriverContext {
  credentials: CredentialSource | undefined;
  /** PEM bundle file to verify HTTPS BMCs against; undefined means the system's roots. */
  caFile: string | undefined;
}

export interface DriverFactory<O = unknown> {
  readonly driver: string;
  readonly schemes: readonly string[];
  /** Validates and types the endpoint; throws EndpointError with a message that says what is wrong. */
  parse(url: URL): O;
  create(endpoint: ParsedEndpoint<O>, ctx: DriverContext): BmcDriver;
}

export class EndpointError extends Error {
  override readonly name = 'EndpointError';
}

/**
 * What went wrong talking to a BMC. `kind` drives retries: transport, timeout and busy are retried
 * with backoff; auth and unsupported never are (retrying a bad password locks accounts on real BMCs).
 */
export type BmcErrorKind =
  | 'auth' // credentials rejected (401/403, RMCP+ auth failure)
  | 'transport' // connection refused/reset, DNS, TLS handshake
  | 'timeout' // no answer within the per-call deadline
  | 'busy' // BMC answered 5xx / "node busy": try again later
  | 'protocol' // answered, but not in a form we understand
  | 'unsupported'; // BMC lacks the capability (e.g. no PXE override)

export class BmcError extends Error {
  override readonly name = 'BmcError';
  constructor(
    readonly kind: BmcErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === 'transport' || this.kind === 'timeout' || this.kind === 'busy';
  }
}
