// The one boundary where errors become gRPC statuses. Our typed errors carry their code; anything else
// is a bug and becomes INTERNAL (its message still names what failed).
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { RackscalerError } from '../errors.js';

export function toServiceError(err: unknown): ServiceError {
  const code = err instanceof RackscalerError ? err.code : status.INTERNAL;
  const text = err instanceof Error ? err.message : String(err);
  const details = code === status.INTERNAL ? `internal error: ${text}` : text;
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}

export function statusName(code: status): string {
  return status[code] ?? String(code);
}
