// Redfish asynchronous operations: 202 Accepted + Location task monitor, polled until done.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { BmcError, type CallContext } from '../types.js';
import { pathOf, type RedfishClient } from './client.js';
import { stringList, type Resource } from './resource.js';

const RUNNING = new Set(['New', 'Starting', 'Running', 'Pending', 'Stopping', 'Suspended', 'Service', 'Cancelling']);
const FAILED = new Set(['Exception', 'Killed', 'Cancelled', 'Interrupted']);
const DEFAULT_POLL_MS = 1000;
/** Floor so that "Retry-After: 0" does not become a busy loop against a small BMC. */
const MIN_POLL_MS = 100;
const MAX_POLL_MS = 60_000;

/** Polls the monitor until the operation is done; `what` names the operation for messages. */
export async function waitForTask(
  client: RedfishClient,
  ctx: CallContext,
  accepted: { headers: IncomingHttpHeaders },
  what: string,
): Promise<void> {
  const location = accepted.headers['location'];
  if (location === undefined) return; // accepted without a monitor: nothing to wait on
  const monitor = pathOf(location);
  let delay = retryAfterMs(accepted.headers);
  for (;;) {
    try {
      await sleep(delay, undefined, { signal: ctx.signal });
    } catch (err) {
      throw new BmcError('timeout', `BMC ${client.display}: ${what} still running at the caller's deadline (task ${monitor})`, { cause: err });
    }
    const res = await client.request(ctx, 'GET', monitor, { accept: [202] });
    const task = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Resource;
    const state = typeof task['TaskState'] === 'string' ? task['TaskState'] : undefined;
    if (res.status === 202 || (state !== undefined && RUNNING.has(state))) {
      delay = retryAfterMs(res.headers);
      continue;
    }
    if ((state !== undefined && FAILED.has(state)) || task['TaskStatus'] === 'Critical') {
      throw new BmcError('busy', `BMC ${client.display}: ${what} failed (task ${monitor} ${state ?? 'Critical'}${taskMessages(task)})`);
    }
    return;
  }
}

function retryAfterMs(headers: IncomingHttpHeaders): number {
  const v = headers['retry-after'];
  if (v === undefined) return DEFAULT_POLL_MS;
  const ms = /^\d+$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, MIN_POLL_MS), MAX_POLL_MS) : DEFAULT_POLL_MS;
}

function taskMessages(task: Resource): string {
  const messages = Array.isArray(task['Messages']) ? task['Messages'] : [];
  const texts = stringList(messages.map((m: unknown) => (m as Resource | null)?.['Message'])) ?? [];
  return texts.length === 0 ? '' : `: ${texts.join('; ').slice(0, 500)}`;
}
