// Failures as the real API server reports them: a metav1.Status body with reason and code.
import { qualifiedName, type ResourceType } from './resources.js';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonFor(code: number): string {
  return REASONS[code] ?? 'Unknown';
}

/** Thrown by handlers; the server turns it into a Status response. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason: string = reasonFor(code),
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'KubeStatusError';
  }

  toStatus(): StatusBody {
    return failure(this.code, this.message, this.reason, this.details);
  }
}

export function failure(code: number, message: string, reason = reasonFor(code), details?: Record<string, unknown>): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export function success(code: number, details?: Record<string, unknown>): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code };
}

function detailsOf(r: ResourceType, name: string): Record<string, unknown> {
  return { name, ...(r.group ? { group: r.group } : {}), kind: r.plural };
}

export function notFound(r: ResourceType, name: string): KubeStatusError {
  return new KubeStatusError(404, `${qualifiedName(r)} "${name}" not found`, 'NotFound', detailsOf(r, name));
}

export function alreadyExists(r: ResourceType, name: string): KubeStatusError {
  return new KubeStatusError(409, `${qualifiedName(r)} "${name}" already exists`, 'AlreadyExists', detailsOf(r, name));
}

export function conflict(r: ResourceType, name: string): KubeStatusError {
  const message = `Operation cannot be fulfilled on ${qualifiedName(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
  return new KubeStatusError(409, message, 'Conflict', detailsOf(r, name));
}

export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError(400, message, 'BadRequest');
}

export function invalid(r: ResourceType, name: string, field: string, why: string): KubeStatusError {
  const details = { ...detailsOf(r, name), kind: r.kind, causes: [{ reason: 'FieldValueInvalid', message: why, field }] };
  return new KubeStatusError(422, `${r.kind} "${name}" is invalid: ${field}: ${why}`, 'Invalid', details);
}
