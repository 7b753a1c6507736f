// Kubernetes API failures in words: client-node raises ApiException (typed calls, body = Status JSON
// text) or an Error with statusCode (watch requests); both become "CODE Reason: message".
import { ApiException } from '@kubernetes/client-node';

/** A call to the Kubernetes API failed; the message names the object and the server's answer. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
}

/** The HTTP status of a failed API call, or undefined for transport errors (refused, reset). */
export function httpStatus(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function describeKubeError(err: unknown): string {
  if (err instanceof ApiException) {
    const status = parseStatus(err.body);
    const reason = status?.reason ? ` ${status.reason}` : '';
    return `${err.code}${reason}: ${status?.message ?? String(err.body)}`;
  }
  const code = httpStatus(err);
  const text = err instanceof Error ? err.message : String(err);
  return code === undefined ? text : `${code} ${text}`;
}

function parseStatus(body: unknown): { reason?: string; message?: string } | undefined {
  if (typeof body === 'object' && body !== null) return body as { reason?: string; message?: string };
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as { reason?: string; message?: string };
  } catch {
    return undefined;
  }
}
