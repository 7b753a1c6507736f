// One-time PXE boot: PATCH the System's Boot override, guarded by If-Match when the BMC gives ETags.
import { BmcError, type BootMode, type CallContext } from '../types.js';
import type { RedfishClient } from './client.js';
import { asResource, child, etagOf, stringList } from './resource.js';
import { waitForTask } from './task.js';

const MODES: Record<BootMode, string> = { uefi: 'UEFI', legacy: 'Legacy' };

export async function setPxeOnce(client: RedfishClient, ctx: CallContext, systemPath: string, mode: BootMode | undefined): Promise<void> {
  // One retry on 412: the resource changed between our GET and PATCH, so fetch a fresh ETag.
  for (let attempt = 1; ; attempt++) {
    const current = await client.request(ctx, 'GET', systemPath);
    const boot = child(asResource(current.body, client.display, systemPath), 'Boot');
    if (boot === undefined) throw new BmcError('unsupported', `BMC ${client.display}: System ${systemPath} has no Boot property`);
    requireAllowed(client, systemPath, boot, 'BootSourceOverrideTarget', 'Pxe');
    const override: Record<string, string> = { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' };
    if (mode !== undefined) {
      requireAllowed(client, systemPath, boot, 'BootSourceOverrideMode', MODES[mode]);
      override['BootSourceOverrideMode'] = MODES[mode];
    }
    const etag = etagOf(current);
    const res = await client.request(ctx, 'PATCH', systemPath, {
      body: { Boot: override },
      headers: etag === undefined ? {} : { 'If-Match': etag },
      accept: [412],
    });
    if (res.status === 202) await waitForTask(client, ctx, res, 'Boot override PATCH');
    if (res.status !== 412) return;
    if (attempt === 2) {
      throw etag === undefined
        ? new BmcError('protocol', `BMC ${client.display} requires If-Match on PATCH ${systemPath} but gives no ETag`)
        : new BmcError('busy', `BMC ${client.display}: PATCH ${systemPath} failed twice with 412 Precondition Failed (System keeps changing)`);
    }
  }
}

function requireAllowed(client: RedfishClient, systemPath: string, boot: Record<string, unknown>, property: string, value: string): void {
  const allowed = stringList(boot[`${property}@Redfish.AllowableValues`]);
  if (allowed !== undefined && !allowed.includes(value)) {
    throw new BmcError('unsupported', `BMC ${client.display}: System ${systemPath} does not allow ${property} ${value} (allowed: ${allowed.join(', ') || 'none'})`);
  }
}
