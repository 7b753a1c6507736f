// Redfish endpoint URLs: redfish[+https|+http]://host[:port][/redfish/v1/Systems/<id>][?options].
import { parseDuration } from '../../src/config/duration.js';
import { EndpointError, type BootMode } from '../types.js';

export type RedfishAuth = 'session' | 'basic' | 'auto';

export interface RedfishEndpoint {
  protocol: 'https' | 'http';
  /** Host for the socket: name, IPv4, or IPv6 without brackets. */
  host: string;
  port: number;
  /** System resource named by the URL path; undefined means discover (or use systemId). */
  systemPath: string | undefined;
  /** System id named by the `systemId` option; matched against the Systems collection. */
  systemId: string | undefined;
  /** Per-machine opt-out of certificate verification (HTTPS only). */
  insecureSkipVerify: boolean;
  /** Machine-level boot mode; wins over the group's mode. */
  bootMode: BootMode | undefined;
  auth: RedfishAuth;
  /** Per HTTP request. */
  timeoutMs: number;
}

const SCHEMES: Record<string, RedfishEndpoint['protocol']> = {
  redfish: 'https',
  'redfish+https': 'https',
  'redfish+http': 'http',
};

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 10 * 60_000;
const OPTIONS = ['insecureSkipVerify', 'bootMode', 'auth', 'timeout', 'systemId'] as const;
type OptionName = (typeof OPTIONS)[number];

export function parse(url: URL): RedfishEndpoint {
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const protocol = SCHEMES[scheme];
  if (!protocol) throw new EndpointError(`scheme "${scheme}" is not a Redfish scheme (use ${Object.keys(SCHEMES).join(', ')})`);
  if (url.hostname === '') throw new EndpointError(`Redfish endpoint ${display(url)} has no host`);
  if (url.hash !== '') throw new EndpointError(`Redfish endpoint ${display(url)} must not have a #fragment`);

  const opts = readOptions(url);
  const systemPath = parseSystemPath(url);
  if (systemPath !== undefined && opts.systemId !== undefined) {
    throw new EndpointError(`Redfish endpoint ${display(url)}: option systemId conflicts with the System path ${systemPath}; give one`);
  }
  const insecureSkipVerify = parseBool(url, 'insecureSkipVerify', opts.insecureSkipVerify);
  if (insecureSkipVerify && protocol === 'http') {
    throw new EndpointError(`Redfish endpoint ${display(url)}: option insecureSkipVerify applies to HTTPS only`);
  }
  return {
    protocol,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port),
    systemPath,
    systemId: opts.systemId === undefined ? undefined : parseSystemId(url, opts.systemId),
    insecureSkipVerify,
    bootMode: oneOf(url, 'bootMode', opts.bootMode, ['uefi', 'legacy'] as const),
    auth: oneOf(url, 'auth', opts.auth, ['session', 'basic', 'auto'] as const) ?? 'auto',
    timeoutMs: opts.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(url, opts.timeout),
  };
}

function readOptions(url: URL): Partial<Record<OptionName, string>> {
  const out: Partial<Record<OptionName, string>> = {};
  for (const [key, value] of url.searchParams) {
    if (!(OPTIONS as readonly string[]).includes(key)) {
      throw new EndpointError(`Redfish endpoint ${display(url)}: unknown option "${key}" (known: ${OPTIONS.join(', ')})`);
    }
    const name = key as OptionName;
    if (out[name] !== undefined) throw new EndpointError(`Redfish endpoint ${display(url)}: option ${name} given twice`);
    out[name] = value;
  }
  return out;
}

function parseSystemPath(url: URL): string | undefined {
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  if (path === '') return undefined;
  if (!/^\/redfish\/v1\/[^/]/.test(path) || path.includes('//')) {
    throw new EndpointError(`Redfish endpoint ${display(url)}: path "${url.pathname}" is not a Redfish System path like /redfish/v1/Systems/1`);
  }
  return path;
}

function parseSystemId(url: URL, value: string): string {
  if (value === '' || value.includes('/')) {
    throw new EndpointError(`Redfish endpoint ${display(url)}: option systemId=${JSON.stringify(value)} must be a non-empty id without "/"`);
  }
  return value;
}

function parseBool(url: URL, name: OptionName, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new EndpointError(`Redfish endpoint ${display(url)}: option ${name}=${JSON.stringify(value)} must be true or false`);
}

function oneOf<T extends string>(url: URL, name: OptionName, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EndpointError(`Redfish endpoint ${display(url)}: option ${name}=${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
}

/** Go-style duration as elsewhere in the config ("15s", "500ms", "1m30s"). */
function parseTimeout(url: URL, value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (err) {
    throw new EndpointError(`Redfish endpoint ${display(url)}: option timeout=${JSON.stringify(value)}: ${(err as Error).message}`, { cause: err });
  }
  if (ms < 1 || ms > MAX_TIMEOUT_MS) {
    throw new EndpointError(`Redfish endpoint ${display(url)}: option timeout=${JSON.stringify(value)} must be between 1ms and 10m`);
  }
  return ms;
}

/** The URL for messages, without userinfo (the registry rejects userinfo, but parse may be called directly). */
function display(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
