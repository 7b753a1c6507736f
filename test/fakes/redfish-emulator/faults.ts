// What a test can make the emulated BMC do wrong. All switchable at run time with setFault().

export interface ResetTaskFault {
  /** Monitor polls answered 202 (still running) before the task ends. */
  polls: number;
  /** Retry-After seconds sent with each 202. */
  retryAfterSeconds: number;
  outcome: 'Completed' | 'Exception';
}

export interface Faults {
  /** Accept the connection and the request, never answer. */
  hang: boolean;
  /** The next N requests are answered 503 Service Unavailable. */
  unavailable: number;
  /** Every login / Basic credential is refused with 401. */
  rejectCredentials: boolean;
  /** PowerState text served instead of the real one (" Off ", "on", "Standby"…). */
  powerStateText: string | undefined;
  /** PATCH without an If-Match equal to the current ETag → 412. */
  requireEtag: boolean;
  /** The next N PATCHes answer 412 as if someone changed the System in between. */
  etagConflicts: number;
  /** Reset answers 202 with a task monitor instead of 204. */
  resetTask: ResetTaskFault | undefined;
  /** No SessionService: service root has no link, Sessions answers 404; Basic only. */
  noSessionService: boolean;
  /** GracefulShutdown missing from ResetType@Redfish.AllowableValues. */
  disallowGracefulShutdown: boolean;
  /** Reset types listed through an ActionInfo resource instead of inline. */
  actionInfo: boolean;
  /** Pxe missing from BootSourceOverrideTarget@Redfish.AllowableValues. */
  noPxe: boolean;
  /** A request body without Content-Length (chunked) → 411 Length Required. */
  rejectChunked: boolean;
  /** PoweringOn/PoweringOff last this long before On/Off. */
  powerTransitionMs: number;
}

export function defaultFaults(): Faults {
  return {
    hang: false,
    unavailable: 0,
    rejectCredentials: false,
    powerStateText: undefined,
    requireEtag: false,
    etagConflicts: 0,
    resetTask: undefined,
    noSessionService: false,
    disallowGracefulShutdown: false,
    actionInfo: false,
    noPxe: false,
    rejectChunked: true,
    powerTransitionMs: 0,
  };
}
