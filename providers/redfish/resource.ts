// Reading Redfish JSON resources defensively: a wrong shape is a protocol error naming where.
import { BmcError } from '../types.js';
import type { RedfishResponse } from './client.js';

export type Resource = Record<string, unknown>;

export function asResource(body: unknown, display: string, path: string): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BmcError('protocol', `BMC ${display} answered GET ${path} with ${body === undefined ? 'an empty body' : 'JSON that is not an object'}`);
  }
  return body as Resource;
}

/** A navigation link `{"@odata.id": "..."}` under `key`. */
export function link(res: Resource, key: string): string | undefined {
  const v = res[key];
  const id = typeof v === 'object' && v !== null ? (v as Resource)['@odata.id'] : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function child(res: Resource, key: string): Resource | undefined {
  const v = res[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Resource) : undefined;
}

export function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** ETag from the header, else the resource's `@odata.etag`. */
export function etagOf(res: RedfishResponse): string | undefined {
  if (res.etag !== undefined) return res.etag;
  const tag = (res.body as Resource | undefined)?.['@odata.etag'];
  return typeof tag === 'string' && tag !== '' ? tag : undefined;
}

export function lastSegment(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? '';
}
