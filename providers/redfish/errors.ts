// HTTP status → BmcError kind, with the BMC's own explanation (Redfish error object) in the message.
import { BmcError } from '../types.js';

/** The text of a Redfish error body: `error.message` and each `@Message.ExtendedInfo[].Message`. */
export function bmcMessage(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const parts: string[] = [];
  const { message } = error as { message?: unknown };
  if (typeof message === 'string' && message.trim() !== '') parts.push(message.trim());
  const info = (error as Record<string, unknown>)['@Message.ExtendedInfo'];
  if (Array.isArray(info)) {
    for (const item of info) {
      const text = (item as { Message?: unknown } | null)?.Message;
      if (typeof text === 'string' && text.trim() !== '' && !parts.includes(text.trim())) parts.push(text.trim());
    }
  }
  // Bounded: this ends up in logs and CA's errorInfo.
  return parts.length === 0 ? undefined : parts.join('; ').slice(0, 500);
}

export function statusError(display: string, method: string, path: string, status: number, body: unknown): BmcError {
  const said = bmcMessage(body);
  const where = `${method} ${path}: HTTP ${status}${said === undefined ? '' : `: ${said}`}`;
  if (status === 401 || status === 403) return new BmcError('auth', `credentials rejected by BMC ${display} (${where})`);
  if (status === 405 || status === 501) return new BmcError('unsupported', `BMC ${display} does not support ${where}`);
  if (status >= 500) return new BmcError('busy', `BMC ${display} is busy or failing (${where})`);
  return new BmcError('protocol', `BMC ${display} refused ${where}`);
}
