// Which System resource this endpoint drives: the URL's path, else the Systems collection.
import { BmcError, EndpointError, type CallContext } from '../types.js';
import type { RedfishClient } from './client.js';
import type { RedfishEndpoint } from './endpoint.js';
import { asResource, lastSegment, link } from './resource.js';

export const SERVICE_ROOT = '/redfish/v1';

export async function discoverSystem(client: RedfishClient, ctx: CallContext, ep: RedfishEndpoint): Promise<string> {
  if (ep.systemPath !== undefined) {
    const res = await client.request(ctx, 'GET', ep.systemPath, { accept: [404] });
    if (res.status !== 404) return ep.systemPath;
  }
  const wanted = ep.systemId ?? (ep.systemPath === undefined ? undefined : lastSegment(ep.systemPath));
  const members = await listSystems(client, ctx);
  if (wanted === undefined) {
    const [only, ...rest] = members;
    if (only !== undefined && rest.length === 0) return only;
    if (only === undefined) throw new BmcError('protocol', `BMC ${client.display} lists no Systems`);
    throw new EndpointError(
      `BMC ${client.display} has ${members.length} Systems (${members.join(', ')}); name one in the endpoint path or with ?systemId=`,
    );
  }
  // A System may be listed under another URL than the one configured (e.g. Systems/System.Embedded.1 with Id "1").
  const bySegment = members.find((m) => lastSegment(m) === wanted);
  if (bySegment !== undefined) return bySegment;
  for (const member of members) {
    const res = await client.request(ctx, 'GET', member);
    if (asResource(res.body, client.display, member)['Id'] === wanted) return member;
  }
  const asked = ep.systemPath ?? `systemId=${wanted}`;
  throw new EndpointError(`BMC ${client.display} has no System ${asked}; its Systems are: ${members.join(', ') || 'none'}`);
}

async function listSystems(client: RedfishClient, ctx: CallContext): Promise<string[]> {
  const root = asResource((await client.request(ctx, 'GET', SERVICE_ROOT)).body, client.display, SERVICE_ROOT);
  const systems = link(root, 'Systems');
  if (systems === undefined) throw new BmcError('unsupported', `BMC ${client.display}: service root ${SERVICE_ROOT} has no Systems link`);
  const collection = asResource((await client.request(ctx, 'GET', systems)).body, client.display, systems);
  const members = collection['Members'];
  if (!Array.isArray(members)) throw new BmcError('protocol', `BMC ${client.display}: ${systems} has no Members array`);
  return members.flatMap((m: unknown) => {
    const id = typeof m === 'object' && m !== null ? (m as Record<string, unknown>)['@odata.id'] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}
