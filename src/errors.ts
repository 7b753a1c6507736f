// Typed errors. Each says which gRPC status it becomes; the mapping happens once, in server/status.ts.
import { status } from '@grpc/grpc-js';

export abstract class RackscalerError extends Error {
  abstract readonly code: status;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller sent something malformed (bad delta, empty id). */
export class InvalidArgumentError extends RackscalerError {
  readonly code = status.INVALID_ARGUMENT;
}

/** A named group, node or machine does not exist. */
export class NotFoundError extends RackscalerError {
  readonly code = status.NOT_FOUND;
}

/** Well-formed, but the system is not in a state that allows it (drain blocked, below minSize, ...). */
export class FailedPreconditionError extends RackscalerError {
  readonly code = status.FAILED_PRECONDITION;
}

/** Nothing left to give (no machine can be woken). */
export class ResourceExhaustedError extends RackscalerError {
  readonly code = status.RESOURCE_EXHAUSTED;
}

/** Not serving mutations right now (starting, shutting down, not the leader). Callers retry. */
export class UnavailableError extends RackscalerError {
  readonly code = status.UNAVAILABLE;
}

/** Optional RPC not configured (pricing). */
export class UnimplementedError extends RackscalerError {
  readonly code = status.UNIMPLEMENTED;
}
