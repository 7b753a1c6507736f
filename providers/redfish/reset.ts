// ComputerSystem.Reset: where to POST and which ResetTypes the BMC allows (inline or via ActionInfo).
import { BmcError, type CallContext } from '../types.js';
import type { RedfishClient } from './client.js';
import { asResource, child, stringList } from './resource.js';
import { waitForTask } from './task.js';

export interface ResetAction {
  target: string;
  /** undefined when the BMC does not say; then the first preference is sent as is. */
  allowed: string[] | undefined;
}

export async function readResetAction(client: RedfishClient, ctx: CallContext, system: Record<string, unknown>, systemPath: string): Promise<ResetAction> {
  const action = child(child(system, 'Actions') ?? {}, '#ComputerSystem.Reset');
  const target = action?.['target'];
  if (action === undefined || typeof target !== 'string') {
    throw new BmcError('unsupported', `BMC ${client.display}: System ${systemPath} has no #ComputerSystem.Reset action`);
  }
  const inline = stringList(action['ResetType@Redfish.AllowableValues']);
  const infoPath = action['@Redfish.ActionInfo'];
  if (inline !== undefined || typeof infoPath !== 'string') return { target, allowed: inline };
  const info = asResource((await client.request(ctx, 'GET', infoPath)).body, client.display, infoPath);
  const params = Array.isArray(info['Parameters']) ? (info['Parameters'] as unknown[]) : [];
  const resetType = params.find((p) => (p as Record<string, unknown> | null)?.['Name'] === 'ResetType') as Record<string, unknown> | undefined;
  return { target, allowed: stringList(resetType?.['AllowableValues']) };
}

/** Sends the first of `preferences` the BMC allows; waits for a task if the BMC answers 202. */
export async function reset(client: RedfishClient, ctx: CallContext, action: ResetAction, preferences: readonly string[]): Promise<void> {
  const type = action.allowed === undefined ? preferences[0] : preferences.find((p) => action.allowed?.includes(p));
  if (type === undefined) {
    throw new BmcError(
      'unsupported',
      `BMC ${client.display} allows no ResetType of ${preferences.join('/')} (allowed: ${action.allowed?.join(', ') || 'none'})`,
    );
  }
  const res = await client.request(ctx, 'POST', action.target, { body: { ResetType: type } });
  if (res.status === 202) await waitForTask(client, ctx, res, `Reset ${type}`);
}
